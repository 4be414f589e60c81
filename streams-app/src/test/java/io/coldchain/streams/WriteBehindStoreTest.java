package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteBehindStoreTest {

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private KeyValueStore<String, String> below;
    private WriteBehindStore<String, String> store;

    @BeforeEach
    void openStores() {
        below = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("states"), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        store = new WriteBehindStore<>(below, 3);
        store.init(context.getStateStoreContext(), store);
    }

    @AfterEach
    void closeStores() {
        if (store.isOpen()) {
            store.close();
        }
    }

    @Test
    void shouldHoldWritesUntilTheCommitAndWriteOnlyTheLastValueOfEachKey() {
        store.put("S1", "first reading");
        store.put("S1", "second reading");
        store.put("S2", "first fix");

        assertThat(below.get("S1")).as("held until the commit").isNull();
        assertThat(store.get("S1")).as("read back from what is held").isEqualTo("second reading");

        store.flushCache(); // what Kafka Streams calls before it commits the task's transaction

        assertThat(below.get("S1")).isEqualTo("second reading");
        assertThat(below.get("S2")).isEqualTo("first fix");
        assertThat(store.writesHeld()).isEqualTo(3);
        assertThat(store.writesPassed()).as("one write per key").isEqualTo(2);
    }

    @Test
    void shouldWriteNothingForANewKeyDeletedBeforeTheCommit() {
        store.putNew("S1|08:00|a", "buffered reading");
        store.putNew("S1|08:01|b", "buffered reading");
        assertThat(store.get("S1|08:00|a")).isEqualTo("buffered reading");
        store.put("S1|08:00|a", null); // handed over before the commit
        store.delete("S1|08:01|b");

        store.flushCache();

        assertThat(store.writesPassed()).as("no record and no tombstone below").isZero();
        assertThat(store.writesDropped()).isEqualTo(2);
        assertThat(below.approximateNumEntries()).isZero();
    }

    @Test
    void shouldWriteANewKeyThatOutlivesTheCommitAndItsLaterDelete() {
        store.putNew("S1|08:00|a", "buffered reading");
        store.flushCache();
        assertThat(below.get("S1|08:00|a")).isEqualTo("buffered reading");

        store.delete("S1|08:00|a");
        store.flushCache();

        assertThat(below.get("S1|08:00|a")).as("written below before its delete: the delete must reach it too").isNull();
        assertThat(store.writesPassed()).isEqualTo(2);
        assertThat(store.writesDropped()).isZero();
    }

    @Test
    void shouldTreatANewPutOfAKeyWhoseDeleteIsStillHeldAsAnOrdinaryPut() {
        below.put("S1|08:00|a", "committed earlier");
        store.delete("S1|08:00|a"); // held: the store below still has it
        store.putNew("S1|08:00|a", "the same event again");
        store.delete("S1|08:00|a");

        store.flushCache();

        assertThat(below.get("S1|08:00|a")).as("the delete reaches the store below").isNull();
        assertThat(store.writesDropped()).isZero();
    }

    @Test
    void shouldFindItsLayerUnderTheWrappersAProcessorIsGiven() {
        final var wrapped = new org.apache.kafka.streams.state.internals.WrappedStateStore<KeyValueStore<String, String>,
                String, String>(store) { };
        assertThat(WriteBehindStore.<String, String>layerOf(wrapped)).isSameAs(store);
        assertThat(WriteBehindStore.<String, String>layerOf(below)).as("a store without the layer").isNull();
    }

    @Test
    void shouldWriteWhatItHoldsOnFlushAsOnCommit() {
        store.put("S1", "in transit");

        store.flush();

        assertThat(below.get("S1")).isEqualTo("in transit");
    }

    @Test
    void shouldHoldADeleteAndAnswerNullForItBeforeTheCommit() {
        below.put("S1", "committed earlier");

        final String before = store.delete("S1");

        assertThat(before).isEqualTo("committed earlier");
        assertThat(store.get("S1")).isNull();
        assertThat(below.get("S1")).as("still there until the commit").isEqualTo("committed earlier");
        store.flush();
        assertThat(below.get("S1")).isNull();
    }

    @Test
    void shouldTreatPuttingNullAsDeleting() {
        below.put("S1", "committed earlier");

        store.put("S1", null);
        store.flush();

        assertThat(below.get("S1")).isNull();
    }

    @Test
    void shouldKeepTheValueOfAKeyThatWasPutAfterItWasDeleted() {
        store.put("S1", "old");
        store.delete("S1");
        store.put("S1", "new");
        store.flush();

        assertThat(below.get("S1")).isEqualTo("new");
    }

    @Test
    void shouldPutIfAbsentAgainstWhatItHolds() {
        store.put("S1", "held");

        assertThat(store.putIfAbsent("S1", "other")).isEqualTo("held");
        assertThat(store.putIfAbsent("S2", "new")).isNull();
        store.flush();

        assertThat(below.get("S1")).isEqualTo("held");
        assertThat(below.get("S2")).isEqualTo("new");
    }

    @Test
    void shouldScanWhatItHoldsTogetherWithWhatIsBelow() {
        below.put("A", "committed");
        below.put("B", "to be deleted");
        store.put("C", "held");
        store.delete("B");

        assertThat(contents(store.all())).containsExactly(KeyValue.pair("A", "committed"), KeyValue.pair("C", "held"));
        assertThat(contents(store.range("B", "C"))).containsExactly(KeyValue.pair("C", "held"));
        assertThat(contents(store.reverseAll())).containsExactly(KeyValue.pair("C", "held"), KeyValue.pair("A", "committed"));
    }

    @Test
    void shouldShowAnotherThreadOnlyWhatWasCommittedAndNeverWriteForIt() throws Exception {
        below.put("S1", "committed");
        store.put("S1", "held");
        store.put("S2", "held too");
        final List<Object> seen = new ArrayList<>();

        // An interactive query (the query API, the console) runs on a thread of its own.
        final Thread query = new Thread(() -> {
            seen.add(store.get("S1"));
            seen.add(store.get("S2"));
            seen.add(contents(store.all()));
        });
        query.start();
        query.join();

        assertThat(seen).containsExactly("committed", null, List.of(KeyValue.pair("S1", "committed")));
        assertThat(store.writesPassed()).as("the query wrote nothing").isZero();
        assertThat(store.get("S1")).as("the writer still reads its own writes").isEqualTo("held");
    }

    @Test
    void shouldWriteAtOnceWhenItHoldsMoreKeysThanItsLimit() {
        store.put("S1", "a");
        store.put("S2", "b");
        store.put("S3", "c");
        assertThat(below.get("S1")).as("three keys: at the limit").isNull();

        store.put("S4", "d");

        assertThat(below.get("S1")).isEqualTo("a");
        assertThat(below.get("S4")).isEqualTo("d");
    }

    @Test
    void shouldWriteWhatItStillHoldsAtTheCheckpointRatherThanLoseIt() {
        store.put("S1", "in transit");

        store.commit(java.util.Map.of());

        assertThat(below.get("S1")).isEqualTo("in transit");
    }

    @Test
    void shouldDropWhatItHoldsWhenItsCacheIsCleared() {
        store.put("S1", "never committed");

        store.clearCache();
        store.flushCache();

        assertThat(below.get("S1")).isNull();
        assertThat(store.get("S1")).isNull();
    }

    @Test
    void shouldDropWhatItHoldsWhenClosedWithoutACommit() {
        // A task closed dirty (a crash, a fenced producer) must not write: its transaction is aborted and its stores
        // are restored from the changelog.
        store.put("S1", "never committed");

        store.close();

        assertThat(below.isOpen()).as("the store below is closed too").isFalse();
        assertThat(store.writesPassed()).as("nothing reached the store below").isZero();
    }

    @Test
    void shouldWrapTheStoreAnotherBuilderBuilds() {
        final KeyValueStore<String, String> built = WriteBehindStore.around(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("wrapped"), Serdes.String(), Serdes.String())).withLoggingDisabled().build();

        assertThat(built).isInstanceOf(WriteBehindStore.class);
        assertThat(built.name()).isEqualTo("wrapped");
        assertThat(built.persistent()).isFalse();
    }

    private static List<KeyValue<String, String>> contents(final KeyValueIterator<String, String> it) {
        final List<KeyValue<String, String>> all = new ArrayList<>();
        try (it) {
            it.forEachRemaining(all::add);
        }
        return all;
    }
}
