package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.ops.SetAsideSummary.Counter;
import io.coldchain.ops.SetAsideSummary.Noun;
import io.coldchain.ops.SetAsideSummary.Reason;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SetAsideSummaryTest {

    private static final String TEMPERATURE = "detect-temperature-excursions";
    private static final String ROUTE = "detect-route-deviations";

    private final SetAsideSummary summary = new SetAsideSummary(Map.of(
            TEMPERATURE, new Noun("temperature reading", "temperature readings"),
            ROUTE, new Noun("location fix", "location fixes")), "", Duration.ofMinutes(1));

    @Test
    void shouldSayNothingWhileNothingIsSetAside() {
        assertThat(summary.next(Map.of())).isEmpty();
        assertThat(summary.next(Totals.of().late(TEMPERATURE, "0_0", 0).deadLettered("0_0", 0).map())).isEmpty();
    }

    @Test
    void shouldSayWhatWasSetAsideAndWhyInOneLine() {
        final Map<Counter, Long> totals = Totals.of().late(TEMPERATURE, "0_0", 7).late(TEMPERATURE, "0_1", 5)
                .noPlan(ROUTE, "1_2", 3).late(ROUTE, "1_2", 1).deadLettered("0_1", 1).map();

        assertThat(summary.next(totals)).hasValue("set aside in the last minute: 1 late location fix, 3 location "
                + "fixes without a plan, 12 late temperature readings; dead-lettered: 1 (see ./coldchain export "
                + "--topic late-data|dead-letter)");
    }

    @Test
    void shouldSayWhatADetectorFailedOn() {
        assertThat(summary.next(Totals.of().failed(TEMPERATURE, "0_0", 1).late(TEMPERATURE, "0_0", 2).map()))
                .hasValue("set aside in the last minute: 2 late temperature readings, 1 temperature reading a "
                        + "detector failed on (see ./coldchain export --topic late-data)");
    }

    @Test
    void shouldSayOnlyWhatChangedSinceTheLastLookAndNothingWhenNothingDid() {
        summary.next(Totals.of().late(TEMPERATURE, "0_0", 7).noPlan(TEMPERATURE, "0_0", 2).map());

        assertThat(summary.next(Totals.of().late(TEMPERATURE, "0_0", 7).noPlan(TEMPERATURE, "0_0", 2).map())).isEmpty();
        assertThat(summary.next(Totals.of().late(TEMPERATURE, "0_0", 9).noPlan(TEMPERATURE, "0_0", 2).map()))
                .hasValue("set aside in the last minute: 2 late temperature readings (see ./coldchain export "
                        + "--topic late-data)");
    }

    @Test
    void shouldCountARestartedCounterFromZeroANewOneInFullAndForgetAVanishedOne() {
        summary.next(Totals.of().late(ROUTE, "0_0", 40).late(ROUTE, "0_1", 10).map());

        // Task 0_0 re-created (counts from 0 again), 0_1 moved away, 0_2 arrived.
        assertThat(summary.next(Totals.of().late(ROUTE, "0_0", 4).late(ROUTE, "0_2", 6).map()))
                .hasValue("set aside in the last minute: 10 late location fixes (see ./coldchain export --topic "
                        + "late-data)");
    }

    @Test
    void shouldSayWhatWasDeadLetteredOnItsOwnAndNameUnknownNodesAndTheExportFlags() {
        final SetAsideSummary other = new SetAsideSummary(Map.of(), " --topic-prefix acme.", Duration.ofMinutes(5));

        assertThat(other.next(Totals.of().deadLettered("0_0", 2).map())).hasValue("dead-lettered in the last "
                + "5 minutes: 2 (see ./coldchain export --topic dead-letter --topic-prefix acme.)");
        assertThat(other.next(Totals.of().deadLettered("0_0", 2).noPlan("detect-humidity", "0_0", 1).map()))
                .hasValue("set aside in the last 5 minutes: 1 record at detect-humidity without a plan (see "
                        + "./coldchain export --topic late-data --topic-prefix acme.)");
    }

    /** Counter totals, built by reason, node and task. */
    private static final class Totals {

        private final Map<Counter, Long> totals = new HashMap<>();

        static Totals of() {
            return new Totals();
        }

        Totals late(final String node, final String task, final long total) {
            totals.put(new Counter(Reason.LATE, node, "thread-1/" + task), total);
            return this;
        }

        Totals noPlan(final String node, final String task, final long total) {
            totals.put(new Counter(Reason.NO_PLAN, node, "thread-1/" + task), total);
            return this;
        }

        Totals failed(final String node, final String task, final long total) {
            totals.put(new Counter(Reason.DETECTOR_ERROR, node, "thread-1/" + task), total);
            return this;
        }

        Totals deadLettered(final String task, final long total) {
            totals.put(new Counter(Reason.DEAD_LETTER, null, "thread-1/" + task), total);
            return this;
        }

        Map<Counter, Long> map() {
            return Map.copyOf(totals);
        }
    }
}
