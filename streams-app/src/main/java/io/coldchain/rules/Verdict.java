package io.coldchain.rules;

/**
 * How a rule family took an input (see {@link Outcome}). Only the custody-chain and serial rules recognise
 * redeliveries and EPCIS error declarations; the other families always apply their input.
 */
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
