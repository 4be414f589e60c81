package io.coldchain.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The access pattern of the detectors' reorder buffers ({@code ReorderingDetectorProcessor}) on RocksDB, the
 * store Kafka Streams gives them: every event is put under a key that starts with its big-endian event time,
 * then every entry older than stream time minus the grace period is read and deleted. Released entries leave
 * deletion markers at the head of the key space until compaction.
 *
 * <ul>
 *   <li>{@code fromFirstKey} (the baseline, what the processor did before): each release iterates from
 *       {@code seekToFirst}, stepping over every marker;</li>
 *   <li>{@code fromLowerBound} (what it does now): each release seeks to an in-memory lower bound on the
 *       buffered event times.</li>
 * </ul>
 * One operation = one event buffered and the due ones released; {@code buffered} events stay in the
 * buffer (grace period / event interval). Run: {@code java -jar benchmarks/target/coldchain-benchmarks.jar
 * ReorderBufferScan -f 1 -wi 2 -i 3 -w 3s -r 3s}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReorderBufferScanBenchmark {

    static {
        RocksDB.loadLibrary();
    }

    /** Events waiting in the buffer at any time (e.g. 3 partitions' shipments × fixes within the grace period). */
    @Param({"100", "1000"})
    public int buffered;

    private Path dir;
    private Options options;
    private RocksDB db;
    private long time;
    private long lowerBound;
    private final byte[] value = new byte[120];

    @Setup(Level.Iteration)
    public void open() throws IOException, RocksDBException {
        dir = Files.createTempDirectory("coldchain-reorder-bench");
        options = new Options().setCreateIfMissing(true);
        db = RocksDB.open(options, dir.toString());
        time = 0;
        lowerBound = Long.MIN_VALUE;
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        db.close();
        options.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public int fromFirstKey() throws RocksDBException {
        put();
        return release(false);
    }

    @Benchmark
    public int fromLowerBound() throws RocksDBException {
        put();
        return release(true);
    }

    private void put() throws RocksDBException {
        time++;
        db.put(key(time, 12), value);
        lowerBound = Math.min(lowerBound, time);
    }

    /** Reads and deletes every entry at or before {@code time - buffered}; returns how many. */
    private int release(final boolean seekToLowerBound) throws RocksDBException {
        final long upTo = time - buffered;
        if (seekToLowerBound && upTo < lowerBound) {
            return 0;
        }
        final List<byte[]> due = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            if (seekToLowerBound) {
                it.seek(key(lowerBound, 0));
            } else {
                it.seekToFirst();
            }
            while (it.isValid() && timeOf(it.key()) <= upTo) {
                due.add(it.key());
                it.next();
            }
        }
        for (final byte[] k : due) {
            db.delete(k);
        }
        lowerBound = upTo + 1;
        return due.size();
    }

    /** Big-endian time with the sign bit flipped (sorts like the number), then {@code rest} bytes. */
    private static byte[] key(final long time, final int rest) {
        return ByteBuffer.allocate(8 + rest).putLong(time ^ Long.MIN_VALUE).array();
    }

    private static long timeOf(final byte[] key) {
        return ByteBuffer.wrap(key).getLong() ^ Long.MIN_VALUE;
    }
}
