package io.coldchain.sim;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Shows progress as one line on the error stream: rewritten in place on a terminal, a new line every report
 * otherwise (logs, CI). Runs shorter than one report interval print nothing.
 */
public final class ConsoleProgress implements ProgressListener {

    private final PrintWriter err;
    private final boolean terminal;
    private boolean printed;
    private int lastLength;

    public ConsoleProgress(final PrintWriter err, final boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void onProgress(final Progress p) {
        if (p.finished() && !printed) {
            return;
        }
        final String line = format(p);
        if (terminal) {
            err.print('\r' + line + " ".repeat(Math.max(0, lastLength - line.length())));
            if (p.finished()) {
                err.println();
            }
        } else {
            err.println(line);
        }
        lastLength = line.length();
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
