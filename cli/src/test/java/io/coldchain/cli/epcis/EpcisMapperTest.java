package io.coldchain.cli.epcis;

import static io.coldchain.cli.epcis.EpcisFixtures.SHIPMENT;
import static io.coldchain.cli.epcis.EpcisFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.rules.serial.Sgtin;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.Party;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our records to EPCIS 2.0: the golden document of the fixture shipment, determinism, selections, problems. */
class EpcisMapperTest {

    private final EpcisMapper mapper = new EpcisMapper(CompanyPrefixes.ofDefault(), null);

    @Test
    void shouldWriteTheFixtureShipmentAsTheGoldenDocument() throws IOException {
        final EpcisMapper.Result result = mapper.map(shipment(null, null), EpcisFixtures.evidence());

        final String written = EpcisJson.write(result.document());
        // On a change, the new document is in target/ to review and copy over the golden one.
        Files.writeString(Path.of("target", "golden-shipment.actual.jsonld"), written, StandardCharsets.UTF_8);
        assertThat(written).isEqualTo(golden("epcis/golden-shipment.jsonld"));
        assertThat(result.problems()).isEmpty();
        assertThat(result.custodyEvents()).isEqualTo(5);
        assertThat(result.sensorEvents()).isEqualTo(2);
        assertThat(result.readings()).isEqualTo(3);
    }

    @Test
    void shouldWriteTheSameBytesWhateverTheOrderAndRedeliveriesOfTheInput() {
        final String expected = EpcisJson.write(mapper.map(shipment(null, null), EpcisFixtures.evidence()).document());
        final EpcisMapper.Evidence in = EpcisFixtures.evidence();
        for (int seed = 0; seed < 5; seed++) {
            final Random random = new Random(seed);
            final EpcisMapper.Evidence shuffled = new EpcisMapper.Evidence(shuffled(in.plans(), random),
                    shuffled(doubled(in.custody()), random), shuffled(doubled(in.readings()), random),
                    shuffled(in.fixes(), random));

            assertThat(EpcisJson.write(mapper.map(shipment(null, null), shuffled).document())).isEqualTo(expected);
        }
    }

