package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.streams.processors.ReorderingDetectorProcessor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Time checks visit shipments in the state store's order, kept in memory: it must be the store's byte order. */
class StateKeyOrderTest {

    private static int utf8Bytes(final String a, final String b) {
        return Integer.signum(Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldOrderShipmentIdsAsTheirUtf8BytesEvenWhereUtf16OrderDiffers() {
        // U+FF21 (fullwidth A) sorts after U+1F4E6 (a surrogate pair) in UTF-16 code units, before it in UTF-8 bytes.
        final List<String> ids = List.of("SHP-000001", "SHP-000002", "SHP-00000", "SHP-0000010", "", "shp-1", "SHP-é",
                "SHP-\uFF21", "SHP-\uD83D\uDCE6", "SHP-\uD83D\uDCE6x", "SHP-\u00FF");
        for (final String a : ids) {
            for (final String b : ids) {
                assertThat(Integer.signum(ReorderingDetectorProcessor.compareUtf8(a, b)))
                        .as("%s vs %s", a, b).isEqualTo(utf8Bytes(a, b));
            }
        }
        assertThat(Integer.signum("SHP-\uFF21".compareTo("SHP-\uD83D\uDCE6"))).isNotEqualTo(utf8Bytes("SHP-\uFF21", "SHP-\uD83D\uDCE6"));
    }
}
