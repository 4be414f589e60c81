package io.coldchain.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.hashing.Sha256;
import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.EpcisAction;
import io.coldchain.schemas.ErrorDeclaration;
import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.Party;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fingerprint is kept in state and compared with later deliveries' fingerprints, so it must stay what the first
 * release computed: the digest of Avro's {@code toString()} of a copy of the event (event id blank, record time 0,
 * packs sorted). These tests hold that computation, as it was, beside {@link CustodyFingerprint}.
 */
class CustodyFingerprintTest {

    private static final int EVENTS = 10_000;

    /** The fingerprint as the first release computed it. */
    private static String asFirstComputed(final CustodyEvent event) {
        final List<String> packs = new ArrayList<>(event.getEpcList());
        Collections.sort(packs);
        final CustodyEvent content = CustodyEvent.newBuilder(event)
                .setEventId("")
                .setRecordTime(0L)
                .setEpcList(packs)
                .build();
        final byte[] digest = Sha256.digest(content.toString());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    }

    /** Avro's text of the content, the input of the digest above. */
    private static String avroText(final CustodyEvent event) {
        final List<String> packs = new ArrayList<>(event.getEpcList());
        Collections.sort(packs);
        return CustodyEvent.newBuilder(event).setEventId("").setRecordTime(0L).setEpcList(packs).build().toString();
    }

    @Test
    void shouldWriteAvrosTextAndFingerprintOfEveryGeneratedEvent() {
        final Random random = new Random(20261203L);
        for (int i = 0; i < EVENTS; i++) {
            final CustodyEvent event = new Generator(random).event();
            final List<String> sorted = new ArrayList<>(event.getEpcList());
            Collections.sort(sorted);

            assertThat(CustodyFingerprint.text(event, sorted)).as("event %d: %s", i, event).isEqualTo(avroText(event));
            assertThat(CustodyFingerprint.of(event)).as("event %d", i).isEqualTo(asFirstComputed(event));
        }
    }

    @Test
    void shouldTakeAvrosWayForAnEventWithARequiredFieldMissing() {
        final Random random = new Random(7L);
        final CustodyEvent noOffset = new Generator(random).event();
        noOffset.setEventTimeZoneOffset(null);
        assertThat(CustodyFingerprint.of(noOffset)).isEqualTo(asFirstComputed(noOffset));

        final CustodyEvent nullPack = new Generator(random).event();
        nullPack.setEpcList(Collections.singletonList(null));
        assertThat(CustodyFingerprint.of(nullPack)).isEqualTo(asFirstComputed(nullPack));

        final CustodyEvent noAction = new Generator(random).event();
        noAction.setAction(null);
        final CustodyEvent noCustodian = new Generator(random).event();
        noCustodian.setCustodian(null);
        final CustodyEvent noShipment = new Generator(random).event();
        noShipment.setShipmentId(null);
        for (final CustodyEvent incomplete : List.of(noAction, noCustodian, noShipment)) {
            final Class<? extends Throwable> thrown = thrownBy(() -> asFirstComputed(incomplete));
            assertThat(thrown).isNotNull();
            assertThatThrownBy(() -> CustodyFingerprint.of(incomplete)).isInstanceOf(thrown);
        }
    }

    @Test
    void shouldStillGiveTheFingerprintTheFirstReleaseStored() {
        final CustodyEvent event = CustodyEvent.newBuilder()
                .setEventId("urn:uuid:6b7d2a40-0000-4000-8000-000000000001")
                .setEventTime(1_764_720_000_000L)
                .setEventTimeZoneOffset("+01:00")
                .setRecordTime(1_764_720_005_000L)
                .setAction(EpcisAction.OBSERVE)
                .setBizStep("shipping")
                .setDisposition("in_transit")
                .setEpcList(List.of("00614141123452.B2", "00614141123452.A1"))
                .setReadPoint("urn:epc:id:sgln:7612345.00001.0")
                .setBizLocation(new Area("Basel \"DC\" \\ S\u00fcd", "7612345000015", new GeoPoint(47.5596, 7.5886), 250.0))
                .setCustodian(new Party("7612345000015", "Rhein Logistik AG"))
                .setSourceParty(new Party("7612345000015", "Rhein Logistik AG"))
                .setDestinationParty(null)
                .setShipmentId("SHP-1")
                .setLot("L\t1")
                .setExpiryDate("2027-06-30")
                .setErrorDeclaration(null)
                .build();

        // Computed by the first release's code (Avro's toString of the copy), and kept in states since.
        assertThat(CustodyFingerprint.of(event)).isEqualTo(GOLDEN);
    }

