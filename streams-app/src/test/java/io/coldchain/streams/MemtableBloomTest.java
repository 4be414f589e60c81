package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** {@link MemtableBloom}: the options it sets, and a RocksDB opened with them answering as without. */
class MemtableBloomTest {

    @TempDir
    Path dir;

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldFilterWholeKeysInTheMemtableAndAnswerEveryReadAsWithout() throws Exception {
        RocksDB.loadLibrary();
        try (Options options = new Options().setCreateIfMissing(true)) {
            assertThat(options.memtableWholeKeyFiltering()).isFalse();
            assertThat(options.memtablePrefixBloomSizeRatio()).isZero();

            new MemtableBloom().setConfig("route-state-store", options, Map.of());

            assertThat(options.memtableWholeKeyFiltering()).isTrue();
            assertThat(options.memtablePrefixBloomSizeRatio()).isEqualTo(MemtableBloom.BLOOM_SIZE_RATIO);
            try (RocksDB db = RocksDB.open(options, dir.toString())) {
                for (int i = 0; i < 20_000; i += 2) {
                    db.put(bytes("SHP-" + i), bytes("state-" + i));
                }
                for (int i = 0; i < 20_000; i++) {
                    final byte[] value = db.get(bytes("SHP-" + i));
                    if (i % 2 == 0) {
                        assertThat(value).as("SHP-%d", i).isEqualTo(bytes("state-" + i));
                    } else {
                        assertThat(value).as("SHP-%d", i).isNull();
                    }
                }
            }
        }
    }
}