    @Test
    void shouldKeepEventsInTheWindowAndDateTheDocumentByItsLatestTimeUnlessGivenOne() {
        final EpcisMapper.Result window = mapper.map(shipment(Instant.ofEpochMilli(T0),
                Instant.ofEpochMilli(T0 + 3_600_000)), EpcisFixtures.evidence());

        assertThat(window.document().events()).extracting(EpcisEvent::eventTime)
                .containsExactly(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 1_800_000));
        // The shipping scan was recorded at T0 + 5 s; the sensor event of 06:00..06:59 ends with its last reading.
        assertThat(window.document().creationDate()).isEqualTo(Instant.ofEpochMilli(T0 + 1_800_000));
        final Instant given = Instant.parse("2025-03-02T00:00:00Z");
        assertThat(new EpcisMapper(CompanyPrefixes.ofDefault(), given).map(shipment(null, null),
                EpcisFixtures.evidence()).document().creationDate()).isEqualTo(given);
    }

    @Test
    void shouldExportAPackWithEveryScanThatSawItAndItsShipmentsReadingsNamingOnlyThatPack() {
        final CustodyEvent elsewhere = CustodyEvent.newBuilder(EpcisFixtures.receiving())
                .setEventId("urn:uuid:00000000-0000-4000-8000-000000000009").setShipmentId("SHP-OTHER")
                .setEventTime(T0 + 90_000_000L).setEpcList(List.of("00614141123452.ZZZ")).build();
        final EpcisMapper.Evidence in = EpcisFixtures.evidence();
        final List<CustodyEvent> custody = new ArrayList<>(in.custody());
        custody.add(elsewhere);

        final EpcisMapper.Result result = mapper.map(new EpcisMapper.Selection(null,
                Sgtin.parse("urn:epc:id:sgtin:0614141.012345.A1B2C4"), null, null),
                new EpcisMapper.Evidence(in.plans(), custody, in.readings(), in.fixes()));

        assertThat(result.knownShipments()).containsExactly(SHIPMENT);
        assertThat(result.custodyEvents()).isEqualTo(5);
        assertThat(result.document().events()).filteredOn(e -> e.sensorElementList().isEmpty())
                .allSatisfy(e -> assertThat(e.epcList()).contains("urn:epc:id:sgtin:0614141.012345.A1B2C4"));
        assertThat(result.document().events()).filteredOn(e -> !e.sensorElementList().isEmpty())
                .allSatisfy(e -> assertThat(e.epcList()).containsExactly("urn:epc:id:sgtin:0614141.012345.A1B2C4"));
    }

    @Test
    void shouldKnowNoShipmentForAnIdNothingMentions() {
        final EpcisMapper.Result result = mapper.map(new EpcisMapper.Selection("SHP-NOPE", null, null, null),
                EpcisFixtures.evidence());

        assertThat(result.knownShipments()).isEmpty();
        assertThat(result.document().events()).isEmpty();
    }

    @Test
    void shouldLeaveOutWhatEpcisCannotCarryAndSayWhy() {
        final CustodyEvent bad = CustodyEvent.newBuilder(EpcisFixtures.shipping())
                .setDestinationParty(new Party("4098765000005", "Kühl-Logistik GmbH"))
                .setEpcList(List.of("00614141123452.A1B2C3", "00614141123453.A1B2C4"))
                .setEventTimeZoneOffset("CET").setReadPoint("dock 4").build();

        final EpcisMapper.Result result = mapper.map(shipment(null, null),
                new EpcisMapper.Evidence(List.of(), List.of(bad), List.of(), List.of()));

        final EpcisEvent event = result.document().events().get(0);
        assertThat(event.epcList()).containsExactly("urn:epc:id:sgtin:0614141.012345.A1B2C3");
        assertThat(event.destinationList()).isEmpty();
        assertThat(event.readPoint()).isNull();
        assertThat(event.eventTimeZoneOffset()).isEqualTo("+00:00");
        assertThat(result.problems()).hasSize(4).anySatisfy(p -> assertThat(p).contains("4098765000005"))
                .anySatisfy(p -> assertThat(p).contains("00614141123453.A1B2C4"))
                .anySatisfy(p -> assertThat(p).contains("'CET'"))
                .anySatisfy(p -> assertThat(p).contains("'dock 4'"));
    }

    @Test
    void shouldCarryTheCasesAndShippersAScanListedAsTheirUrnsAndKeepThemOutOfTheShipmentsPacks() {
        final CustodyEvent shipping = CustodyEvent.newBuilder(EpcisFixtures.shipping())
                .setEpcList(List.of("URN:EPC:ID:SSCC:0614141.1234567890", "00614141123452.A1B2C3",
                        "urn:epc:id:grai:0614141.12345.400", "]C100106141412345678908", "urn:epc:id:sscc:garbage",
                        "(00)106141412345678908(01)00614141123452(21)A1B2C4"))
                .build();

        final EpcisMapper.Result result = mapper.map(shipment(null, null),
                new EpcisMapper.Evidence(List.of(), List.of(shipping), List.of(), List.of()));

        // A case label's barcode data left out (EPCIS wants its URN), an SSCC URN that is none left out, and a pack
        // whose DataMatrix also holds its case's SSCC kept as the pack it is.
        assertThat(result.document().events().get(0).epcList()).containsExactly(
                "urn:epc:id:sscc:0614141.1234567890", "urn:epc:id:sgtin:0614141.012345.A1B2C3",
                "urn:epc:id:grai:0614141.12345.400", "urn:epc:id:sgtin:0614141.012345.A1B2C4");
        assertThat(result.problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("]C100106141412345678908")
                        .contains("SSCC (logistic unit), not a pack"))
                .anySatisfy(p -> assertThat(p).contains("urn:epc:id:sscc:garbage"));
    }

    @Test
    void shouldKeepUriEventIdsAndMakeOthersStableUuidUrns() {
        assertThat(EpcisMapper.eventUri("urn:uuid:6f1c2a5e-0b7d-4a53-9a0c-2f4b8e9d1c01"))
                .isEqualTo("urn:uuid:6f1c2a5e-0b7d-4a53-9a0c-2f4b8e9d1c01");
        assertThat(EpcisMapper.eventUri("6F1C2A5E-0B7D-4A53-9A0C-2F4B8E9D1C01"))
                .isEqualTo("urn:uuid:6f1c2a5e-0b7d-4a53-9a0c-2f4b8e9d1c01");
        assertThat(EpcisMapper.eventUri("SCAN 42")).isEqualTo(EpcisMapper.eventUri("SCAN 42"))
                .isNotEqualTo(EpcisMapper.eventUri("SCAN 43")).matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        // Checked against an independent implementation, python's
        // uuid.uuid5(uuid.NAMESPACE_URL, "https://example.org/") = 527dda32-a0de-5105-a042-cb475b5f7d11
        assertThat(EpcisMapper.nameBasedUuid("https://example.org/"))
                .isEqualTo("urn:uuid:527dda32-a0de-5105-a042-cb475b5f7d11");
    }

    static EpcisMapper.Selection shipment(final Instant from, final Instant to) {
        return new EpcisMapper.Selection(SHIPMENT, null, from, to);
    }

    static String golden(final String resource) throws IOException {
        try (InputStream in = EpcisMapperTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static <T> List<T> doubled(final List<T> values) {
        final List<T> twice = new ArrayList<>(values);
        twice.addAll(values);
        return twice;
    }

    private static <T> List<T> shuffled(final List<T> values, final Random random) {
        final List<T> copy = new ArrayList<>(values);
        Collections.shuffle(copy, random);
        return copy;
    }
}
