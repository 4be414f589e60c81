package io.coldchain.cli.dossier;

import static io.coldchain.cli.dossier.DossierFixtures.BAND_ALERT;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.rules.temperature.TemperatureProfiles;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DossierBuilderTest {

    private final DossierBuilder builder = new DossierBuilder(ZoneId.of("UTC"), TemperatureProfiles.builtIn(), null, null);

    @Test
    void shouldTabulateTheExcursionsWithTheirFigures() {
        final Dossier dossier = builder.build(DossierFixtures.warm());

        assertThat(dossier.excursions()).extracting(Dossier.ExcursionRow::start, Dossier.ExcursionRow::end,
                        Dossier.ExcursionRow::duration, Dossier.ExcursionRow::min, Dossier.ExcursionRow::max,
                        Dossier.ExcursionRow::degreeHours, Dossier.ExcursionRow::budget,
                        Dossier.ExcursionRow::cumulativeBudget, Dossier.ExcursionRow::mkt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2025-03-02 05:00 +00:00", "2025-03-02 06:00 +00:00", "1 h",
                                "15.00 °C", "15.00 °C", "7.00", "4.2 %", "4.2 %", "5.76 °C"),
                        org.assertj.core.groups.Tuple.tuple("2025-03-02 08:00 +00:00", "2025-03-02 08:30 +00:00", "30 min",
                                "0.50 °C", "1.00 °C", "0.63", "2.1 %", "6.3 %", "5.70 °C"));
    }

    @Test
    void shouldShowTimesInTheGivenZone() {
        final Dossier dossier = new DossierBuilder(ZoneId.of("Europe/Berlin"), TemperatureProfiles.builtIn(), null, null)
                .build(DossierFixtures.warm());

        assertThat(dossier.excursions().get(0).start()).isEqualTo("2025-03-02 06:00 +01:00");
        assertThat(dossier.zone()).isEqualTo("Europe/Berlin");
    }

    @Test
    void shouldListTheCustodyChainInTimeOrderWithPartiesAndPlaces() {
        final Dossier dossier = builder.build(DossierFixtures.warm());

        assertThat(dossier.custody()).extracting(Dossier.CustodyRow::bizStep)
                .containsExactly("commissioning", "shipping", "receiving", "shipping", "receiving");
        assertThat(dossier.custody().get(2).custodian()).isEqualTo("Würzburg Cross-Dock (GLN 4034567000007)");
        assertThat(dossier.custody().get(2).handOff())
                .isEqualTo("from Kühl-Logistik GmbH (GLN 4098765000003); to Würzburg Cross-Dock (GLN 4034567000007)");
        assertThat(dossier.custody().get(4).place()).startsWith("Munich wholesaler (GLN 4045678000004)");
        assertThat(dossier.summary()).contains(new Dossier.Fact("Delivered", "2025-03-02 12:05 +00:00"));
    }

    @Test
    void shouldGiveEachAlertItsStatusHistoryAcknowledgementsAndChainPositions() {
        final Dossier dossier = builder.build(DossierFixtures.warm());

        final Dossier.AlertHistory band = dossier.alerts().stream().filter(a -> a.alertId().equals(BAND_ALERT)).findFirst()
                .orElseThrow();
        assertThat(band.steps()).extracting(Dossier.AlertStep::status).containsExactly("OPEN", "UPDATED", "RESOLVED");
        assertThat(band.status()).isEqualTo("RESOLVED");
        assertThat(band.acknowledgements()).extracting(Dossier.AckRow::by).containsExactly("qa.mueller");
        assertThat(band.audit()).extracting(Dossier.AuditRow::change, Dossier.AuditRow::partition, Dossier.AuditRow::sequence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("OPENED", 1, 41L),
                        org.assertj.core.groups.Tuple.tuple("UPDATED", 1, 42L),
                        org.assertj.core.groups.Tuple.tuple("ACKNOWLEDGED", 1, 44L),
                        org.assertj.core.groups.Tuple.tuple("RESOLVED", 1, 47L));
        assertThat(dossier.alerts()).hasSize(3);
        assertThat(dossier.routeEvents()).singleElement().satisfies(r -> assertThat(r.type()).isEqualTo("ROUTE_DEVIATION"));
    }

    @Test
    void shouldShowBothRecordsOfASerialFindingSideBySide() {
        final Dossier dossier = builder.build(DossierFixtures.clonedSerial());

        assertThat(dossier.serialFindings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo("DUPLICATE_SERIAL");
            assertThat(f.serial()).isEqualTo(DossierFixtures.SERIAL);
            assertThat(f.records()).containsExactly("otherSighting", "sighting");
            assertThat(f.rows()).contains(new Dossier.EvidenceRow("custodianName",
                    List.of("Apteka Centralna Warszawa", "Frankfurt DC GmbH")));
            assertThat(f.other()).contains(new Dossier.Fact("distanceMeters", "893412"));
        });
        assertThat(dossier.excursions()).isEmpty();
    }

    @Test
    void shouldHashTheEvidenceWhateverOrderItWasReadIn() {
        final DossierEvidence evidence = DossierFixtures.warm();
        final List<io.coldchain.schemas.TemperatureReading> shuffled = new ArrayList<>(evidence.readings());
        Collections.shuffle(shuffled, new Random(7));
        final DossierEvidence reordered = new DossierEvidence(evidence.shipmentId(), evidence.plans(), shuffled,
                evidence.fixes(), evidence.custody(), evidence.alerts(), evidence.acknowledgements(), evidence.audit(),
                evidence.setAside(), evidence.unreadable(), evidence.sources());

        assertThat(reordered.sha256()).isEqualTo(evidence.sha256()).hasSize(64);
        assertThat(DossierFixtures.clonedSerial().sha256()).isNotEqualTo(evidence.sha256());
    }

    @Test
    void shouldRenderTheSameEvidenceToTheSameBytesAndPrintAGenerationTimeOnlyWhenGiven() {
        final DossierRenderer renderer = new DossierRenderer();
        final String first = renderer.html(builder.build(DossierFixtures.warm()));
        final String second = renderer.html(builder.build(DossierFixtures.warm()));

        assertThat(first).isEqualTo(second).doesNotContain("Generated");
        assertThat(renderer.html(new DossierBuilder(ZoneId.of("UTC"), TemperatureProfiles.builtIn(), null,
                Instant.parse("2025-03-03T09:00:00Z")).build(DossierFixtures.warm())))
                .contains("Generated 2025-03-03 09:00 +00:00.");
    }
}
