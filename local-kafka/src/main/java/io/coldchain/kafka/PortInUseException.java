package io.coldchain.kafka;

/** A port {@link LocalKafka} was asked to listen on is taken by another process (or another broker). */
public class PortInUseException extends LocalKafkaException {

    private final int port;

    public PortInUseException(final int port, final String option, final Throwable cause) {
        super("port " + port + " is already in use: pass " + option + " to choose another", cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
