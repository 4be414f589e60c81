package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SettleIndexTest {

    private static final long START = 1_800_000_000_000L;
    private static final long QUIET = 60_000;

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private KeyValueStore<String, SerialPending> pending;
    private KeyValueStore<Bytes, SerialInput> overflow;
    /** The times as the serial checks keep them: in each serial's value of waiting inputs. */
    private SerialBuffer times;
    private KeyValueStore<Bytes, byte[]> index;

    @BeforeEach
    void openStores() {
        pending = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("pending"), Serdes.String(),
                new StateSerde<>(SerialPending.class)).withLoggingDisabled().build();
        pending.init(context.getStateStoreContext(), pending);
        overflow = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("overflow"), Serdes.Bytes(),
                new StateSerde<>(SerialInput.class)).withLoggingDisabled().build();
        overflow.init(context.getStateStoreContext(), overflow);
        times = new SerialBuffer(pending, overflow);
        index = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("index"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        index.init(context.getStateStoreContext(), index);
    }

    /** The index as the processor starts it: constructed, then caught up (in one go: no budget). */
    private SettleIndex started(final long at, final long quiet) {
        final SettleIndex settle = new SettleIndex(times, index, at, quiet);
        assertThat(settle.catchUp(() -> false)).isTrue();
        return settle;
    }

    @AfterEach
    void closeStores() {
        pending.close();
        overflow.close();
        index.close();
    }

    @Test
    void shouldListSerialsOnceTheirTimeHasComeEarliestFirst() {
        final SettleIndex settle = started(START, QUIET);
        settle.arrived("S2", START + 10_000);
        settle.arrived("S1", START + 12_000);
        settle.arrived("S3", START + 11_000);

        assertThat(settle.settledBy(START + 9_999, 100)).isEmpty();
        assertThat(settle.settledBy(START + 11_000, 100)).containsExactly("S2", "S3");
        assertThat(settle.settling("S1")).isTrue();
        assertThat(settle.settling("S9")).isFalse();
    }

    @Test
    void shouldKeepTheLaterTimeWhenAnotherInputArrivesAndForgetTheEarlierEntry() {
        final SettleIndex settle = started(START, QUIET);
        settle.arrived("S1", START + 10_000);
        settle.arrived("S1", START + 15_000);
        settle.arrived("S1", START + 12_000); // earlier than what it already waits for: no change

        assertThat(settle.settledBy(START + 14_000, 100)).as("the earlier time no longer holds").isEmpty();
        assertThat(entries()).as("the stale entry was deleted on the way").hasSize(1);
        assertThat(settle.settledBy(START + 15_000, 100)).containsExactly("S1");
    }

    @Test
    void shouldListAtMostTheBatchAndTheRestOnceTheFirstAreApplied() {
        final SettleIndex settle = started(START, QUIET);
        for (int i = 0; i < 5; i++) {
            settle.arrived("S" + i, START + 1_000 + i);
        }

        final List<String> first = settle.settledBy(START + 10_000, 2);
        assertThat(first).containsExactly("S0", "S1");
        assertThat(settle.settledBy(START + 10_000, 2)).as("listed until applied").containsExactly("S0", "S1");
        first.forEach(settle::applied);

        assertThat(settle.settledBy(START + 10_000, 2)).containsExactly("S2", "S3");
        assertThat(settle.settling("S0")).isFalse();
        assertThat(times.get("S0")).isNull();
    }

    @Test
    void shouldHoldEverySerialForTheQuietAfterAStartWithSerialsWaitingAndThenKeepTheirOrder() {
        final SettleIndex before = started(START, QUIET);
        before.arrived("OLD", START + 10_000);
        before.arrived("OLD-AGAIN", START + 10_000);

        final long restart = START + 20_000;
        final SettleIndex after = started(restart, QUIET);
        after.arrived("NEW", restart + 10_000);
        after.arrived("OLD-AGAIN", restart + 10_000);

        assertThat(after.settledBy(restart + 10_000, 100)).as("before the quiet after the start").isEmpty();
        assertThat(after.settledBy(restart + QUIET - 1, 100)).isEmpty();
        assertThat(after.settledBy(restart + QUIET, 100)).containsExactly("OLD", "NEW", "OLD-AGAIN");
        assertThat(times.get("OLD-AGAIN")).as("the longer wait holds for a serial that was waiting")
                .isEqualTo(restart + QUIET);
    }

    @Test
    void shouldListEveryWaitingSerialWhenTheStreamIsQuiet() {
        final SettleIndex before = started(START, QUIET);
        before.arrived("OLD", START + 10_000);
        final SettleIndex after = started(START + 20_000, QUIET);
        after.arrived("NEW", START + 90_000);

        assertThat(after.settledBy(Long.MAX_VALUE, 100)).containsExactly("OLD", "NEW");
    }

    @Test
    void shouldListSerialsThatArriveAfterTheStreamWasQuiet() {
        final SettleIndex settle = started(START, QUIET);
        assertThat(settle.settledBy(Long.MAX_VALUE, 100)).as("quiet, nothing waiting").isEmpty();

        settle.arrived("S1", START + 70_000);

        assertThat(settle.settledBy(START + 80_000, 100)).containsExactly("S1");
    }

    @Test
    void shouldSettleASerialAgainWhenItIsPutBackAfterItsInputsWereApplied() {
        final SettleIndex settle = started(START, QUIET);
        settle.arrived("S1", START + 10_000);
        assertThat(settle.settledBy(START + 10_000, 100)).containsExactly("S1");
        settle.applied("S1");
        assertThat(settle.settledBy(START + 11_000, 100)).as("applied; the floor moves past what was read").isEmpty();

        settle.arrived("S1", START + 60_000); // back: a pending sighting waits for other shipments' plans
        settle.arrived("S1", START + 30_000); // another input of it meanwhile: applied with the later time
        assertThat(settle.settling("S1")).isTrue();
        assertThat(settle.settledBy(START + 59_999, 100)).isEmpty();
        assertThat(settle.settledBy(Long.MAX_VALUE, 100)).as("the quiet judgement lists it").containsExactly("S1");
        assertThat(settle.settledBy(START + 60_000, 100)).as("the quiet judgement left the floor").containsExactly("S1");
    }

    @Test
    void shouldHoldASerialPutBackBeforeARestartUntilItsTimeAndTheQuietAfterTheStart() {
        final SettleIndex before = started(START, QUIET);
        before.arrived("S1", START + 10_000);
        before.settledBy(START + 10_000, 100).forEach(before::applied);
        before.arrived("S1", START + 60_000);

        final long restart = START + 30_000;
        final SettleIndex after = started(restart, QUIET);
        assertThat(after.settling("S1")).as("the wait survives the restart").isTrue();
        assertThat(after.settledBy(START + 60_000, 100)).as("its time, but within the quiet after the start").isEmpty();
        assertThat(after.settledBy(restart + QUIET - 1, 100)).isEmpty();
        assertThat(after.settledBy(restart + QUIET, 100)).containsExactly("S1");
    }

    @Test
    void shouldCatchUpWithTheSettleTimesAfterAStartAndListNothingBefore() {
        // The index has no changelog: after a crash or a move it starts empty or with an old copy, stale entries and
        // entries of serials applied since included. Only the times count.
        times.put("S1", START + 5_000);
        times.put("S2", START + 3_000);
        index.put(SettleIndex.key(START + 1_000, "S9"), new byte[0]); // applied since: not in the times
        index.put(SettleIndex.key(START + 2_000, "S1"), new byte[0]); // stale: S1's time moved on
        index.put(SettleIndex.key(START + 99_000, "S8"), new byte[0]); // applied since, later than all

        final long restart = START + 10_000;
        final SettleIndex after = new SettleIndex(times, index, restart, QUIET);
        assertThat(after.settledBy(Long.MAX_VALUE, 100)).as("not caught up: nothing settles, not even when quiet")
                .isEmpty();
        assertThat(after.catchUp(() -> false)).isTrue();

        assertThat(after.settledBy(restart + QUIET - 1, 100)).as("waiting before the start: the quiet after it")
                .isEmpty();
        after.arrived("NEW", START + 6_000);
        assertThat(after.settledBy(START + 6_000, 100)).as("and so does a serial new since the start").isEmpty();
        assertThat(after.settledBy(restart + QUIET, 100)).containsExactly("S2", "S1", "NEW");
        assertThat(entries()).as("the stale entries before the settled ones were deleted on the way")
                .extracting(e -> SettleIndex.serialOf(e.key)).containsExactly("S2", "S1", "NEW", "S8");
        assertThat(after.settledBy(START + 99_000, 100)).containsExactly("S2", "S1", "NEW");
        assertThat(entries()).extracting(e -> SettleIndex.serialOf(e.key)).containsExactly("S2", "S1", "NEW");
    }

    @Test
    void shouldCatchUpAsFarAsTheBudgetGoesAndOnFromThereAtTheNextCall() {
        for (int i = 0; i < 1_234; i++) {
            times.put(String.format("S%05d", i), START + i);
        }
        final SettleIndex after = new SettleIndex(times, index, START + 10_000, QUIET);

        int calls = 1;
        while (!after.catchUp(() -> true)) {
            assertThat(after.settledBy(Long.MAX_VALUE, 10)).as("nothing settles before the index is complete")
                    .isEmpty();
            calls++;
        }

        assertThat(calls).as("one serial per call when the budget is spent at once").isEqualTo(1_234);
        assertThat(entries()).hasSize(1_234);
        assertThat(after.settledBy(START + 10_000 + QUIET, 2_000)).hasSize(1_234).startsWith("S00000", "S00001");
    }

    @Test
    void shouldNeedNoCatchUpAndDeleteAnOldCopysEntriesWhenNothingIsWaiting() {
        for (int i = 0; i < 2_500; i++) {
            index.put(SettleIndex.key(START + i, "S" + i), new byte[0]);
        }
        final SettleIndex after = new SettleIndex(times, index, START, QUIET);

        assertThat(after.isEmpty()).isTrue();
        assertThat(after.catchUp(() -> true)).isTrue();
        after.arrived("NEW", START + 10_000);
        assertThat(after.settledBy(START + 10_000, 100)).as("nothing was waiting: no quiet after the start")
                .containsExactly("NEW");
        assertThat(entries()).extracting(e -> SettleIndex.serialOf(e.key)).containsExactly("NEW");
    }

    @Test
    void shouldStartEachReadAtTheFirstSerialStillWaitingNotAtTheDeletionMarkersBeforeIt() {
        // A replay settles serials faster than the checks apply them: every read of a pass found serials due, and each
        // began at the same old floor, stepping over the deletion markers of every serial applied since (RocksDB keeps
        // them until a compaction), more at every read.
        final List<Bytes> readsFrom = new ArrayList<>();
        final SettleIndex settle = new SettleIndex(times, recordingReads(index, readsFrom), START, QUIET);
        assertThat(settle.catchUp(() -> false)).isTrue();
        for (int i = 0; i < 6; i++) {
            settle.arrived("S" + i, START + 1_000 + i);
        }

        for (int read = 0; read < 3; read++) {
            final List<String> due = settle.settledBy(START + 10_000, 2);
            assertThat(due).as("read %d", read).containsExactly("S" + 2 * read, "S" + (2 * read + 1));
            due.forEach(settle::applied);
        }

        assertThat(readsFrom).extracting(SettleIndex::timeOf)
                .as("each read from the first serial the one before it listed: what came before is applied")
                .containsExactly(Long.MIN_VALUE, START + 1_000, START + 1_002);
        assertThat(settle.settledBy(START + 10_000, 2)).isEmpty();
        assertThat(SettleIndex.timeOf(readsFrom.get(3))).isEqualTo(START + 1_004);
        settle.arrived("S9", START + 20_000);
        assertThat(settle.settledBy(START + 20_000, 2)).containsExactly("S9");
        assertThat(SettleIndex.timeOf(readsFrom.get(4))).as("nothing was left before the end of the last read")
                .isEqualTo(START + 10_001);
    }

    @Test
    void shouldListASerialWhoseTimeIsBelowWhereTheReadsStartWhenTheWallClockWasSetBack() {
        final SettleIndex settle = started(START, QUIET);
        settle.arrived("S1", START + QUIET + 10_000);
        settle.settledBy(START + QUIET + 10_000, 100).forEach(settle::applied);
        assertThat(settle.settledBy(START + QUIET + 30_000, 100)).isEmpty();

        settle.arrived("S2", START + QUIET + 15_000); // the wall clock went back 25 s between two arrivals

        assertThat(settle.settledBy(START + QUIET + 16_000, 100)).containsExactly("S2");
    }

    /** {@code store}, recording where each range read starts. */
    @SuppressWarnings("unchecked")
    private static KeyValueStore<Bytes, byte[]> recordingReads(final KeyValueStore<Bytes, byte[]> store,
                                                               final List<Bytes> readsFrom) {
        return (KeyValueStore<Bytes, byte[]>) Proxy.newProxyInstance(SettleIndexTest.class.getClassLoader(),
                new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("range")) {
                        readsFrom.add((Bytes) args[0]);
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void shouldBeEmptyOnlyWithNothingWaiting() {
        final SettleIndex settle = started(START, QUIET);
        assertThat(settle.isEmpty()).isTrue();

        settle.arrived("S1", START);
        assertThat(settle.isEmpty()).isFalse();

        settle.applied("S1");
        assertThat(settle.isEmpty()).isTrue();
    }

    private List<KeyValue<Bytes, byte[]>> entries() {
        final List<KeyValue<Bytes, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = index.all()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }
}
