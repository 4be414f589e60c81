package io.coldchain.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The in-process broker's own log, in a file of its own rather than among the demo's alerts or the {@code broker}
 * command's output: a KRaft broker logs thousands of INFO lines per start, and under exactly-once with frequent
 * commits it logs routine ERRORs (an append racing a transaction marker) that are not the user's problem. The
 * file keeps them, at INFO, for when something is.
 */
final class BrokerLog {

    /** The broker's loggers: the Scala server and the Java server-side packages (not the clients). */
    static final List<String> LOGGERS = List.of("kafka", "state.change.logger", "org.apache.kafka.controller",
            "org.apache.kafka.raft", "org.apache.kafka.metadata", "org.apache.kafka.server", "org.apache.kafka.storage",
            "org.apache.kafka.image", "org.apache.kafka.coordinator", "org.apache.kafka.queue",
            "org.apache.kafka.snapshot", "org.apache.kafka.security", "org.apache.kafka.network");

    private BrokerLog() {
    }

    /** Sends the broker's loggers to a new temporary file, from now on; returns it (null when logback is not in use). */
    static Path toTemporaryFile() throws IOException {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return null;
        }
        final Path file = Files.createTempFile("coldchain-broker-", ".log");
        final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n");
        encoder.start();
        final FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("broker-file");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        for (final String name : LOGGERS) {
            final Logger logger = context.getLogger(name);
            logger.detachAndStopAllAppenders();
            logger.setAdditive(false);
            logger.setLevel(Level.INFO);
            logger.addAppender(appender);
        }
        return file;
    }
}
