package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;

/** {@link MemtableBloom}: the options it sets, through Kafka Streams' own RocksDB store and options adapter. */
class MemtableBloomTest {

    @TempDir
    Path dir;

    /** {@link MemtableBloom}, then what the options Kafka Streams passed say afterwards. */
    public static final class Recording implements RocksDBConfigSetter {
        static volatile boolean wholeKeyFiltering;
        static volatile double bloomSizeRatio;
        private final MemtableBloom bloom = new MemtableBloom();

        @Override
        public void setConfig(final String storeName, final Options options, final Map<String, Object> configs) {
            bloom.setConfig(storeName, options, configs);
            wholeKeyFiltering = options.memtableWholeKeyFiltering();
            bloomSizeRatio = options.memtablePrefixBloomSizeRatio();
        }

        @Override
        public void close(final String storeName, final Options options) {
            bloom.close(storeName, options);
        }
    }

    @Test
    void shouldReachTheStoresMemtableOptionsThroughKafkaStreamsAdapterAndAnswerReadsAsWithout() {
        final Properties config = new Properties();
        config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, Recording.class.getName());
        final MockProcessorContext<Object, Object> context = new MockProcessorContext<>(config, new TaskId(0, 0),
                dir.toFile());
        Recording.wholeKeyFiltering = false;
        Recording.bloomSizeRatio = 0;
        final KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore("route-state-store"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().withCachingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        try {
            // Kafka Streams hands the setter an adapter over its column family options: the getters read them back.
            assertThat(Recording.wholeKeyFiltering).isTrue();
            assertThat(Recording.bloomSizeRatio).isEqualTo(MemtableBloom.BLOOM_SIZE_RATIO);
            for (int i = 0; i < 20_000; i += 2) {
                store.put(key("SHP-" + i), ("state-" + i).getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < 20_000; i++) {
                final byte[] value = store.get(key("SHP-" + i));
                if (i % 2 == 0) {
                    assertThat(value).as("SHP-%d", i).isEqualTo(("state-" + i).getBytes(StandardCharsets.UTF_8));
                } else {
                    assertThat(value).as("SHP-%d", i).isNull();
                }
            }
        } finally {
            store.close();
        }
    }

    private static Bytes key(final String text) {
        return Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
