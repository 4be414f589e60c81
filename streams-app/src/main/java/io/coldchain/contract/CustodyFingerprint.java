package io.coldchain.contract;

import io.coldchain.hashing.Sha256;
import io.coldchain.schemas.CustodyEvent;
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
 */
public final class CustodyFingerprint {

    private CustodyFingerprint() {
    }

    public static String of(final CustodyEvent event) {
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
}
