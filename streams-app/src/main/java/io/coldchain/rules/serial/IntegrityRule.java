package io.coldchain.rules.serial;

import io.coldchain.domain.AlertType;
import io.coldchain.domain.Severity;

/**
 * Every finding of the serial-integrity and custody-chain rules: its stable rule id (part of alert
 * ids, so never rename one), the alert type it raises and its severity.
 */
public enum IntegrityRule {

    /** A pack identifier that is not an SGTIN, or whose GTIN check digit is wrong. */
    INVALID_SERIAL("serial-invalid", AlertType.INVALID_SERIAL, Severity.MEDIUM),
    /** Two open shipment plans list the same serial. */
    DECLARED_IN_TWO_SHIPMENTS("serial-declared-in-two-shipments", AlertType.DUPLICATE_SERIAL, Severity.HIGH),
    /** A second commissioning event for a serial already commissioned. */
    COMMISSIONED_TWICE("serial-commissioned-twice", AlertType.DUPLICATE_SERIAL, Severity.HIGH),
    /** Two sightings farther apart than any transport allows within the simultaneity window. */
    AT_TWO_PLACES_AT_ONCE("serial-at-two-places-at-once", AlertType.DUPLICATE_SERIAL, Severity.CRITICAL),
    /** A sighting in one shipment while the pack is in transit in, or planned for, another open shipment. */
    IN_TWO_SHIPMENTS("serial-in-two-shipments", AlertType.DUPLICATE_SERIAL, Severity.HIGH),
    /** Implied speed between two sightings above what any transport mode allows. */
    IMPOSSIBLE_TRAVEL("serial-impossible-travel", AlertType.IMPOSSIBLE_TRAVEL, Severity.CRITICAL),
    /** A sighting after the pack was dispensed, decommissioned or destroyed. */
    SIGHTED_AFTER_END_OF_LIFE("serial-sighted-after-end-of-life", AlertType.REUSED_SERIAL, Severity.CRITICAL),
    /** Lot or expiry read from a pack, or declared by a plan, differs from the commissioned values. */
    LOT_OR_EXPIRY_MISMATCH("serial-lot-or-expiry-mismatch", AlertType.ATTRIBUTE_MISMATCH, Severity.HIGH),
    /** A serial sighted that no shipment plan or commissioning event declared. */
    NOT_DECLARED("serial-not-declared", AlertType.UNKNOWN_SERIAL, Severity.HIGH),
    /** A custodian, source or destination party the shipment plan does not list. */
    UNEXPECTED_PARTY("custody-unexpected-party", AlertType.UNEXPECTED_CUSTODIAN, Severity.HIGH),
    /** A receiving step with no earlier shipping step in the shipment. */
    RECEIVED_WITHOUT_SHIPPING("custody-received-without-shipping", AlertType.CUSTODY_GAP, Severity.MEDIUM),
    /** A shipping step by a party that did not hold the goods: they had been shipped to someone else. */
    SHIPPED_BY_NON_HOLDER("custody-shipped-by-non-holder", AlertType.CUSTODY_GAP, Severity.MEDIUM),
    /** The goods seen again at a party that had shipped them away, with no new receiving there. */
    SEEN_AFTER_LEAVING("custody-seen-after-leaving", AlertType.CUSTODY_GAP, Severity.MEDIUM),
    /**
     * Retired: a planned custodian that never scanned is not a gap (carriers often make no scan of their own).
     * Never raised; kept so that findings stored before its retirement still read, and are resolved.
     */
    SKIPPED_CUSTODIAN("custody-skipped-custodian", AlertType.CUSTODY_GAP, Severity.MEDIUM);

    private final String ruleId;
    private final AlertType type;
    private final Severity severity;

    IntegrityRule(final String ruleId, final AlertType type, final Severity severity) {
        this.ruleId = ruleId;
        this.type = type;
        this.severity = severity;
    }

    public String ruleId() {
        return ruleId;
    }

    public AlertType type() {
        return type;
    }

    public Severity severity() {
        return severity;
    }
}
