package io.coldchain.rules.serial;

/** How the rules took an input. */
public enum Verdict {
    /** A new input: checked and applied to the state. */
    APPLIED,
    /** The same event again (same event id, or same content under a new id): no findings, state unchanged. */
    REDELIVERY,
    /** An EPCIS error declaration: the declared event is taken back, findings that rested on it resolved. */
    RETRACTION,
    /** An event already declared erroneous (its declaration came first): ignored, state unchanged. */
    RETRACTED
}
