package io.coldchain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.domain.CustodyEvent;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.rules.route.RouteFixtures;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.DetectionOverrides;
import io.coldchain.schemas.ErrorDeclaration;
import io.coldchain.schemas.Severity;
import io.coldchain.schemas.TemperatureProfile;
import io.coldchain.schemas.TemperatureRule;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.streams.GoodStream;
import io.coldchain.streams.Plans;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The one seam: every contract record maps to its domain twin and back unchanged. */
class ContractsTest {

    @Test
    void shouldMapAPlanWithEveryOptionalFieldBothWays() {
        final io.coldchain.schemas.ShipmentPlan wire = io.coldchain.schemas.ShipmentPlan.newBuilder(
                        Plans.baselToFrankfurt("SHP-1").build())
                .setIssuedAt(Plans.DEPARTURE.toEpochMilli())
                .setProfileName(null)
                .setProfile(TemperatureProfile.newBuilder().setName("own").setMinCelsius(2).setMaxCelsius(8)
                        .setMaxReadingGapMillis(600_000).setMaxSilenceMillis(1_800_000).setStabilityBudgetMillis(0)
                        .setRules(List.of(TemperatureRule.newBuilder().setRuleId("hot")
                                .setKind(io.coldchain.schemas.TemperatureRuleKind.CONSECUTIVE)
                                .setDirection(io.coldchain.schemas.LimitDirection.AT_OR_ABOVE).setLimitCelsius(8)
                                .setDurationMillis(1_800_000).setWindowMillis(0).setSeverity(Severity.HIGH).build()))
                        .build())
                .setDetectionOverrides(DetectionOverrides.newBuilder().setCorridorConfirmationMinFixes(5).build())
                .build();

        final ShipmentPlan domain = Contracts.toDomain(wire);

        assertThat(domain.shipmentId()).isEqualTo("SHP-1");
        assertThat(domain.profile().rules().get(0).kind()).isEqualTo(io.coldchain.domain.TemperatureRuleKind.CONSECUTIVE);
        assertThat(domain.detectionOverrides().corridorConfirmationMinFixes()).isEqualTo(5);
        assertThat(domain.detectionOverrides().corridorConfirmationMinDurationMillis()).isNull();
        assertThat(Contracts.toWire(domain)).isEqualTo(wire);
    }

    @Test
    void shouldMapReadingsFixesAndCustodyEventsBothWays() {
        final io.coldchain.schemas.TemperatureReading reading = Plans.reading("SHP-1", Duration.ofMinutes(5), 4.5);
        assertThat(Contracts.toWire(Contracts.toDomain(reading))).isEqualTo(reading);

        final io.coldchain.schemas.LocationFix fix = Contracts.toWire(RouteFixtures.fix("SHP-1", 1L, 47.5, 7.6, null));
        assertThat(Contracts.toDomain(fix).accuracyMeters()).isNull();
        assertThat(Contracts.toWire(Contracts.toDomain(fix))).isEqualTo(fix);

        final io.coldchain.schemas.CustodyEvent scan = io.coldchain.schemas.CustodyEvent.newBuilder(
                        GoodStream.shipping("SHP-1"))
                .setErrorDeclaration(ErrorDeclaration.newBuilder().setDeclarationTime(5L).setReason("incorrect_data")
                        .setCorrectiveEventIds(List.of("urn:uuid:fix")).build())
                .build();
        final CustodyEvent domain = Contracts.toDomain(scan);
        assertThat(domain.errorDeclaration().correctiveEventIds()).containsExactly("urn:uuid:fix");
        assertThat(domain.fingerprint()).isEqualTo(CustodyFingerprint.of(scan)).isNotBlank();
        assertThat(Contracts.toWire(domain)).isEqualTo(scan);
    }

    @Test
    void shouldKeepTheEvidenceInItsOrderOnTheWayOut() {
        final Map<String, String> evidence = new LinkedHashMap<>();
        for (final String name : List.of("z", "a", "m", "b")) {
            evidence.put(name, name.toUpperCase());
        }
        final Alert wire = Alert.newBuilder().setAlertId("a-1").setType(AlertType.DIVERSION).setSeverity(Severity.HIGH)
                .setStatus(AlertStatus.OPEN).setShipmentId("SHP-1").setSerial(null).setRuleId("r")
                .setFirstEvidenceTime(1L).setLastEvidenceTime(2L).setSummary("s").setEvidence(evidence).build();

        final Alert back = Contracts.toWire(Contracts.toDomain(wire));

        assertThat(back).isEqualTo(wire);
        assertThat(back.getEvidence().keySet()).containsExactly("z", "a", "m", "b");
    }

    @Test
    void shouldHaveADomainTwinForEveryContractEnumConstant() {
        assertSameNames(io.coldchain.schemas.AlertType.values(), io.coldchain.domain.AlertType.values());
        assertSameNames(io.coldchain.schemas.AlertStatus.values(), io.coldchain.domain.AlertStatus.values());
        assertSameNames(io.coldchain.schemas.Severity.values(), io.coldchain.domain.Severity.values());
        assertSameNames(io.coldchain.schemas.ShipmentStatus.values(), io.coldchain.domain.ShipmentStatus.values());
        assertSameNames(io.coldchain.schemas.EpcisAction.values(), io.coldchain.domain.EpcisAction.values());
        assertSameNames(io.coldchain.schemas.LimitDirection.values(), io.coldchain.domain.LimitDirection.values());
        assertSameNames(io.coldchain.schemas.TemperatureRuleKind.values(),
                io.coldchain.domain.TemperatureRuleKind.values());
    }

    @Test
    void shouldStoreDomainPlansAsTheContractsBytes() {
        final Serde<io.coldchain.schemas.ShipmentPlan> wire = AvroSerdes.local()
                .value(io.coldchain.schemas.ShipmentPlan.class);
        final io.coldchain.schemas.ShipmentPlan plan = Plans.baselToFrankfurt("SHP-1").build();
        final DomainSerde<io.coldchain.schemas.ShipmentPlan, ShipmentPlan> store = DomainSerde.plans(wire);

        final byte[] bytes = store.serializer().serialize("plans", Contracts.toDomain(plan));

        assertThat(bytes).isEqualTo(wire.serializer().serialize("plans", plan));
        assertThat(store.deserializer().deserialize("plans", bytes)).isEqualTo(Contracts.toDomain(plan));
        assertThat(store.deserializer().deserialize("plans", null)).isNull();
    }

    private static void assertSameNames(final Enum<?>[] wire, final Enum<?>[] domain) {
        assertThat(Arrays.stream(domain).map(Enum::name)).containsExactlyElementsOf(
                Arrays.stream(wire).map(Enum::name).toList());
    }
}
