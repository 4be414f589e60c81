package io.coldchain.rules.serial;

import io.coldchain.schemas.CustodyEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
        final byte[] digest = sha256().digest(content.toString().getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
