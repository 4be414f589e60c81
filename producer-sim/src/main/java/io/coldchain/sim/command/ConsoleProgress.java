package io.coldchain.sim.command;

import io.coldchain.sim.publish.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Shows progress as one line on the error stream, optionally led by a bar of how much simulated time has been
 * sent: rewritten in place at every report on a terminal; into a log or CI output, a new line at most every
 * {@link #LOG_INTERVAL}. Runs shorter than one report interval print nothing.
 */
public final class ConsoleProgress implements ProgressListener {

    /** Spacing of progress lines when the error stream is not a terminal. */
    public static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    /** Width of the progress bar in characters. */
    static final int BAR_WIDTH = 20;

    private final PrintWriter err;
    private final boolean terminal;
    private final Instant simStart;
    private final Instant simEnd;
    private boolean printed;
    private int lastLength;
    private Duration lastPrinted = Duration.ZERO;

    /**
     * @param err      where to print
     * @param terminal whether {@code err} is a terminal (carriage returns redraw the line)
     */
    public ConsoleProgress(final PrintWriter err, final boolean terminal) {
        this(err, terminal, null, null);
    }

    /**
     * With a progress bar: how far simulated time has come from {@code simStart} to {@code simEnd}.
     */
    public ConsoleProgress(final PrintWriter err, final boolean terminal, final Instant simStart,
                           final Instant simEnd) {
        this.err = err;
        this.terminal = terminal;
        this.simStart = simStart;
        this.simEnd = simEnd;
    }

    @Override
    public void onProgress(final Progress p) {
        if (p.finished() ? !printed : !terminal && p.elapsed().minus(lastPrinted).compareTo(LOG_INTERVAL) < 0) {
            return;
        }
        final String line = simStart == null || simEnd == null ? format(p) : bar(fraction(p)) + ' ' + format(p);
        if (terminal) {
            err.print('\r' + line + " ".repeat(Math.max(0, lastLength - line.length())));
            if (p.finished()) {
                err.println();
            }
        } else {
            err.println(line);
        }
        lastLength = line.length();
        lastPrinted = p.elapsed();
        printed = true;
        err.flush();
    }

    static String format(final Progress p) {
        final String simTime = p.simulatedTime() == null ? "-"
                : p.simulatedTime().truncatedTo(ChronoUnit.SECONDS).toString();
        return String.format(Locale.ROOT, "%s %,d events | sim time %s | delivered %d/%d | %,.0f events/s | %s",
                p.finished() ? "sent" : "sending", p.eventsSent(), simTime, p.shipmentsDelivered(), p.shipments(),
                p.eventsPerSecond(), human(p.elapsed()));
    }

    private double fraction(final Progress p) {
        if (p.finished()) {
            return 1;
        }
        if (p.simulatedTime() == null) {
            return 0;
        }
        final double span = Duration.between(simStart, simEnd).toMillis();
        return span <= 0 ? 1 : Duration.between(simStart, p.simulatedTime()).toMillis() / span;
    }

    /** {@code [#######-------------]  35 %}: how much of the simulated time has been sent. */
    static String bar(final double fraction) {
        final double f = Math.max(0, Math.min(1, fraction));
        final int filled = (int) Math.round(f * BAR_WIDTH);
        return String.format(Locale.ROOT, "[%s%s] %3d %%", "#".repeat(filled), "-".repeat(BAR_WIDTH - filled),
                Math.round(f * 100));
    }

    /** A duration as people write it: 1h 02m, 3m 05s, 4.2 s. */
    static String human(final Duration d) {
        if (d.compareTo(Duration.ofMinutes(1)) < 0) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        if (d.compareTo(Duration.ofHours(1)) < 0) {
            return String.format(Locale.ROOT, "%dm %02ds", d.toMinutes(), d.toSecondsPart());
        }
        return String.format(Locale.ROOT, "%dh %02dm", d.toHours(), d.toMinutesPart());
    }
}
