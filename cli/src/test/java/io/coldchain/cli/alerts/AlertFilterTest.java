package io.coldchain.cli.alerts;

import static io.coldchain.cli.alerts.Alerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Severity;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertFilterTest {

    @Test
    void shouldLetEverythingThroughByDefault() {
        final AlertFilter all = AlertFilter.all();

        for (final Severity severity : Severity.values()) {
            assertThat(all.test(alert().setSeverity(severity).build())).as("%s", severity).isTrue();
        }
        assertThat(all.describe()).isEqualTo("all alerts");
    }

    @Test
    void shouldKeepTheMinimumSeverityAndEverythingMoreUrgent() {
        final AlertFilter high = new AlertFilter(Severity.HIGH, Set.of(), Set.of());

        assertThat(high.test(alert().setSeverity(Severity.LOW).build())).isFalse();
        assertThat(high.test(alert().setSeverity(Severity.MEDIUM).build())).isFalse();
        assertThat(high.test(alert().setSeverity(Severity.HIGH).build())).isTrue();
        assertThat(high.test(alert().setSeverity(Severity.CRITICAL).build())).isTrue();
        assertThat(high.describe()).isEqualTo("severity HIGH and above");
        assertThat(new AlertFilter(Severity.CRITICAL, Set.of(), Set.of()).describe()).isEqualTo("severity CRITICAL");
    }

    @Test
    void shouldKeepOnlyTheTypesAndShipmentsAskedFor() {
        final AlertFilter filter = new AlertFilter(Severity.NOTIFICATION,
                Set.of(AlertType.DIVERSION, AlertType.TEMPERATURE_EXCURSION), Set.of("SHP-000004", "SHP-000009"));

        assertThat(filter.test(alert().build())).isTrue();
        assertThat(filter.test(alert().setType(AlertType.DIVERSION).setShipmentId("SHP-000009").build())).isTrue();
        assertThat(filter.test(alert().setType(AlertType.MKT_EXCEEDED).build())).isFalse();
        assertThat(filter.test(alert().setShipmentId("SHP-000005").build())).isFalse();
        assertThat(filter.describe())
                .isEqualTo("types DIVERSION, TEMPERATURE_EXCURSION, shipments SHP-000004, SHP-000009");
    }
}
