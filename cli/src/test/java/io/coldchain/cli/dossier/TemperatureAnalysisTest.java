package io.coldchain.cli.dossier;

import static io.coldchain.cli.dossier.DossierFixtures.HOUR;
import static io.coldchain.cli.dossier.DossierFixtures.MINUTE;
import static io.coldchain.cli.dossier.DossierFixtures.T0;
import static io.coldchain.cli.dossier.DossierFixtures.WARM;
import static io.coldchain.cli.dossier.DossierFixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.coldchain.contract.Contracts;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.schemas.TemperatureProfile;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TemperatureAnalysisTest {

    private static final TemperatureProfile REFRIGERATED = Contracts.toWire(
            TemperatureProfiles.builtIn().byName("refrigerated-2-8").orElseThrow());

    /** USP &lt;1160&gt; with ΔH/R = 10 000 K, written out here rather than taken from the code under test. */
    private static double mkt(final double[] hours, final double[] celsius) {
        double weighted = 0;
        double total = 0;
        for (int i = 0; i < hours.length; i++) {
            weighted += hours[i] * Math.exp(-10_000.0 / (celsius[i] + 273.15));
            total += hours[i];
        }
        return 10_000.0 / -Math.log(weighted / total) - 273.15;
    }

    @Test
    void shouldStateEachExcursionsFiguresFromTheReadings() {
        final TemperatureAnalysis analysis = TemperatureAnalysis.of(REFRIGERATED, DossierFixtures.warmReadings(),
                OptionalLong.of(T0 + 30 * HOUR + 5 * MINUTE));

        assertThat(analysis.excursions()).hasSize(2);
        final TemperatureAnalysis.Excursion warm = analysis.excursions().get(0);
        assertThat(warm.start()).isEqualTo(T0 + 23 * HOUR);
        assertThat(warm.end()).isEqualTo(T0 + 24 * HOUR);
        assertThat(warm.durationMillis()).isEqualTo(HOUR);
        assertThat(warm.minCelsius()).isEqualTo(15.0);
        assertThat(warm.maxCelsius()).isEqualTo(15.0);
        assertThat(warm.degreeHours()).isCloseTo(7.0, within(1e-9)); // (15 - 8) °C × 1 h
        assertThat(warm.budgetPercent()).isCloseTo(100.0 / 24, within(1e-9));
        // the golden vector of docs/REFERENCE: 23 h at 5 °C + 1 h at 15 °C → 5.76 °C
        assertThat(warm.mktCelsius()).isCloseTo(5.76, within(0.005));
        assertThat(warm.mktCoveredMillis()).isEqualTo(24 * HOUR);

        final TemperatureAnalysis.Excursion cold = analysis.excursions().get(1);
        assertThat(cold.start()).isEqualTo(T0 + 26 * HOUR);
        assertThat(cold.end()).isEqualTo(T0 + 26 * HOUR + 30 * MINUTE);
        assertThat(cold.durationMillis()).isEqualTo(30 * MINUTE);
        assertThat(cold.minCelsius()).isEqualTo(0.5);
        assertThat(cold.maxCelsius()).isEqualTo(1.0);
        assertThat(cold.degreeHours()).isCloseTo(0.25 * (2 - 1.0) + 0.25 * (2 - 0.5), within(1e-9));
        assertThat(cold.budgetPercent()).isCloseTo(0.5 * 100 / 24, within(1e-9));
        assertThat(cold.cumulativeBudgetPercent()).isCloseTo(1.5 * 100 / 24, within(1e-9));
        assertThat(cold.mktCelsius()).isCloseTo(mkt(new double[] {22.5, 1, 0.25, 0.25}, new double[] {5, 15, 1.0, 0.5}),
                within(1e-6));

        assertThat(analysis.coveredMillis()).isEqualTo(30 * HOUR);
        assertThat(analysis.outOfBandMillis()).isEqualTo(90 * MINUTE);
        assertThat(analysis.missingMillis()).isZero();
        assertThat(analysis.budgetUsedPercent()).isCloseTo(6.25, within(1e-9));
        assertThat(analysis.mktCelsius()).isCloseTo(mkt(new double[] {28.5, 1, 0.25, 0.25}, new double[] {5, 15, 1.0, 0.5}),
                within(1e-6));
        assertThat(analysis.minCelsius()).isEqualTo(0.5);
        assertThat(analysis.maxCelsius()).isEqualTo(15.0);
    }

    @Test
    void shouldCountAGapLongerThanTheProfileAllowsAsMissingNotAsTimeOutOfRange() {
        // a reading stands for at most 30 min (the profile's maxReadingGapMillis)
        final TemperatureAnalysis analysis = TemperatureAnalysis.of(REFRIGERATED, List.of(
                reading(WARM, T0, 5.0), reading(WARM, T0 + HOUR, 10.0), reading(WARM, T0 + 3 * HOUR, 10.0),
                reading(WARM, T0 + 3 * HOUR + 15 * MINUTE, 5.0)), OptionalLong.empty());

        assertThat(analysis.missingMillis()).isEqualTo(30 * MINUTE + 90 * MINUTE);
        assertThat(analysis.excursions()).singleElement().satisfies(e -> {
            assertThat(e.start()).isEqualTo(T0 + HOUR);
            assertThat(e.end()).isEqualTo(T0 + 3 * HOUR + 15 * MINUTE);
            assertThat(e.durationMillis()).isEqualTo(45 * MINUTE);
            assertThat(e.degreeHours()).isCloseTo(2 * 0.75, within(1e-9));
            // the 24 h window holds 1 h 15 min of data: the MKT says so
            assertThat(e.mktCoveredMillis()).isEqualTo(75 * MINUTE);
        });
    }

    @Test
    void shouldEndAnExcursionAtTheEndOfItsDataWhenDataIsMissingBeforeTheNextReading() {
        final TemperatureAnalysis analysis = TemperatureAnalysis.of(REFRIGERATED, List.of(
                reading(WARM, T0, 9.0), reading(WARM, T0 + 2 * HOUR, 5.0)), OptionalLong.empty());

        assertThat(analysis.excursions()).singleElement().satisfies(e -> {
            assertThat(e.end()).isEqualTo(T0 + 30 * MINUTE);
            assertThat(e.durationMillis()).isEqualTo(30 * MINUTE);
        });
    }

    @Test
    void shouldLeaveOutReadingsFromTheDeliveryOnAndRepeatedInstants() {
        final TemperatureAnalysis analysis = TemperatureAnalysis.of(REFRIGERATED, List.of(
                reading(WARM, T0, 5.0), reading(WARM, T0, 30.0), reading(WARM, T0 + 15 * MINUTE, 5.0),
                reading(WARM, T0 + 30 * MINUTE, 20.0)), OptionalLong.of(T0 + 30 * MINUTE));

        assertThat(analysis.readings()).isEqualTo(2);
        assertThat(analysis.excursions()).isEmpty();
        assertThat(analysis.coveredMillis()).isEqualTo(15 * MINUTE);
    }

    @Test
    void shouldNotStateMktForAProfileWithoutAnMktRule() {
        final TemperatureProfile frozen = Contracts.toWire(TemperatureProfiles.builtIn().byName("frozen").orElseThrow());
        final TemperatureAnalysis analysis = TemperatureAnalysis.of(frozen, List.of(
                reading(WARM, T0, -15.0), reading(WARM, T0 + 15 * MINUTE, -5.0), reading(WARM, T0 + 30 * MINUTE, -15.0)),
                OptionalLong.empty());

        assertThat(analysis.mktWindowMillis()).isZero();
        assertThat(analysis.excursions()).singleElement().satisfies(e -> assertThat(e.mktCelsius()).isNaN());
        assertThat(analysis.budgetUsedPercent()).isNaN();
    }
}
