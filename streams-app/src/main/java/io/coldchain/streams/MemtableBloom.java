package io.coldchain.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * Gives each RocksDB store's memtable a bloom filter of whole keys ({@code rocksdb.config.setter}), so a read of a key
 * the memtable does not hold costs a few bit tests instead of a search of its skip list.
 *
 * <p>Why: live, with a fleet far larger than the processors' read caches, most reads of a shipment's state miss the
 * memtable (written a few seconds ago, the shipment's previous state has been flushed since), and the search that finds
 * that out walks a skip list of up to 16 MB (Kafka Streams' write buffer) with a cache miss at nearly every step:
 * {@code InlineSkipList::FindGreaterOrEqual} under {@code RocksDB.get} was 9 % of the stream thread's wall time at
 * 65,000 shipments (docs/BENCHMARKS.md, "Lever 15"). RocksDB's own filter: {@code memtable_whole_key_filtering} with
 * a filter of {@value #BLOOM_SIZE_RATIO} of the write buffer (about 330 KB for Kafka Streams' 16 MB), built as keys
 * are written. It changes how fast a read is answered, never what: a false positive only searches as before.
 *
 * <p>Everything else keeps Kafka Streams' defaults, which its own setter applies before this one. A user's
 * {@code rocksdb.config.setter} override replaces this one.
 */
public final class MemtableBloom implements RocksDBConfigSetter {

    /** The filter's size as a share of the write buffer. */
    static final double BLOOM_SIZE_RATIO = 0.02;

    @Override
    public void setConfig(final String storeName, final Options options, final Map<String, Object> configs) {
        options.setMemtableWholeKeyFiltering(true);
        options.setMemtablePrefixBloomSizeRatio(BLOOM_SIZE_RATIO);
    }

    @Override
    public void close(final String storeName, final Options options) {
        // nothing allocated
    }
}
