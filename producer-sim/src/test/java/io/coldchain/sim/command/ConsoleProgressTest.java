package io.coldchain.sim.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.sim.publish.ProgressListener.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    private final StringWriter text = new StringWriter();

    @Test
    void shouldPrintNothingForARunShorterThanOneReport() {
        new ConsoleProgress(new PrintWriter(text), false).onProgress(progress(40, 1, true));
        assertThat(text.toString()).isEmpty();
    }

    @Test
    void shouldRedrawOneLineOnATerminal() {
        final ConsoleProgress console = new ConsoleProgress(new PrintWriter(text), true);
        console.onProgress(progress(1_200, 2, false));
        console.onProgress(progress(2_500, 4, false));
        console.onProgress(progress(3_000, 5, true));

        assertThat(text.toString()).startsWith("\rsending 1,200 events | sim time 2025-03-03T06:20:00Z | delivered 1/5 "
                + "| 600 events/s | 2.0 s").endsWith(System.lineSeparator()).containsOnlyOnce(System.lineSeparator());
        assertThat(text.toString()).contains("\rsent 3,000 events");
    }

    @Test
    void shouldWriteALineEveryTenSecondsIntoALog() {
        final ConsoleProgress console = new ConsoleProgress(new PrintWriter(text), false);
        for (int second = 2; second <= 30; second += 2) {
            console.onProgress(progress(second * 100, second, false));
        }
        console.onProgress(progress(3_100, 31, true));
        assertThat(text.toString().lines()).hasSize(4).last().asString().startsWith("sent 3,100 events");
    }

    @Test
    void shouldLeadWithABarOfTheSimulatedTimeSent() {
        final Instant start = Instant.parse("2025-03-03T06:00:00Z");
        final ConsoleProgress console = new ConsoleProgress(new PrintWriter(text), true, start,
                start.plusSeconds(6_000));
        console.onProgress(progress(1_500, 2, false));
        console.onProgress(progress(3_000, 5, true));
        assertThat(text.toString()).startsWith("\r[#####---------------]  25 % sending 1,500 events")
                .contains("\r[####################] 100 % sent 3,000 events");
        assertThat(ConsoleProgress.bar(0)).isEqualTo("[--------------------]   0 %");
        assertThat(ConsoleProgress.bar(1.7)).isEqualTo("[####################] 100 %");
    }

    private static Progress progress(final long sent, final int seconds, final boolean finished) {
        return new Progress(sent, Instant.parse("2025-03-03T06:00:00Z").plusSeconds(sent), 1, 5, 600,
                Duration.ofSeconds(seconds), finished);
    }
}
