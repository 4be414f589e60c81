package io.coldchain.cli.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.cli.ColdchainCliAccess;
import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dossier} end to end on the real broker, through the {@code coldchain} command line: the hand-made warm
 * shipment and cloned-serial evidence ({@link DossierFixtures}) written to the topics (the clone's alert to a case's
 * topics), then read back into a dossier whose evidence hash is that of the fixture, as HTML (the same bytes twice) and
 * as PDF. No streams application: the alerts and audit records are written as the fixture has them.
 */
class DossierIT {

    private static final String PREFIX = "dossier-it.";
    private static final String CASE = "clone-1";
    private static final byte[] GARBAGE = {0x00, 0x00, 0x00, 0x00, 0x07, 0x01};
    /** Kafka timestamps now: the fixture's event times are in 2025, older than the topics' retention. */
    private static final long NOW = System.currentTimeMillis();

    private static LocalKafka kafka;
    private static TopicCatalogue live;

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startBrokerAndWriteTheEvidence() {
        kafka = new LocalKafka(LocalKafkaSettings.defaults()).start();
        live = new TopicCatalogue(PREFIX, 3, AvroSerdes.local());
        kafka.createTopics(live);
        kafka.createTopics(new TopicCatalogue(PREFIX + "cases." + CASE + ".", 3, AvroSerdes.local()));
        final DossierEvidence warm = DossierFixtures.warm();
        final DossierEvidence clone = DossierFixtures.clonedSerial();
        final TopicSpec<String, io.coldchain.schemas.Alert> caseAlerts = DossierReader.inCase(live.alerts(), live, CASE);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (final DossierEvidence e : List.of(warm, clone)) {
                send(producer, live.shipmentPlans(), e.shipmentId(), e.plans());
                send(producer, live.temperatureReadings(), e.shipmentId(), e.readings());
                send(producer, live.locationFixes(), e.shipmentId(), e.fixes());
                send(producer, live.custodyEvents(), e.shipmentId(), e.custody());
                send(producer, live.acknowledgements(), e.shipmentId(), e.acknowledgements());
            }
            send(producer, live.audit(), warm.shipmentId(), warm.audit());
            send(producer, DossierReader.inCase(live.audit(), live, CASE), clone.shipmentId(), clone.audit());
            send(producer, live.alerts(), warm.shipmentId(), warm.alerts());
            send(producer, caseAlerts, clone.shipmentId(), clone.alerts());
            final ProducerRecord<byte[], byte[]> late = new ProducerRecord<>(live.lateData().name(), null, NOW,
                    bytes(warm.shipmentId()), live.lateData().valueSerde().serializer().serialize(live.lateData().name(),
                    DossierFixtures.reading(warm.shipmentId(), DossierFixtures.T0 + 2 * DossierFixtures.HOUR, 5.5)));
            late.headers().add(DossierReader.LATE_REASON_HEADER, bytes(warm.setAside().get(0).reason()));
            producer.send(late);
            final ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(live.deadLetters().name(), null, NOW,
                    bytes(warm.shipmentId()), GARBAGE);
            dead.headers().add(DossierReader.DLQ_TOPIC_HEADER, bytes(live.temperatureReadings().name()));
            dead.headers().add(DossierReader.DLQ_EXCEPTION_HEADER, bytes("org.apache.kafka.common.errors.SerializationException"));
            dead.headers().add(DossierReader.DLQ_MESSAGE_HEADER, bytes("Unknown magic byte!"));
            producer.send(dead);
            producer.flush();
        }
    }

    private static <V> void send(final KafkaProducer<byte[], byte[]> producer, final TopicSpec<String, V> topic,
                                 final String key, final List<V> values) {
        for (final V value : values) {
            producer.send(new ProducerRecord<>(topic.name(), null, NOW, bytes(key),
                    topic.valueSerde().serializer().serialize(topic.name(), value)));
        }
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private int coldchain(final String... args) {
        final List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-server", kafka.bootstrapServers(), "--topic-prefix", PREFIX));
        return ColdchainCliAccess.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true)).execute(all.toArray(String[]::new));
    }

    @Test
    void shouldReadTheWarmShipmentsEvidenceIntoTheSameBytesEveryTime() throws IOException {
        final Path file = dir.resolve("warm.html");

        assertThat(coldchain("dossier", "--shipment", DossierFixtures.WARM, "--out", file.toString())).as("stderr:%n%s", err)
                .isZero();

        // the evidence read is the fixture's, plus the dead letter: the hash says so
        final DossierEvidence fixture = DossierFixtures.warm();
        final List<DossierEvidence.SetAside> setAside = List.of(
                new DossierEvidence.SetAside(live.lateData().name(), "TemperatureReading", fixture.setAside().get(0).timestamp(),
                        fixture.setAside().get(0).reason(), fixture.setAside().get(0).canonical()),
                new DossierEvidence.SetAside(live.deadLetters().name(), "undecodable record from " + live.temperatureReadings().name(),
                        NOW, "org.apache.kafka.common.errors.SerializationException: Unknown magic byte!",
                        Base64.getEncoder().encodeToString(GARBAGE)));
        final DossierEvidence expected = new DossierEvidence(fixture.shipmentId(), fixture.plans(), fixture.readings(),
                fixture.fixes(), fixture.custody(), fixture.alerts(), fixture.acknowledgements(), fixture.audit(), setAside,
                List.of(), List.of());
        final String html = Files.readString(file);
        assertThat(html).contains(expected.sha256(), "5.76 °C", "Würzburg Cross-Dock", "Unknown magic byte!",
                "late: the shipment", "partition 1, sequence 41");
        assertThat(err.toString()).contains("evidence SHA-256 " + expected.sha256());

        final Path again = dir.resolve("again.html");
        assertThat(coldchain("dossier", "--shipment", DossierFixtures.WARM, "--out", again.toString())).isZero();
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void shouldReadACasesAlertsIntoAPdf() throws IOException {
        final Path file = dir.resolve("clone.pdf");

        assertThat(coldchain("dossier", "--shipment", DossierFixtures.CLONE, "--case", CASE, "--out", file.toString(),
                "--zone", "Europe/Warsaw")).as("stderr:%n%s", err).isZero();

        try (PDDocument pdf = Loader.loadPDF(file.toFile())) {
            final String text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
            assertThat(text).contains("Outputs of case", CASE, "DUPLICATE_SERIAL", "Apteka Centralna Warszawa", "Frankfurt DC GmbH",
                    "Custody chain", "qa.nowak", "partition 2, sequence 7", "+01:00");
        }
        // live outputs hold no alert of the clone
        final Path live = dir.resolve("clone-live.html");
        assertThat(coldchain("dossier", "--shipment", DossierFixtures.CLONE, "--out", live.toString())).isZero();
        assertThat(Files.readString(live)).doesNotContain("DUPLICATE_SERIAL");
    }

    @Test
    void shouldSayInOneLineThatAShipmentOrACaseIsUnknown() {
        assertThat(coldchain("dossier", "--shipment", "SHP-NOPE", "--out", dir.resolve("x.html").toString())).isEqualTo(2);
        assertThat(err.toString().lines().toList()).last().asString()
                .startsWith("coldchain dossier: no plan, custody scan, reading or alert of shipment SHP-NOPE");
        assertThat(dir.resolve("x.html")).doesNotExist();

        assertThat(coldchain("dossier", "--shipment", DossierFixtures.WARM, "--case", "nope", "--out",
                dir.resolve("y.html").toString())).isEqualTo(2);
        assertThat(err.toString().lines().toList()).last().asString().startsWith("coldchain dossier: ")
                .contains(PREFIX + "cases.nope.alerts");
    }
}
