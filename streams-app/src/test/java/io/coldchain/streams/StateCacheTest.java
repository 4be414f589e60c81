package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StateCacheTest {

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private KeyValueStore<String, String> store;

    @BeforeEach
    void openStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("states"), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void shouldWriteThroughToTheStoreAndAnswerTheNextReadFromMemory() {
        final StateCache<String, String> cache = new StateCache<>(store, 8);

        cache.put("S1", "in transit");

        assertThat(store.get("S1")).isEqualTo("in transit");
        assertThat(cache.get("S1")).isEqualTo("in transit");
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isZero();
    }

    @Test
    void shouldReadTheStoreOnceForAValueItDidNotWrite() {
        store.put("S1", "restored from the changelog");
        final StateCache<String, String> cache = new StateCache<>(store, 8);

        assertThat(cache.get("S1")).isEqualTo("restored from the changelog");
        assertThat(cache.get("S1")).isEqualTo("restored from the changelog");

        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void shouldRememberThatAKeyHasNoValue() {
        final StateCache<String, String> cache = new StateCache<>(store, 8);

        assertThat(cache.get("new shipment")).isNull();
        assertThat(cache.get("new shipment")).isNull();

        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void shouldDeleteFromTheStoreAndAnswerNullAfterwards() {
        final StateCache<String, String> cache = new StateCache<>(store, 8);
        cache.put("S1", "delivered");

        cache.delete("S1");

        assertThat(store.get("S1")).isNull();
        assertThat(cache.get("S1")).isNull();
        assertThat(cache.misses()).isZero();
    }

    @Test
    void shouldTreatPuttingNullAsDeleting() {
        final StateCache<String, String> cache = new StateCache<>(store, 8);
        cache.put("S1", "in transit");

        cache.put("S1", null);

        assertThat(store.get("S1")).isNull();
        assertThat(cache.get("S1")).isNull();
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedKeyBeyondItsCapacity() {
        final StateCache<String, String> cache = new StateCache<>(store, 2);
        cache.put("S1", "a");
        cache.put("S2", "b");
        cache.get("S1"); // S2 is now the least recently used
        cache.put("S3", "c");

        assertThat(cache.get("S1")).isEqualTo("a");
        assertThat(cache.get("S3")).isEqualTo("c");
        assertThat(cache.misses()).as("S1 and S3 still cached").isZero();
        assertThat(cache.get("S2")).as("evicted, read back from the store").isEqualTo("b");
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void shouldReadTheStoreAgainForAForgottenKey() {
        final StateCache<String, String> cache = new StateCache<>(store, 8);
        cache.put("S1", "written");
        store.put("S1", "what the store holds");

        cache.forget("S1");

        assertThat(cache.get("S1")).isEqualTo("what the store holds");
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void shouldRefuseACapacityBelowOne() {
        assertThatThrownBy(() -> new StateCache<>(store, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
    }

    @Test
    void shouldTakeTheShipmentsCapacityFromTheApplicationConfigurationOrElseTheDefault() {
        assertThat(StateCache.shipmentsCapacity(Map.of())).isEqualTo(StateCache.DEFAULT_SHIPMENTS);
        assertThat(StateCache.shipmentsCapacity(Map.of(StateCache.SHIPMENTS_CONFIG, " 65536 "))).isEqualTo(65_536);
        assertThat(StateCache.shipmentsCapacity(Map.of(StateCache.SHIPMENTS_CONFIG, 8_192))).isEqualTo(8_192);
        assertThatThrownBy(() -> StateCache.shipmentsCapacity(Map.of(StateCache.SHIPMENTS_CONFIG, "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(StateCache.SHIPMENTS_CONFIG);
        assertThatThrownBy(() -> StateCache.shipmentsCapacity(Map.of(StateCache.SHIPMENTS_CONFIG, "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    @Test
    void shouldCountItsReadsAsMetricsAndReplaceTheSensorOfAProcessorThatNeverClosed() {
        final StateCache<String, String> first = new StateCache<>(store, 8);
        TaskSensors.cacheReads(context, "detect", "states", first);
        first.get("S1");
        first.get("S1");
        assertThat(reads("hit")).isEqualTo(1.0);
        assertThat(reads("miss")).isEqualTo(1.0);

        // An init that failed after making its sensor, then the task made again on the same thread: no close between.
        final StateCache<String, String> second = new StateCache<>(store, 8);
        TaskSensors.cacheReads(context, "detect", "states", second);
        second.get("S2");

        assertThat(reads("miss")).as("the new cache's reads, not frozen at the first's").isEqualTo(1.0);
        assertThat(reads("hit")).isZero();
    }

    private double reads(final String outcome) {
        return context.metrics().metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(TaskSensors.STATE_CACHE_GROUP))
                .filter(e -> e.getKey().name().equals(TaskSensors.STATE_CACHE_READS + "-total"))
                .filter(e -> outcome.equals(e.getKey().tags().get("outcome")))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }
}
