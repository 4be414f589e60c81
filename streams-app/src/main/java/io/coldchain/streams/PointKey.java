package io.coldchain.streams;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;

/**
 * The key of one point of a shipment's downsampled history series ({@link StoredPointSeries}): the shipment, then the
 * point's event time. Its bytes are the reorder buffers' layout ({@link BufferKeys}: the id's length and UTF-8 bytes,
 * then the time big-endian with the sign bit flipped), so they sort a shipment's points together and in event-time
 * order, and a store range reads one shipment's series in order.
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

    private static final Serializer<PointKey> SERIALIZER = (topic, key) ->
            key == null ? null : BufferKeys.prefix(key.shipmentId(), key.at()).get();

    private static final Deserializer<PointKey> DESERIALIZER = (topic, bytes) -> {
        if (bytes == null) {
            return null;
        }
        final Bytes key = Bytes.wrap(bytes);
        return new PointKey(BufferKeys.idOf(key), BufferKeys.timeOf(key));
    };
}
