package io.coldchain.hashing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one digest the project uses: dead-letter fingerprints, the audit log's hash chain, deterministic
 * schema ids and custody-event fingerprints.
 */
public final class Sha256 {

    private Sha256() {
    }

    /** The 32-byte digest of {@code bytes}. */
    public static byte[] digest(final byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The digest of {@code text}'s UTF-8 bytes. */
    public static byte[] digest(final String text) {
        return digest(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The digest of {@code bytes} as 64 lower-case hex digits. */
    public static String hex(final byte[] bytes) {
        return HexFormat.of().formatHex(digest(bytes));
    }

    /** The digest of {@code text}'s UTF-8 bytes as 64 lower-case hex digits. */
    public static String hex(final String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
