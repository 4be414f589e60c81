package io.coldchain.contract;

import io.coldchain.hashing.Sha256;
import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.ErrorDeclaration;
import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.Party;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * A fingerprint of what a custody event says, so that the same event delivered again under a new
 * event id (a capture system re-sending its backlog, an integrator replaying a file) is recognised.
 * It covers every field except the event id and the record time, which a redelivery may change, with
 * the pack list in sorted order. 128 bits of SHA-256, URL-safe Base64 (22 characters).
 *
 * <p>The digest is of Avro's JSON-like text of the event ({@code GenericData.toString}, Avro 1.12) with the event id
 * blank, the record time 0 and the packs sorted. Fingerprints are kept in serial and chain state and compared with
 * those of later deliveries, so that text may never change: it is written here field by field, as Avro writes it,
 * instead of copying the event into a new record and asking Avro for it (a copy of every field and a generic walk
 * of the schema per event). An event with a required field missing takes Avro's own way, which fills in a default
 * or fails as it always did. {@code CustodyFingerprintTest} compares both ways over many generated events.
 */
public final class CustodyFingerprint {

    private CustodyFingerprint() {
    }

    public static String of(final CustodyEvent event) {
        final List<String> packs = new ArrayList<>(event.getEpcList());
        Collections.sort(packs);
        final String text = complete(event, packs) ? text(event, packs) : avroText(event, packs);
        final byte[] digest = Sha256.digest(text);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    }

    /** Avro's text of the event's content, as the fingerprint was first computed. */
    private static String avroText(final CustodyEvent event, final List<String> packs) {
        return CustodyEvent.newBuilder(event)
                .setEventId("")
                .setRecordTime(0L)
                .setEpcList(packs)
                .build()
                .toString();
    }

    /**
     * Whether every required field the copy would check is there: Avro's builder gives a missing time-zone offset
     * its default and fails on the others, so such an event keeps going that way.
     */
    private static boolean complete(final CustodyEvent event, final List<String> packs) {
        return event.getEventTimeZoneOffset() != null && event.getAction() != null && event.getBizStep() != null
                && event.getDisposition() != null && event.getCustodian() != null && event.getShipmentId() != null
                && !packs.contains(null);
    }

    /** The text {@code GenericData.toString} gives the event's content; the field order is the schema's. */
    static String text(final CustodyEvent event, final List<String> sortedPacks) {
        final StringBuilder out = new StringBuilder(256 + 24 * sortedPacks.size());
        out.append("{\"eventId\": \"\", \"eventTime\": ").append(event.getEventTime());
        out.append(", \"eventTimeZoneOffset\": ");
        string(out, event.getEventTimeZoneOffset());
        out.append(", \"recordTime\": 0, \"action\": ");
        string(out, event.getAction().toString());
        out.append(", \"bizStep\": ");
        string(out, event.getBizStep());
        out.append(", \"disposition\": ");
        string(out, event.getDisposition());
        out.append(", \"epcList\": ");
        strings(out, sortedPacks);
        out.append(", \"readPoint\": ");
        string(out, event.getReadPoint());
        out.append(", \"bizLocation\": ");
        area(out, event.getBizLocation());
        out.append(", \"custodian\": ");
        party(out, event.getCustodian());
        out.append(", \"sourceParty\": ");
        party(out, event.getSourceParty());
        out.append(", \"destinationParty\": ");
        party(out, event.getDestinationParty());
        out.append(", \"shipmentId\": ");
        string(out, event.getShipmentId());
        out.append(", \"lot\": ");
        string(out, event.getLot());
        out.append(", \"expiryDate\": ");
        string(out, event.getExpiryDate());
        out.append(", \"errorDeclaration\": ");
        errorDeclaration(out, event.getErrorDeclaration());
        return out.append('}').toString();
    }

    private static void area(final StringBuilder out, final Area area) {
        if (area == null) {
            out.append("null");
            return;
        }
        out.append("{\"name\": ");
        string(out, area.getName());
        out.append(", \"gln\": ");
        string(out, area.getGln());
        out.append(", \"center\": ");
        final GeoPoint center = area.getCenter();
        if (center == null) {
            out.append("null");
        } else {
            out.append("{\"lat\": ");
            number(out, center.getLat());
            out.append(", \"lon\": ");
            number(out, center.getLon());
            out.append('}');
        }
        out.append(", \"radiusMeters\": ");
        number(out, area.getRadiusMeters());
        out.append('}');
    }

    private static void party(final StringBuilder out, final Party party) {
        if (party == null) {
            out.append("null");
            return;
        }
        out.append("{\"gln\": ");
        string(out, party.getGln());
        out.append(", \"name\": ");
        string(out, party.getName());
        out.append('}');
    }

    private static void errorDeclaration(final StringBuilder out, final ErrorDeclaration declaration) {
        if (declaration == null) {
            out.append("null");
            return;
        }
        out.append("{\"declarationTime\": ").append(declaration.getDeclarationTime());
        out.append(", \"reason\": ");
        string(out, declaration.getReason());
        out.append(", \"correctiveEventIds\": ");
        strings(out, declaration.getCorrectiveEventIds());
        out.append('}');
    }

    private static void strings(final StringBuilder out, final List<String> values) {
        if (values == null) {
            out.append("null");
            return;
        }
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            string(out, values.get(i));
        }
        out.append(']');
    }

    /** Avro quotes NaN and the infinities (JSON has no literal for them) and writes other doubles as Java does. */
    private static void number(final StringBuilder out, final double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            out.append('"').append(value).append('"');
        } else {
            out.append(value);
        }
    }

    /** A string as Avro's {@code writeEscapedString} writes it, quoted; null unquoted. */
    private static void string(final StringBuilder out, final String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c <= '\u001F' || c >= '\u007F' && c <= '\u009F' || c >= '\u2000' && c <= '\u20FF') {
                        final String hex = Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
                        out.append("\\u");
                        for (int pad = hex.length(); pad < 4; pad++) {
                            out.append('0');
                        }
                        out.append(hex);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
