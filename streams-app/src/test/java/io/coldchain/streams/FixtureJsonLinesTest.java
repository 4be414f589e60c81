package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import org.junit.jupiter.api.Test;

/** The test-scope JSON Lines reader follows docs/JSON-LINES.md on the lines the fixtures use. */
class FixtureJsonLinesTest {

    @Test
    void shouldFillDefaultsOfTheShortestPlan() throws Exception {
        final FixtureJsonLines.Line line = FixtureJsonLines.parse("{\"type\":\"plan\",\"shipmentId\":\"SHP-000002\","
                + "\"product\":{\"gtin\":\"00614141123452\",\"lot\":\"L2403A\",\"expiryDate\":\"2026-02-28\"},"
                + "\"profileName\":\"refrigerated-2-8\",\"route\":{\"waypoints\":[{\"lat\":50.8099,\"lon\":8.7708},"
                + "{\"lat\":50.1109,\"lon\":8.6821}]},\"origin\":{\"name\":\"Marburg plant\",\"center\":{\"lat\":50.8099,"
                + "\"lon\":8.7708},\"radiusMeters\":250.0},\"destination\":{\"name\":\"Frankfurt DC\",\"center\":"
                + "{\"lat\":50.1109,\"lon\":8.6821},\"radiusMeters\":400.0},\"plannedDeparture\":1740808800000,"
                + "\"plannedArrival\":1740816000000,\"issuedAt\":1740805200000}", 1);

        final ShipmentPlan plan = (ShipmentPlan) line.record();
        assertThat(plan.getStatus()).isEqualTo(ShipmentStatus.PLANNED);
        assertThat(plan.getRoute().getCorridorHalfWidthMeters()).isEqualTo(2000.0);
        assertThat(plan.getSerials()).isEmpty();
        assertThat(plan.getProduct().getName()).isEmpty();
        assertThat(plan.getOrigin().getGln()).isNull();
        assertThat(line.time()).isEqualTo(1740805200000L);
    }

    @Test
    void shouldReadOptionalFieldsAsPlainValuesOrNull() throws Exception {
        final FixtureJsonLines.Line line = FixtureJsonLines.parse("{\"type\":\"custody\",\"eventId\":\"e1\","
                + "\"eventTime\":1740808980000,\"recordTime\":1740808985000,\"action\":\"OBSERVE\",\"bizStep\":\"shipping\","
                + "\"disposition\":\"in_transit\",\"epcList\":[\"00614141123452.A1B2C3\"],\"readPoint\":null,"
                + "\"custodian\":{\"gln\":\"4098765000005\",\"name\":\"Kühl-Logistik GmbH\"},\"shipmentId\":\"SHP-1\","
                + "\"lot\":\"L2403A\"}", 7);

        final CustodyEvent event = (CustodyEvent) line.record();
        assertThat(event.getLot()).isEqualTo("L2403A");
        assertThat(event.getReadPoint()).isNull();
        assertThat(event.getEventTimeZoneOffset()).isEqualTo("+00:00");
        assertThat(line.shipmentId()).isEqualTo("SHP-1");
    }

    @Test
    void shouldRejectUnknownFieldsFractionalTimesAndUnknownSymbols() {
        assertThatThrownBy(() -> FixtureJsonLines.parse("{\"type\":\"temperature\",\"deviceId\":\"L\",\"shipmentId\":\"S\","
                + "\"eventTime\":1,\"temperatureCelsius\":5.0,\"temperatureCelcius\":5.0}", 1))
                .hasMessageContaining("temperatureCelcius");
        assertThatThrownBy(() -> FixtureJsonLines.parse("{\"type\":\"temperature\",\"deviceId\":\"L\",\"shipmentId\":\"S\","
                + "\"eventTime\":1.5,\"temperatureCelsius\":5.0}", 1)).hasMessageContaining("eventTime");
        assertThatThrownBy(() -> FixtureJsonLines.parse("{\"type\":\"humidity\"}", 1)).hasMessageContaining("humidity");
    }
}
