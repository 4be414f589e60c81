package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.ops.DetectionSettingsFile;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings changed in a detection settings file change what the whole topology detects, as they say. */
class ConfiguredThresholdsTest {

    @TempDir
    Path stateDir;

    private static DetectionSettings file(final String yaml) {
        return DetectionSettingsFile.parse(yaml, "test").withEventTimes(DriverSettings.ANY_FUTURE);
    }

    private List<Alert> tenDegreesForAnHour(final String dir, final DetectionSettings settings) {
        try (TemperatureScenario scenario = new TemperatureScenario(stateDir.resolve(dir), settings)) {
            scenario.namedPlan(TemperatureProfiles.REFRIGERATED).every(5, 0, 30, 5.0).every(5, 35, 95, 10.0)
                    .every(5, 100, 200, 5.0).quiet();
            return scenario.alerts();
        }
    }

    @Test
    void shouldJudgeReadingsByTheOperatorsProfileWhenItReplacesAPreset() {
        final List<Alert> builtIn = tenDegreesForAnHour("built-in", DriverSettings.detection());
        final List<Alert> widened = tenDegreesForAnHour("widened", file("""
                profiles:
                  - name: refrigerated-2-8
                    minCelsius: 2C
                    maxCelsius: 12C
                """));

        assertThat(builtIn).extracting(Alert::getType).contains(AlertType.TEMPERATURE_EXCURSION);
        assertThat(widened).isEmpty();
    }

    @Test
    void shouldPlaceAReadingInOrderWithinALongerGracePeriodInsteadOfSettingItAside() {
        for (final String grace : List.of("5m", "30m")) {
            try (TemperatureScenario scenario = new TemperatureScenario(stateDir.resolve(grace),
                    file("temperature:\n  grace: " + grace + "\n"))) {
                scenario.namedPlan(TemperatureProfiles.REFRIGERATED).every(5, 0, 60, 5.0).at(40.5, 5.0);

                assertThat(scenario.late()).as("grace %s", grace).hasSize(grace.equals("5m") ? 1 : 0);
            }
        }
    }
}
