package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.domain.LimitDirection;
import io.coldchain.domain.Severity;
import io.coldchain.domain.TemperatureProfile;
import io.coldchain.domain.TemperatureRuleKind;
import io.coldchain.streams.DetectionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionSettingsFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldGiveTheDefaultsForAnEmptyFile() {
        assertThat(DetectionSettingsFile.parse("", "empty")).isEqualTo(DetectionSettings.defaults());
        assertThat(DetectionSettingsFile.parse("# nothing changed\n", "comments")).isEqualTo(DetectionSettings.defaults());
    }

    @Test
    void shouldOverrideOnlyTheKeysTheFileNamesWithValuesInTheirUnits() {
        final DetectionSettings settings = DetectionSettingsFile.parse("""
                temperature:
                  grace: 90s
                  deadBandCelsius: 0.3C
                route:
                  corridor:
                    defaultHalfWidthMeters: 5km
                    confirmation:
                      minFixes: 5
                      minDuration: 1h30m
                  hygiene:
                    maxSpeedKmh: 160km/h
                serial:
                  samePlaceRadiusMeters: 750m
                  declarationGrace: PT20M
                deliveredRetention: 7d
                eventTimes:
                  earliest: 2015-01-01T00:00:00Z
                """, "test");
        final DetectionSettings defaults = DetectionSettings.defaults();

        assertThat(settings.temperature().grace()).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.temperature().deadBandCelsius()).isEqualTo(0.3);
        assertThat(settings.temperature().minClearTime()).isEqualTo(defaults.temperature().minClearTime());
        assertThat(settings.route().corridor().defaultHalfWidthMeters()).isEqualTo(5_000);
        assertThat(settings.route().corridor().confirmation().minFixes()).isEqualTo(5);
        assertThat(settings.route().corridor().confirmation().minDuration()).isEqualTo(Duration.ofMinutes(90));
        assertThat(settings.route().corridor().confirmation().clearDuration())
                .isEqualTo(defaults.route().corridor().confirmation().clearDuration());
        assertThat(settings.route().corridor().escalationMeters()).isEqualTo(defaults.route().corridor().escalationMeters());
        assertThat(settings.route().hygiene().maxSpeedKmh()).isEqualTo(160);
        assertThat(settings.route().stops()).isEqualTo(defaults.route().stops());
        assertThat(settings.serial().samePlaceRadiusMeters()).isEqualTo(750);
        assertThat(settings.serial().declarationGrace()).isEqualTo(Duration.ofMinutes(20));
        assertThat(settings.serial().maxRoadSpeedKmh()).isEqualTo(defaults.serial().maxRoadSpeedKmh());
        assertThat(settings.deliveredRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.eventTimes().earliest()).isEqualTo(Instant.parse("2015-01-01T00:00:00Z"));
        assertThat(settings.eventTimes().maxAhead()).isEqualTo(defaults.eventTimes().maxAhead());
        assertThat(settings.profiles().names()).isEqualTo(defaults.profiles().names());
    }

    @Test
    void shouldAddTheOperatorsOwnProfilesBesideThePresets() {
        final DetectionSettings settings = DetectionSettingsFile.parse("""
                profiles:
                  - name: insulin-2-8-strict
                    minCelsius: 2C
                    maxCelsius: 8C
                    maxSilence: 30m
                    stabilityBudget: 12h
                    rules:
                      - ruleId: insulin-freezing
                        kind: INSTANT
                        direction: AT_OR_BELOW
                        limitCelsius: 0.5
                        severity: CRITICAL
                      - ruleId: insulin-warm-2h
                        kind: CUMULATIVE
                        direction: AT_OR_ABOVE
                        limitCelsius: 25C
                        duration: 2h
                        severity: HIGH
                """, "test");

        final TemperatureProfile own = settings.profiles().byName("insulin-2-8-strict").orElseThrow();
        assertThat(own.minCelsius()).isEqualTo(2.0);
        assertThat(own.maxCelsius()).isEqualTo(8.0);
        assertThat(own.maxSilenceMillis()).isEqualTo(Duration.ofMinutes(30).toMillis());
        assertThat(own.maxReadingGapMillis()).isEqualTo(Duration.ofMinutes(30).toMillis());
        assertThat(own.stabilityBudgetMillis()).isEqualTo(Duration.ofHours(12).toMillis());
        assertThat(own.rules()).hasSize(2);
        assertThat(own.rules().get(0).kind()).isEqualTo(TemperatureRuleKind.INSTANT);
        assertThat(own.rules().get(0).direction()).isEqualTo(LimitDirection.AT_OR_BELOW);
        assertThat(own.rules().get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(own.rules().get(1).durationMillis()).isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(settings.profiles().byName(TemperatureProfiles.REFRIGERATED)).isPresent();
    }

    @Test
    void shouldReadBackWhatItDescribes() {
        final DetectionSettings changed = DetectionSettingsFile.parse("""
                route:
                  stops:
                    offRouteMinDuration: 20m
                profiles:
                  - name: vaccine-15-25
                    minCelsius: 15
                    maxCelsius: 25
                """, "test");

        final String yaml = DetectionSettingsFile.describe(changed);

        assertThat(yaml).contains("offRouteMinDuration: 20m", "name: vaccine-15-25", "grace: 5m");
        assertThat(DetectionSettingsFile.parse(yaml, "described")).isEqualTo(changed);
        assertThat(DetectionSettingsFile.parse(DetectionSettingsFile.describe(DetectionSettings.defaults()), "defaults"))
                .isEqualTo(DetectionSettings.defaults());
    }

    @Test
    void shouldReadAFile() throws Exception {
        final Path file = Files.writeString(dir.resolve("detection.yaml"), "serial:\n  planWait: 12h\n");
        assertThat(DetectionSettingsFile.read(file).serial().planWait()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void shouldNameTheKeyAndTheProblemInOneLine() {
        assertRefused("route:\n  corridor:\n    halfWidth: 2km\n", "route.corridor", "unknown setting 'halfWidth'");
        assertRefused("temperature:\n  grace: 5 minutes\n", "temperature.grace", "not a duration");
        assertRefused("temperature:\n  grace: 300\n", "temperature.grace", "not a duration");
        assertRefused("route:\n  stops:\n    radiusMeters: 2 miles\n", "route.stops.radiusMeters", "unknown unit");
        assertRefused("route:\n  stops:\n    radiusMeters: -5m\n", "route.stops", "radiusMeters must be positive");
        assertRefused("route:\n  corridor:\n    confirmation:\n      minFixes: 2.5\n",
                "route.corridor.confirmation.minFixes", "expected a whole number");
        assertRefused("serial:\n  speedMargin: a lot\n", "serial.speedMargin", "expected a number, got 'a lot'");
        assertRefused("eventTimes:\n  earliest: yesterday\n", "eventTimes.earliest", "ISO-8601 instant");
        assertRefused("profiles:\n  - name: warm\n    minCelsius: 30\n    maxCelsius: 20\n", "profiles[0] ('warm')",
                "minCelsius 30.0 is above maxCelsius 20.0");
        assertRefused("profiles:\n  - name: p\n    rules:\n      - {ruleId: r, kind: CUMULATIVE, direction: AT_OR_ABOVE,"
                + " limitCelsius: 30, severity: HIGH}\n", "profiles[0] ('p').rules[0] ('r')", "positive duration");
        assertRefused("profiles:\n  - name: p\n    rules:\n      - {ruleId: r, kind: SOMETIMES, direction: AT_OR_ABOVE,"
                + " limitCelsius: 30, severity: HIGH}\n", "profiles[0].rules[0].kind",
                "expected one of [INSTANT, CONSECUTIVE, CUMULATIVE, MKT], got 'SOMETIMES'");
        assertRefused("profiles:\n  - {name: p}\n  - {name: p}\n", "profiles[1]", "a second profile named 'p'");
        assertRefused("- a list\n", "", "expected keys");
        assertRefused("route: [unclosed\n", "", "not YAML");
    }

    @Test
    void shouldSayWhichFileIsMissing() {
        assertThatThrownBy(() -> DetectionSettingsFile.read(dir.resolve("nope.yaml")))
                .isInstanceOf(DetectionSettingsFile.InvalidSettingsException.class)
                .hasMessage("detection settings " + dir.resolve("nope.yaml") + ": no such file");
    }

    @Test
    void shouldDocumentTheDefaultsAsTheCodeHasThemAndAnExampleThatReads() throws Exception {
        final String doc = Files.readString(Path.of("..", "docs", "DETECTION-SETTINGS.md"));
        final String begin = "<!-- defaults:begin -->\n```yaml\n";
        final String defaults = doc.substring(doc.indexOf(begin) + begin.length(),
                doc.indexOf("```\n<!-- defaults:end -->"));
        assertThat(defaults).isEqualTo(DetectionSettingsFile.describe(DetectionSettings.defaults()));

        final String heading = "## An example\n\n```yaml\n";
        final int example = doc.indexOf(heading) + heading.length();
        final DetectionSettings settings = DetectionSettingsFile.parse(doc.substring(example,
                doc.indexOf("```", example)), "the example in docs/DETECTION-SETTINGS.md");
        assertThat(settings.route().corridor().defaultHalfWidthMeters()).isEqualTo(5_000);
        assertThat(settings.profiles().byName("insulin-2-8")).isPresent();
    }

    private static void assertRefused(final String yaml, final String key, final String problem) {
        assertThatThrownBy(() -> DetectionSettingsFile.parse(yaml, "f.yaml"))
                .as(yaml)
                .isInstanceOf(DetectionSettingsFile.InvalidSettingsException.class)
                .hasMessageStartingWith("detection settings f.yaml: " + key)
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
