package io.coldchain.contract;

import io.coldchain.hashing.Sha256;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.serde.AvroText;
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
 * those of later deliveries, so that text may never change: {@link AvroText} writes it from the event with those
 * three fields replaced, instead of copying the event into a new record and asking Avro for it. An event with a
 * required field missing takes Avro's own way, which fills in a default or fails as it always did.
 * {@code CustodyFingerprintTest} compares both ways over many generated events.
 */
public final class CustodyFingerprint {

    private static final int EVENT_ID = CustodyEvent.getClassSchema().getField("eventId").pos();
    private static final int RECORD_TIME = CustodyEvent.getClassSchema().getField("recordTime").pos();
    private static final int EPC_LIST = CustodyEvent.getClassSchema().getField("epcList").pos();

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

    /** The text {@code GenericData.toString} gives the event's content. */
    static String text(final CustodyEvent event, final List<String> sortedPacks) {
        return AvroText.text(event, (record, position) -> {
            if (position == EVENT_ID) {
                return "";
            }
            if (position == RECORD_TIME) {
                return 0L;
            }
            return position == EPC_LIST ? sortedPacks : record.get(position);
        }, 256 + 24 * sortedPacks.size());
    }
}
