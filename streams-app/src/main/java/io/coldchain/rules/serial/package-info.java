/**
 * Serial integrity and custody-chain rules: catching counterfeit packs the way national verification
 * systems do, in real time and across every shipment.
 *
 * <p>Pack identifiers are normalised to SGTINs ({@link io.coldchain.rules.serial.Sgtin}, GTIN check digit
 * verified) and checked per serial by {@link io.coldchain.rules.serial.SerialRules} (invalid identifiers,
 * duplicates, clones by impossible travel, reuse after end of life, lot/expiry mismatch, unknown serials) and
 * per shipment by {@link io.coldchain.rules.serial.CustodyChainRules} (unexpected parties, custody gaps).
 * Both recognise redelivered events and honour EPCIS error declarations. Thresholds live in
 * {@link io.coldchain.rules.serial.SerialSettings}; rule ids, alert types and severities in
 * {@link io.coldchain.rules.serial.IntegrityRule}.
 *
 * <p>Plain domain code: no Kafka types, no clocks; state in, state and alerts out.
 */
package io.coldchain.rules.serial;
