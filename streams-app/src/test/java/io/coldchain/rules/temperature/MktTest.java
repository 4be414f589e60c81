package io.coldchain.rules.temperature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MktTest {

    private static double mkt(final double... hoursAndCelsius) {
        double weighted = 0;
        double total = 0;
        for (int i = 0; i < hoursAndCelsius.length; i += 2) {
            weighted += hoursAndCelsius[i] * Mkt.weight(hoursAndCelsius[i + 1]);
            total += hoursAndCelsius[i];
        }
        return Mkt.celsius(weighted, total);
    }

    @Test
    void shouldMatchTheGoldenVectorOf23HoursAt5And1HourAt15() {
        assertThat(mkt(23, 5.0, 1, 15.0)).isCloseTo(5.76, within(0.01));
    }

    @Test
    void shouldMatchTheGoldenVectorOf22HoursAt5And2HoursAt25() {
        assertThat(mkt(22, 5.0, 2, 25.0)).isCloseTo(9.83, within(0.01));
    }

    @Test
    void shouldEqualTheTemperatureWhenItIsConstantAndExceedTheMeanOtherwise() {
        assertThat(mkt(5, 6.0)).isCloseTo(6.0, within(1e-9));
        final double mean = (22 * 5.0 + 2 * 25.0) / 24;
        assertThat(mkt(22, 5.0, 2, 25.0)).isGreaterThan(mean);
    }

    @Test
    void shouldBeUndefinedWithoutTime() {
        assertThat(Mkt.celsius(0, 0)).isNaN();
    }
}
