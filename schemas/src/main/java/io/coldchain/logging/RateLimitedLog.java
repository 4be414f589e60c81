package io.coldchain.logging;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * One WARN line per event, at most {@code limit} lines per key (a reason tag) in each window; the lines beyond are
 * counted, and the first line of that key after the window says how many were left out: {@code "… and 4,213 more
 * (not-deserializable) since 2026-01-05T10:00:00Z, not logged"}. A flood of bad records thus costs a few lines a
 * minute, never the disk; what was set aside is counted in the metrics either way. Each logged line may carry a
 * stack trace at DEBUG, masked ({@link Secrets#stackTrace}).
 *
 * <p>Keys must come from a small fixed set (reason tags), never from the data: one counter is kept per key.
 * Thread-safe: Kafka Streams makes one exception handler per task, and they share one log.
 */
public final class RateLimitedLog {

    /** Where the lines go: a logger in production, a list in tests. */
    public interface Sink {
        void warn(String line);

        boolean debugEnabled();

        void debug(String text);
    }

    private final Sink sink;
    private final int limit;
    private final long windowMillis;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new HashMap<>();

    /**
     * @param limit  lines per key and window
     * @param window e.g. a minute
     * @param clock  wall clock, epoch millis
     */
    public RateLimitedLog(final Sink sink, final int limit, final Duration window, final LongSupplier clock) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate limit needs at least one line per positive window, got " + limit
                    + " per " + window);
        }
        this.sink = sink;
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** A rate-limited log writing to {@code logger} on the system clock. */
    public static RateLimitedLog of(final Logger logger, final int limit, final Duration window) {
        return new RateLimitedLog(new Sink() {
            @Override
            public void warn(final String line) {
                logger.warn(line);
            }

            @Override
            public boolean debugEnabled() {
                return logger.isDebugEnabled();
            }

            @Override
            public void debug(final String text) {
                logger.debug(text);
            }
        }, limit, window, System::currentTimeMillis);
    }

    /**
     * Logs {@code line} at WARN unless {@code key} has had its {@code limit} lines in this window, and then
     * {@code error}'s stack trace (masked) at DEBUG if that is on. The line is built only when it is logged; the
     * caller masks it.
     *
     * @param error the failure behind the line, or null
     */
    public void warn(final String key, final Supplier<String> line, final Throwable error) {
        final long now = clock.getAsLong();
        final long left;
        final long leftSince;
        synchronized (windows) {
            final Window window = windows.computeIfAbsent(key, k -> new Window(now));
            if (now - window.start >= windowMillis) {
                left = window.suppressed;
                leftSince = window.suppressedSince;
                window.restart(now);
            } else {
                left = 0;
                leftSince = 0;
            }
            if (window.logged >= limit) {
                if (window.suppressed++ == 0) {
                    window.suppressedSince = now;
                }
                return;
            }
            window.logged++;
        }
        if (left > 0) {
            sink.warn(String.format(Locale.ROOT, "… and %,d more (%s) since %s, not logged", left, key,
                    Instant.ofEpochMilli(leftSince)));
        }
        sink.warn(line.get());
        if (error != null && sink.debugEnabled()) {
            sink.debug("Stack trace of the line above:\n" + Secrets.stackTrace(error));
        }
    }

    private static final class Window {
        private long start;
        private int logged;
        private long suppressed;
        private long suppressedSince;

        private Window(final long start) {
            this.start = start;
        }

        private void restart(final long now) {
            start = now;
            logged = 0;
            suppressed = 0;
            suppressedSince = 0;
        }
    }
}
