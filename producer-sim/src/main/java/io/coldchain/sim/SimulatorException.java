package io.coldchain.sim;

/** A failure the user can act on; its message is one line saying what is wrong and what to do. */
public final class SimulatorException extends RuntimeException {

    public SimulatorException(final String message) {
        super(message);
    }

    public SimulatorException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
