package io.coldchain.cli.alerts;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Severity;
import io.coldchain.topics.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Test alerts (for the alerts, ack and notify tests): one builder with defaults, changed where a test cares. */
public final class Alerts {

    /** 2026-03-03T10:15:00Z. */
    public static final long T0 = 1_772_532_900_000L;

    private Alerts() {
    }

    public static Alert.Builder alert() {
        return Alert.newBuilder()
                .setAlertId("9ac3ce2a4f1e6b70")
                .setType(AlertType.TEMPERATURE_EXCURSION)
                .setSeverity(Severity.MEDIUM)
                .setStatus(AlertStatus.OPEN)
                .setShipmentId("SHP-000004")
                .setSerial(null)
                .setRuleId("storage-band")
                .setFirstEvidenceTime(T0 - 300_000)
                .setLastEvidenceTime(T0)
                .setSummary("10.1 °C: outside 2.0..8.0 °C (refrigerated-2-8)")
                .setEvidence(Map.of("temperatureCelsius", "10.1"));
    }

    public static Alert alert(final String id, final AlertStatus status, final Severity severity) {
        return alert().setAlertId(id).setStatus(status).setSeverity(severity).build();
    }

    /** Publishes alerts as the streams app writes them: keyed by shipment, stamped with the latest evidence, Avro. */
    public static void publish(final String bootstrapServers, final TopicSpec<String, Alert> topic,
                               final List<Alert> alerts) throws Exception {
        try (KafkaProducer<String, Alert> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            for (final Alert alert : alerts) {
                producer.send(new ProducerRecord<>(topic.name(), null, alert.getLastEvidenceTime(),
                        alert.getShipmentId(), alert)).get(1, TimeUnit.MINUTES);
            }
        }
    }
}
