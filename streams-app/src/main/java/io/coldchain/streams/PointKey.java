package io.coldchain.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The key of one point of a shipment's downsampled history series ({@link StoredPointSeries}): the shipment, then the
 * point's event time. Its bytes sort a shipment's points together and in event-time order (the id's length and UTF-8
 * bytes, then the time big-endian with the sign bit flipped), so a store range reads one shipment's series in order.
 *
 * @param shipmentId the shipment
 * @param at         the point's event time, epoch ms
 */
public record PointKey(String shipmentId, long at) {

    /** The smallest key of {@code shipmentId}'s series: a range from here to {@link #last} reads all of it. */
    public static PointKey first(final String shipmentId) {
        return new PointKey(shipmentId, Long.MIN_VALUE);
    }

    /** The largest key of {@code shipmentId}'s series. */
    public static PointKey last(final String shipmentId) {
        return new PointKey(shipmentId, Long.MAX_VALUE);
    }

    public static Serde<PointKey> serde() {
        return Serdes.serdeFrom(SERIALIZER, DESERIALIZER);
    }

    private static final Serializer<PointKey> SERIALIZER = (topic, key) -> {
        if (key == null) {
            return null;
        }
        final byte[] id = key.shipmentId().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + id.length + Long.BYTES).putInt(id.length).put(id)
                .putLong(key.at() ^ Long.MIN_VALUE).array();
    };

    private static final Deserializer<PointKey> DESERIALIZER = (topic, bytes) -> {
        if (bytes == null) {
            return null;
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        final int length = buffer.getInt();
        final String id = new String(bytes, Integer.BYTES, length, StandardCharsets.UTF_8);
        return new PointKey(id, buffer.getLong(Integer.BYTES + length) ^ Long.MIN_VALUE);
    };
}
