package io.coldchain.cli.dossier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.coldchain.hashing.Sha256;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertAcknowledgement;
import io.coldchain.schemas.AuditRecord;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Everything the topics hold about one shipment, as read: the dossier is computed from this value alone, so it can be
 * built and tested without Kafka, and its hash names exactly what it rests on.
 *
 * @param shipmentId       the shipment
 * @param plans            every version of its plan, in the order read
 * @param readings         its temperature readings
 * @param fixes            its location fixes
 * @param custody          its custody scans
 * @param alerts           every alert record of it (OPEN, UPDATED, RESOLVED), in the order read
 * @param acknowledgements operators' acknowledgements of its alerts
 * @param audit            audit records of its alerts
 * @param setAside         its records the pipeline set aside (late data, dead letters)
 * @param unreadable       one line per record that could not be read with its schema (not in the hash)
 * @param sources          where each kind of record was read from, e.g. "alerts: coldchain.cases.x.alerts"
 */
public record DossierEvidence(String shipmentId, List<ShipmentPlan> plans, List<TemperatureReading> readings,
                              List<LocationFix> fixes, List<CustodyEvent> custody, List<Alert> alerts,
                              List<AlertAcknowledgement> acknowledgements, List<AuditRecord> audit,
                              List<SetAside> setAside, List<String> unreadable, List<String> sources) {

    /** Avro JSON re-written with every object's keys sorted. */
    private static final ObjectMapper CANONICAL_JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public DossierEvidence {
        plans = List.copyOf(plans);
        readings = List.copyOf(readings);
        fixes = List.copyOf(fixes);
        custody = List.copyOf(custody);
        alerts = List.copyOf(alerts);
        acknowledgements = List.copyOf(acknowledgements);
        audit = List.copyOf(audit);
        setAside = List.copyOf(setAside);
        unreadable = List.copyOf(unreadable);
        sources = List.copyOf(sources);
    }

    /**
     * One record the pipeline set aside.
     *
     * @param topic     where it was found (late-data or dead-letter topic)
     * @param kind      what it is ("TemperatureReading", "LocationFix", "undecodable bytes", ...)
     * @param timestamp its event time if decoded, else its Kafka timestamp (epoch ms)
     * @param reason    why it was set aside (the late-data reason or the exception and message)
     * @param canonical its content for the hash: its JSON line, or its value bytes in base64
     */
    public record SetAside(String topic, String kind, long timestamp, String reason, String canonical) {
    }

    /**
     * SHA-256 over the canonical serialisation of every record: one line per record, {@code section TAB json} (Avro
     * JSON with every object's keys sorted, so a map's order does not count), lines sorted, joined by '\n'. Sorting makes the hash
     * depend on which records there are, not on the order partitions were read in.
     */
    public String sha256() {
        return Sha256.hex(canonical());
    }

    /** The text {@link #sha256()} is taken of. */
    public String canonical() {
        final List<String> lines = new ArrayList<>();
        lines.add("shipment\t" + shipmentId);
        add(lines, "plan", plans);
        add(lines, "reading", readings);
        add(lines, "fix", fixes);
        add(lines, "custody", custody);
        add(lines, "alert", alerts);
        add(lines, "acknowledgement", acknowledgements);
        add(lines, "audit", audit);
        setAside.forEach(s -> lines.add("set-aside\t" + s.topic() + "\t" + s.reason() + "\t" + s.canonical()));
        lines.sort(null);
        return String.join("\n", lines);
    }

    private static void add(final List<String> lines, final String section, final List<? extends SpecificRecord> records) {
        records.forEach(r -> lines.add(section + "\t" + canonical(r)));
    }

    /** The record in Avro's JSON encoding, re-written with sorted keys. */
    @SuppressWarnings("unchecked")
    static String canonical(final SpecificRecord record) {
        final ObjectMapper json = CANONICAL_JSON;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            final Encoder encoder = EncoderFactory.get().jsonEncoder(record.getSchema(), out);
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return json.writeValueAsString(json.readValue(out.toString(StandardCharsets.UTF_8), Map.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Avro wrote JSON Jackson cannot read", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of records in the hash. */
    public int recordCount() {
        return plans.size() + readings.size() + fixes.size() + custody.size() + alerts.size() + acknowledgements.size()
                + audit.size() + setAside.size();
    }
}
