package io.coldchain.contract.validation;

import java.util.Objects;

/**
 * The verdict on one record: valid, or invalid for a {@link Reason} with a detail precise enough for
 * the integrator who sent it to fix it.
 */
public record Validation(Reason reason, String detail) {

    private static final Validation OK = new Validation(null, null);

    public static Validation ok() {
        return OK;
    }

    public static Validation invalid(final Reason reason, final String detail) {
        return new Validation(Objects.requireNonNull(reason, "reason"), Objects.requireNonNull(detail, "detail"));
    }

    public boolean valid() {
        return reason == null;
    }

    /** {@code <reason tag>: <detail>}, or {@code ok}. */
    @Override
    public String toString() {
        return valid() ? "ok" : reason.tag() + ": " + detail;
    }
}
