package io.coldchain.cli.alerts;

import static io.coldchain.cli.alerts.Alerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Severity;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AlertFormatTest {

    @Test
    void shouldWriteOneAlignedLineWithTheTimeInTheZoneNamedInTheHeader() {
        final AlertFormat berlin = new AlertFormat(ZoneId.of("Europe/Berlin"), false);

        assertThat(berlin.header()).containsExactly(
                "Times are the latest evidence of each alert, in Europe/Berlin.",
                "TIME              STATUS   SEVERITY     TYPE                   SHIPMENT    SERIAL SUMMARY [ALERT ID]");
        assertThat(berlin.line(alert().build())).isEqualTo("2026-03-03 11:15  OPEN     MEDIUM       "
                + "TEMPERATURE_EXCURSION  SHP-000004  10.1 °C: outside 2.0..8.0 °C (refrigerated-2-8)  [9ac3ce2a]");
        assertThat(new AlertFormat(ZoneOffset.UTC, false).line(alert().build())).startsWith("2026-03-03 10:15  OPEN ");
        assertThat(new AlertFormat(ZoneOffset.UTC, false).header().get(0)).endsWith(" in UTC.");
        assertThat(new AlertFormat(ZoneOffset.ofHours(-5), false).header().get(0)).endsWith(" in UTC-05:00.");
    }

    @Test
    void shouldShowASerialBeforeTheSummary() {
        final String line = new AlertFormat(ZoneOffset.UTC, false).line(alert().setType(AlertType.DUPLICATE_SERIAL)
                .setSerial("00614141123452.A1B2C3").setSummary("Seen twice.").build());

        assertThat(line).endsWith("DUPLICATE_SERIAL       SHP-000004  00614141123452.A1B2C3 Seen twice.  [9ac3ce2a]");
    }

    @Test
    void shouldColourTheLineBySeverityOnlyWhenAsked() {
        final AlertFormat colour = new AlertFormat(ZoneOffset.UTC, true);
        final AlertFormat plain = new AlertFormat(ZoneOffset.UTC, false);

        assertThat(colour.line(alert().setSeverity(Severity.CRITICAL).build())).startsWith("\u001b[1;31m2026-")
                .endsWith("\u001b[0m");
        assertThat(colour.line(alert().setSeverity(Severity.HIGH).build())).startsWith("\u001b[31m");
        assertThat(colour.line(alert().setSeverity(Severity.MEDIUM).build())).startsWith("\u001b[33m");
        assertThat(colour.line(alert().setSeverity(Severity.LOW).build())).startsWith("\u001b[36m");
        assertThat(colour.line(alert().setSeverity(Severity.NOTIFICATION).build())).startsWith("2026-");
        assertThat(plain.line(alert().setSeverity(Severity.CRITICAL).build())).doesNotContain("\u001b");
    }

    @Test
    void shouldNeitherBreakTheLineNorPassEscapeSequencesFromTheDataToTheTerminal() {
        final String line = new AlertFormat(ZoneOffset.UTC, false).line(alert().setAlertId("ab")
                .setStatus(AlertStatus.RESOLVED).setSummary("line one\nline two \u001b[2J").build());

        assertThat(line).doesNotContain("\n", "\u001b").contains("line one\uFFFDline two \uFFFD[2J").endsWith("[ab]");
    }
}
