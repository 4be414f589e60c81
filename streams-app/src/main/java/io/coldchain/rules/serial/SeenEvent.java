package io.coldchain.rules.serial;

/**
 * A custody event remembered for redelivery detection and for error declarations.
 *
 * @param fingerprint content fingerprint ({@link CustodyFingerprint})
 * @param stepKey     the chain step it counted towards
 */
public record SeenEvent(String eventId, String fingerprint, String stepKey) {
}
