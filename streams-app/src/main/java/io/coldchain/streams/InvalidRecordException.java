package io.coldchain.streams;

import io.coldchain.contract.validation.Reason;
import io.coldchain.contract.validation.Validation;

/**
 * Thrown by the validation processors for a record refused at the door: the processing exception handler
 * writes the record's original bytes to the dead-letter topic with this message (reason tag and detail) in
 * {@code __streams.errors.message} and the reason tag in {@code coldchain.dlq.reason}, and processing goes on.
 * No stack trace: the record is at fault, not the code.
 */
public final class InvalidRecordException extends RuntimeException {

    private final transient Validation validation;

    public InvalidRecordException(final Validation validation) {
        super(validation.toString(), null, false, false);
        this.validation = validation;
    }

    public Reason reason() {
        return validation.reason();
    }
}
