package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.rules.serial.Declaration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
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

/**
 * Each serial's waiting inputs as one value: taken in the order they apply whatever order they arrived in, the
 * overflow beyond what a value holds merged back in, and what the buffer of an earlier release left carried over.
 */
class SerialBufferTest {

    private static final long AT = 1_800_000_000_000L;

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private KeyValueStore<String, SerialPending> pending;
    private KeyValueStore<Bytes, SerialInput> overflow;
    private KeyValueStore<String, Long> legacyTimes;

    @BeforeEach
    void openStores() {
        pending = open(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("pending"), Serdes.String(),
                new StateSerde<>(SerialPending.class)).withLoggingDisabled().build());
        overflow = open(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("overflow"), Serdes.Bytes(),
                new StateSerde<>(SerialInput.class)).withLoggingDisabled().build());
        legacyTimes = open(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("times"), Serdes.String(),
                Serdes.Long()).withLoggingDisabled().build());
    }

    private <K, V> KeyValueStore<K, V> open(final KeyValueStore<K, V> store) {
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    @AfterEach
    void closeStores() {
        pending.close();
        overflow.close();
        legacyTimes.close();
    }

    /** A distinguishable input: a declaration by shipment {@code id} at {@code order}. */
    private static SerialInput input(final String id, final long order) {
        return SerialInput.declared(new Declaration(id, null, null, true, order));
    }

    private static List<String> ids(final List<SerialInput> inputs) {
        return inputs.stream().map(input -> input.declaration().shipmentId()).toList();
    }

    @Test
    void shouldTakeASerialsInputsInTheOrderTheyApplyTiesInArrivalOrder() {
        final SerialBuffer buffer = new SerialBuffer(pending, overflow);
        buffer.put("S1", AT);
        buffer.add("S1", 300, 0, input("late-scan", 300));
        buffer.add("S1", 100, 1, input("plan", 100));
        buffer.add("S1", 300, 2, input("tie-second", 300));
        buffer.add("S1", 200, 3, input("middle", 200));
        buffer.put("S2", AT + 5);
        buffer.add("S2", 50, 4, input("other-serial", 50));

        assertThat(ids(buffer.take("S1"))).containsExactly("plan", "middle", "late-scan", "tie-second");
        assertThat(buffer.get("S1")).as("the settle time stays until the value goes").isEqualTo(AT);
        buffer.delete("S1");
        assertThat(buffer.get("S1")).isNull();
        assertThat(buffer.take("S1")).isEmpty();
        assertThat(ids(buffer.take("S2"))).containsExactly("other-serial");
    }

    @Test
    void shouldReplaceAnInputOfTheSameOrderAndArrivalAsAKeyOfTheOverflowStoreWould() {
        final SerialBuffer buffer = new SerialBuffer(pending, overflow);
        buffer.put("S1", AT);
        buffer.add("S1", 100, 7, input("first-delivery", 100));
        buffer.add("S1", 100, 7, input("same-record-again", 100));

        assertThat(ids(buffer.take("S1"))).containsExactly("same-record-again");
    }

    @Test
    void shouldRefuseAnInputBeforeItsSettleTime() {
        final SerialBuffer buffer = new SerialBuffer(pending, overflow);

        assertThatThrownBy(() -> buffer.add("S1", 1, 1, input("x", 1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("S1");
    }

    @Test
    void shouldHoldAtMostSoManyInputsInAValueAndMergeTheOverflowBackInOrder() {
        final SerialBuffer buffer = new SerialBuffer(pending, overflow);
        final Random random = new Random(18);
        final int count = SerialBuffer.HELD_INPUTS * 3 + 5;
        final List<long[]> arrivals = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            arrivals.add(new long[] {random.nextInt(40), i}); // orders repeat: ties go by arrival
        }
        Collections.shuffle(arrivals, random);
        buffer.put("S1", AT);
        buffer.put("S2", AT);
        for (final long[] arrival : arrivals) {
            buffer.add("S1", arrival[0], arrival[1], input("S1/" + arrival[0] + "/" + arrival[1], arrival[0]));
        }
        buffer.add("S2", 5, count, input("S2-only", 5));

        assertThat(pending.get("S1").inputs()).hasSize(SerialBuffer.HELD_INPUTS);
        assertThat(pending.get("S1").overflow()).isTrue();
        assertThat(overflow.approximateNumEntries()).isEqualTo(count - SerialBuffer.HELD_INPUTS);
        final List<String> expected = arrivals.stream()
                .sorted(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]))
                .map(a -> "S1/" + a[0] + "/" + a[1]).toList();
        assertThat(ids(buffer.take("S1"))).containsExactlyElementsOf(expected);
        assertThat(overflow.approximateNumEntries()).as("the overflow is deleted as it is taken").isZero();
        assertThat(ids(buffer.take("S2"))).containsExactly("S2-only");
    }

    @Test
    void shouldCarryOverWhatTheBufferOfAnEarlierReleaseLeft() {
        // An earlier release: every input an entry of the buffer, the settle times in a store of their own; one serial
        // buffered before the settle times existed has none.
        overflow.put(SerialBuffer.key("TIMED", 200, 11), input("timed-scan", 200));
        overflow.put(SerialBuffer.key("TIMED", 100, 12), input("timed-plan", 100));
        legacyTimes.put("TIMED", AT + 3_000);
        overflow.put(SerialBuffer.key("UNTIMED", 10, 13), input("untimed", 10));
        legacyTimes.put("NO-INPUTS", AT + 4_000); // waiting for other shipments' plans, inputs already applied
        final SerialBuffer buffer = new SerialBuffer(pending, overflow);

        assertThat(buffer.carryOver(legacyTimes, AT + 60_000)).isEqualTo(3);

        assertThat(buffer.get("TIMED")).isEqualTo(AT + 3_000);
        assertThat(buffer.get("UNTIMED")).as("no time: the wait after the start").isEqualTo(AT + 60_000);
        assertThat(buffer.get("NO-INPUTS")).isEqualTo(AT + 4_000);
        try (KeyValueIterator<String, Long> times = legacyTimes.all()) {
            assertThat(times.hasNext()).as("the old times are carried over once").isFalse();
        }
        try (KeyValueIterator<String, Long> times = buffer.from(null)) {
            final List<KeyValue<String, Long>> all = new ArrayList<>();
            times.forEachRemaining(all::add);
            assertThat(all).containsExactly(KeyValue.pair("NO-INPUTS", AT + 4_000), KeyValue.pair("TIMED", AT + 3_000),
                    KeyValue.pair("UNTIMED", AT + 60_000));
        }
        buffer.add("TIMED", 150, 20, input("new-since", 150));
        assertThat(ids(buffer.take("TIMED"))).containsExactly("timed-plan", "new-since", "timed-scan");
        assertThat(ids(buffer.take("UNTIMED"))).containsExactly("untimed");
        assertThat(buffer.take("NO-INPUTS")).isEmpty();

        final SerialBuffer again = new SerialBuffer(pending, overflow);
        assertThat(again.carryOver(legacyTimes, AT + 90_000)).as("a second start finds nothing to carry over")
                .isZero();
        assertThat(again.get("UNTIMED")).isEqualTo(AT + 60_000);
    }
}
