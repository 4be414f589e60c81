package io.coldchain.sim.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    @Test
    void shouldReadShortFormsAndIso8601() {
        assertThat(DurationConverter.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationConverter.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationConverter.parse("pt30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationConverter.parse("1d")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void shouldExplainWhatItExpects() {
        assertThatThrownBy(() -> DurationConverter.parse("5 minutes"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("PT5M").hasMessageContaining("5m");
    }
}
