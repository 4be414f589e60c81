package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.streams.topology.RouteTopology;
import io.coldchain.streams.topology.SerialTopology;
import io.coldchain.streams.topology.TemperatureTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The good stream of the reliability tests raises its alerts without waiting for the wall-clock hand-over")
class GoodStreamTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldRaiseOneStoryPerShipmentAndNothingMoreOnceEveryShipmentHasGoneQuiet() {
        try (WholeTopology app = new WholeTopology(stateDir, DriverSettings.detection())) {
            app.pipe(GoodStream.records());
            // Serial findings wait for a pack's inputs to settle (seconds); telemetry needs no wall clock at all.
            app.settle(SerialTopology.SETTLE.plusSeconds(1));
            final List<Alert> alerts = app.alerts();

            assertThat(alerts).extracting(Alert::getShipmentId, Alert::getType, Alert::getStatus)
                    .containsExactlyInAnyOrder(
                            tuple(GoodStream.WARM, AlertType.TEMPERATURE_EXCURSION, AlertStatus.OPEN),
                            tuple(GoodStream.WARM, AlertType.TEMPERATURE_EXCURSION, AlertStatus.RESOLVED),
                            tuple(GoodStream.DETOUR, AlertType.ROUTE_DEVIATION, AlertStatus.OPEN),
                            tuple(GoodStream.DETOUR, AlertType.ROUTE_DEVIATION, AlertStatus.UPDATED),
                            tuple(GoodStream.DETOUR, AlertType.ROUTE_DEVIATION, AlertStatus.RESOLVED),
                            tuple(GoodStream.TWIN, AlertType.DUPLICATE_SERIAL, AlertStatus.OPEN));

            app.settle(Duration.ofMinutes(10));
            final List<Alert> later = app.alerts();
            assertThat(later).as("alerts that waited for the wall clock").isEmpty();
            assertThat(app.lateData()).isEmpty();
            assertThat(app.deadLetters()).isEmpty();
            assertThat(app.entries(TemperatureTopology.BUFFER_STORE)).isEmpty();
            assertThat(app.entries(RouteTopology.BUFFER_STORE)).isEmpty();
        }
    }
}
