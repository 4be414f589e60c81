package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class PointKeyTest {

    @Test
    void shouldReadBackWhatItWrites() {
        for (final PointKey key : List.of(new PointKey("SHP-1", 0), new PointKey("", Long.MIN_VALUE),
                new PointKey("Lieferung-ä€😀", Long.MAX_VALUE), new PointKey("SHP-1", -1_000))) {
            final byte[] bytes = PointKey.serde().serializer().serialize("t", key);
            assertThat(PointKey.serde().deserializer().deserialize("t", bytes)).isEqualTo(key);
        }
        assertThat(PointKey.serde().serializer().serialize("t", null)).isNull();
    }

    /** The layout stores written by earlier releases hold: length, UTF-8 bytes, time with its sign bit flipped. */
    @Test
    void shouldWriteTheLayoutOfEarlierReleases() {
        final byte[] bytes = PointKey.serde().serializer().serialize("t", new PointKey("Sä", -2));
        assertThat(bytes).containsExactly(0, 0, 0, 3, 'S', 0xc3 - 256, 0xa4 - 256,
                0x7f, -1, -1, -1, -1, -1, -1, -2);
    }

    /** A store range of one shipment reads its points in time order and nothing of another shipment. */
    @Test
    void shouldSortAShipmentsPointsTogetherInTimeOrder() {
        final List<PointKey> keys = new ArrayList<>();
        for (final String id : List.of("SHP-1", "SHP-10", "SHP-2", "SHP-1\u0000")) {
            for (final long at : new long[] {Long.MIN_VALUE, -5, 0, 7, 1_700_000_000_000L, Long.MAX_VALUE}) {
                keys.add(new PointKey(id, at));
            }
        }
        final List<PointKey> byBytes = new ArrayList<>(keys);
        byBytes.sort((a, b) -> Bytes.BYTES_LEXICO_COMPARATOR.compare(bytes(a), bytes(b)));
        for (final String id : List.of("SHP-1", "SHP-10", "SHP-2", "SHP-1\u0000")) {
            final byte[] from = bytes(PointKey.first(id));
            final byte[] to = bytes(PointKey.last(id));
            final List<PointKey> inRange = byBytes.stream().filter(k -> Bytes.BYTES_LEXICO_COMPARATOR.compare(bytes(k), from) >= 0
                    && Bytes.BYTES_LEXICO_COMPARATOR.compare(bytes(k), to) <= 0).toList();
            assertThat(inRange).as(id).allSatisfy(k -> assertThat(k.shipmentId()).isEqualTo(id))
                    .extracting(PointKey::at)
                    .containsExactly(Long.MIN_VALUE, -5L, 0L, 7L, 1_700_000_000_000L, Long.MAX_VALUE);
        }
    }

    private static byte[] bytes(final PointKey key) {
        return PointKey.serde().serializer().serialize("t", key);
    }
}
