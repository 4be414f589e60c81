package io.coldchain.streams;

import static io.coldchain.streams.SerialScenario.scan;
import static io.coldchain.streams.SerialScenario.sgtin;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.rules.serial.SerialSettings;
import io.coldchain.rules.serial.SerialState;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertType;
import io.coldchain.streams.topology.SerialTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serial checks' punctuations stop at their {@link WorkBudget} and go on at the next one: a replay's burst of
 * settled serials and due declaration spans must not keep a transaction open past its timeout. Splitting the work
 * changes when serials are applied and judged, never the alerts.
 */
class SerialWorkBudgetTest {

    private static final String[] PACKS = {sgtin("S1"), sgtin("S2"), sgtin("S3"), sgtin("S4"), sgtin("S5")};
    /** One serial per punctuation. */
    private static final WorkBudget ONE_AT_A_TIME = new WorkBudget(1, Duration.ZERO);

    @TempDir
    Path defaultDir;
    @TempDir
    Path budgetDir;

    @Test
    void shouldApplyOnlyWhatTheBudgetAllowsAtOneCheck() {
        try (SerialScenario unbounded = new SerialScenario(defaultDir);
             SerialScenario oneAtATime = new SerialScenario(budgetDir, SerialSettings.defaults(),
                     Map.of(WorkBudget.CONFIG, ONE_AT_A_TIME))) {
            for (final SerialScenario scenario : List.of(unbounded, oneAtATime)) {
                pipe(scenario);
                // One check. Settled: S1, S2, S4, S5 and GHOST; S3 and COPY were sighted in a shipment without a
                // plan, so they wait for the quiet instead.
                scenario.advanceWallClock(SerialTopology.SETTLE);
            }

            assertThat(count(unbounded.serialStatesNow())).as("all settled serials applied at once").isEqualTo(5);
            assertThat(count(oneAtATime.serialStatesNow())).as("one serial per check").isEqualTo(1);
        }
    }

    @Test
    void shouldRaiseTheSameAlertsWhenEveryCheckDoesOneSerial() {
        final List<Alert> unbounded;
        final List<Alert> oneAtATime;
        try (SerialScenario scenario = new SerialScenario(defaultDir)) {
            unbounded = run(scenario);
        }
        try (SerialScenario scenario = new SerialScenario(budgetDir, SerialSettings.defaults(),
                Map.of(WorkBudget.CONFIG, ONE_AT_A_TIME))) {
            oneAtATime = run(scenario);
        }

        assertThat(unbounded.stream().map(Alert::getType)).as("the scenario's findings")
                .contains(AlertType.DUPLICATE_SERIAL, AlertType.UNKNOWN_SERIAL).hasSizeGreaterThanOrEqualTo(6);
        assertThat(oneAtATime).containsExactlyInAnyOrderElementsOf(unbounded);
    }

    /**
     * Two open plans list five packs (a duplicate each, judged once stream time is past their declaration grace), a
     * scan sights them and a pack no plan lists, and a clone of one is scanned in a shipment without a plan.
     */
    private static void pipe(final SerialScenario scenario) {
        scenario.plan("SHP-A", PACKS).plan("SHP-B", PACKS)
                .scanned(scan("ev-1", "SHP-A", 0, PACKS))
                .scanned(scan("ev-2", "SHP-A", 1, sgtin("GHOST")))
                .scanned(scan("ev-3", "SHP-X", 2, sgtin("S3"), sgtin("COPY")).setBizLocation(SerialScenario.TOKYO))
                .scanned(scan("ev-4", "SHP-A", 30, sgtin("S1"))); // stream time past the grace of every span
    }

    /** Pipes the scenario and lets the wall clock run a second at a time, long enough for the quiet judgement. */
    private static List<Alert> run(final SerialScenario scenario) {
        pipe(scenario);
        final List<Alert> alerts = new ArrayList<>();
        final long checks = SerialTopology.QUIET_BEFORE_JUDGING.plus(SerialTopology.SETTLE).toSeconds() * 2;
        for (int i = 0; i < checks; i++) {
            scenario.advanceWallClock(SerialTopology.SETTLE_CHECK_INTERVAL);
        }
        alerts.addAll(scenario.alerts());
        return alerts;
    }

    private static int count(final KeyValueStore<String, SerialState> store) {
        int n = 0;
        try (KeyValueIterator<String, SerialState> it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }
}