    private static final String GOLDEN = "zklmFpIM905vUDkh1lSvlA";

    private static Class<? extends Throwable> thrownBy(final Runnable call) {
        try {
            call.run();
            return null;
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    /** Events with every optional field null or present, and strings, numbers and lists that test the escaping. */
    private static final class Generator {
        private static final String[] PIECES = {"a", "Z", "0", " ", "\"", "\\", "/", "'", "\b", "\f", "\n", "\r", "\t",
            "\u0000", "\u0001", "\u001F", "\u007F", "\u0080", "\u009F", "\u00A0", "é", "ß", "\u1FFF", "\u2000",
            "\u2028", "\u2029", "\u20AC", "\u20FF", "\u2100", "日本", "\uD83D\uDC89", "\uD800", "\uDFFF", "\uFFFF",
            "urn:epc:id:sgtin:0614141.012345.", "00614141123452.", "{", "}", "[", "]", ":", ",", "null"};
        private static final double[] DOUBLES = {0.0, -0.0, 1.0, -1.5, 47.5596, 7.5886, 1e-7, 1e21, 123456789.125,
            Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        private static final long[] LONGS = {0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1_764_720_000_000L};

        private final Random random;

        Generator(final Random random) {
            this.random = random;
        }

        CustodyEvent event() {
            return CustodyEvent.newBuilder()
                    .setEventId(text())
                    .setEventTime(longValue())
                    .setEventTimeZoneOffset(random.nextBoolean() ? "+00:00" : text())
                    .setRecordTime(longValue())
                    .setAction(EpcisAction.values()[random.nextInt(EpcisAction.values().length)])
                    .setBizStep(text())
                    .setDisposition(text())
                    .setEpcList(texts(12))
                    .setReadPoint(maybe() ? null : text())
                    .setBizLocation(maybe() ? null : area())
                    .setCustodian(party())
                    .setSourceParty(maybe() ? null : party())
                    .setDestinationParty(maybe() ? null : party())
                    .setShipmentId(text())
                    .setLot(maybe() ? null : text())
                    .setExpiryDate(maybe() ? null : text())
                    .setErrorDeclaration(maybe() ? null : new ErrorDeclaration(longValue(), maybe() ? null : text(),
                            texts(3)))
                    .build();
        }

        private boolean maybe() {
            return random.nextBoolean();
        }

        private Area area() {
            // The copy does not check nested records, so their required fields may be null too.
            return new Area(random.nextInt(10) == 0 ? null : text(), maybe() ? null : text(),
                    random.nextInt(10) == 0 ? null : new GeoPoint(doubleValue(), doubleValue()), doubleValue());
        }

        private Party party() {
            return new Party(random.nextInt(10) == 0 ? null : text(), random.nextInt(10) == 0 ? null : text());
        }

        private List<String> texts(final int most) {
            final List<String> out = new ArrayList<>();
            for (int i = random.nextInt(most + 1); i > 0; i--) {
                out.add(text());
            }
            return out;
        }

        private String text() {
            final StringBuilder out = new StringBuilder();
            for (int i = random.nextInt(8); i > 0; i--) {
                out.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : PIECES[random.nextInt(PIECES.length)]);
            }
            return out.toString();
        }

        private long longValue() {
            return maybe() ? LONGS[random.nextInt(LONGS.length)] : random.nextLong();
        }

        private double doubleValue() {
            return maybe() ? DOUBLES[random.nextInt(DOUBLES.length)] : (random.nextDouble() - 0.5) * 400;
        }
    }
}
