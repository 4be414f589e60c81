package io.coldchain.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

    private static final long T0 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();

    private final AtomicLong clock = new AtomicLong(T0);
    private final ListSink sink = new ListSink();
    private final RateLimitedLog log = new RateLimitedLog(sink, 3, Duration.ofMinutes(1), clock::get);

    @Test
    void shouldLogTheFirstLinesOfAKeyInAWindowAndCountTheRest() {
        for (int i = 1; i <= 10; i++) {
            final int n = i;
            log.warn("not-deserializable", () -> "bad record " + n, null);
        }

        assertThat(sink.warnings).containsExactly("bad record 1", "bad record 2", "bad record 3");
    }

    @Test
    void shouldSayHowManyWereLeftOutWithTheFirstLineOfTheNextWindow() {
        for (int i = 1; i <= 10; i++) {
            clock.set(T0 + i * 1_000L);
            final int n = i;
            log.warn("not-deserializable", () -> "bad record " + n, null);
        }
        clock.set(T0 + 61_000L);
        log.warn("not-deserializable", () -> "bad record 11", null);

        assertThat(sink.warnings).containsExactly("bad record 1", "bad record 2", "bad record 3",
                "… and 7 more (not-deserializable) since 2026-01-05T10:00:04Z, not logged", "bad record 11");
    }

    @Test
    void shouldStartAFreshWindowWithoutASummaryWhenNothingWasLeftOut() {
        log.warn("k", () -> "one", null);
        clock.addAndGet(60_000L);
        log.warn("k", () -> "two", null);

        assertThat(sink.warnings).containsExactly("one", "two");
    }

    @Test
    void shouldKeepABudgetPerKey() {
        for (int i = 0; i < 5; i++) {
            log.warn("not-finite", () -> "nan", null);
            log.warn("missing-key", () -> "no key", null);
        }

        assertThat(sink.warnings).filteredOn("nan"::equals).hasSize(3);
        assertThat(sink.warnings).filteredOn("no key"::equals).hasSize(3);
    }

    @Test
    void shouldNotBuildALineThatIsNotLogged() {
        final AtomicInteger built = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            log.warn("k", () -> "line " + built.incrementAndGet(), null);
        }

        assertThat(built).hasValue(3);
    }

    @Test
    void shouldLogTheMaskedStackTraceAtDebugOnlyWhenDebugIsOnAndTheLineIsLogged() {
        final Exception error = new IllegalStateException("at http://u:pw@registry");
        log.warn("k", () -> "line", error);
        assertThat(sink.debugs).isEmpty();

        sink.debug = true;
        log.warn("k", () -> "line", error);
        log.warn("k", () -> "line", error);
        log.warn("k", () -> "line", error);

        assertThat(sink.debugs).hasSize(2).allSatisfy(text -> assertThat(text)
                .contains("IllegalStateException: at http://****@registry", "\tat ").doesNotContain("pw@"));
    }

    @Test
    void shouldRefuseALimitThatLogsNothing() {
        assertThatThrownBy(() -> new RateLimitedLog(sink, 0, Duration.ofMinutes(1), clock::get))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitedLog(sink, 1, Duration.ZERO, clock::get))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static final class ListSink implements RateLimitedLog.Sink {
        private final List<String> warnings = new ArrayList<>();
        private final List<String> debugs = new ArrayList<>();
        private boolean debug;

        @Override
        public void warn(final String line) {
            warnings.add(line);
        }

        @Override
        public boolean debugEnabled() {
            return debug;
        }

        @Override
        public void debug(final String text) {
            debugs.add(text);
        }
    }
}
