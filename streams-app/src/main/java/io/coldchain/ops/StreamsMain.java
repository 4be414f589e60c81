package io.coldchain.ops;


/** Entry point of the standalone streams jar (used by the container image). */
public final class StreamsMain {

    private StreamsMain() {
    }

    public static void main(final String[] args) {
        System.exit(UserErrors.commandLine(new StreamsCommand()).execute(args));
    }
}
