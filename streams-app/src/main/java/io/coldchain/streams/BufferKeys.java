package io.coldchain.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * The key layout of the reorder buffers (the detectors' by shipment, the serial checks' overflow by serial) and of the
 * shipment history's points ({@link PointKey}): the id's length, its UTF-8 bytes, then a time (or another order)
 * big-endian with the sign bit flipped, then what the buffer adds to tell entries apart. The bytes sort one id's
 * entries together and in time order, so a store range from {@link #prefix prefix(id, Long.MIN_VALUE)} to
 * {@code prefix(id, Long.MAX_VALUE)} reads one id's entries in order.
 */
public final class BufferKeys {

    private BufferKeys() {
    }

    /** A key's buffer with the id and the time written, and room for {@code more} bytes after them. */
    public static ByteBuffer start(final String id, final long time, final int more) {
        final byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + bytes.length + 8 + more)
                .putInt(bytes.length)
                .put(bytes)
                .putLong(time ^ Long.MIN_VALUE);
    }

    /** Sorts before every key of the id's entries at {@code time} and after every earlier one. */
    public static Bytes prefix(final String id, final long time) {
        return Bytes.wrap(start(id, time, 0).array());
    }

    public static String idOf(final Bytes key) {
        final int length = ByteBuffer.wrap(key.get()).getInt();
        return new String(key.get(), 4, length, StandardCharsets.UTF_8);
    }

    public static long timeOf(final Bytes key) {
        final ByteBuffer buf = ByteBuffer.wrap(key.get());
        return buf.getLong(4 + buf.getInt(0)) ^ Long.MIN_VALUE;
    }

    /** Where what the buffer adds after the time begins: the first of the {@code more} bytes of {@link #start}. */
    public static int moreAt(final Bytes key) {
        return 4 + ByteBuffer.wrap(key.get()).getInt(0) + 8;
    }
}
