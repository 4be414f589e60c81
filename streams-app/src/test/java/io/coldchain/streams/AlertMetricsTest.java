package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.schemas.Alert;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertMetricsTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldCountEveryAlertWrittenByTypeSeverityAndStatus() {
        try (TemperatureScenario scenario = new TemperatureScenario(stateDir)) {
            scenario.namedPlan(TemperatureProfiles.REFRIGERATED).every(5, 0, 30, 5.0).every(5, 35, 95, 10.0)
                    .every(5, 100, 200, 5.0).quiet();

            final List<Alert> alerts = scenario.alerts();
            final Map<String, Double> expected = alerts.stream().collect(Collectors.groupingBy(
                    a -> a.getType() + "|" + a.getSeverity() + "|" + a.getStatus(), TreeMap::new,
                    Collectors.summingDouble(a -> 1.0)));

            assertThat(alerts).hasSizeGreaterThanOrEqualTo(2);
            assertThat(expected.keySet()).anyMatch(k -> k.endsWith("|OPEN")).anyMatch(k -> k.endsWith("|RESOLVED"));
            assertThat(scenario.alertsCounted()).isEqualTo(expected);
        }
    }
}
