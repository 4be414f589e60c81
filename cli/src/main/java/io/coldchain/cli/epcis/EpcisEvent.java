package io.coldchain.cli.epcis;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One EPCIS 2.0 {@code ObjectEvent}, in the fields coldchain supports: what (EPCs), when, where (read point and
 * business location, URIs), why (bizStep, disposition, CBV URIs), source and destination, sensor data, instance
 * master data of commissioning and an error declaration. Extension fields ({@code coldchain:shipmentID}, ...) are
 * kept as compact-IRI names with string values.
 *
 * @param eventId           a URI
 * @param eventTime         when it happened
 * @param eventTimeZoneOffset the local offset at the event, {@code +hh:mm} or {@code -hh:mm}
 * @param recordTime        when it was recorded, or null
 * @param action            ADD, OBSERVE or DELETE
 * @param bizStep           a URI, or null
 * @param disposition       a URI, or null
 * @param readPoint         a URI (SGLN URN, {@code geo:} URI), or null
 * @param bizLocation       a URI (SGLN URN), or null
 * @param ilmd              instance/lot master data (only with ADD), names as compact IRIs; sorted
 * @param extensions        extension fields, names as compact IRIs; sorted
 */
public record EpcisEvent(String eventId, Instant eventTime, String eventTimeZoneOffset, Instant recordTime,
                         String action, List<String> epcList, String bizStep, String disposition, String readPoint,
                         String bizLocation, List<SourceDestination> sourceList,
                         List<SourceDestination> destinationList, List<SensorElement> sensorElementList,
                         SortedMap<String, String> ilmd, ErrorDeclaration errorDeclaration,
                         SortedMap<String, String> extensions) {

    /** Time order; at one instant an original before its error declaration; then by id. */
    public static final Comparator<EpcisEvent> ORDER = Comparator.comparing(EpcisEvent::eventTime)
            .thenComparing(e -> e.errorDeclaration() != null)
            .thenComparing(EpcisEvent::eventId)
            .thenComparing(e -> e.recordTime() == null ? Instant.MIN : e.recordTime());

    public EpcisEvent {
        epcList = List.copyOf(epcList);
        sourceList = List.copyOf(sourceList);
        destinationList = List.copyOf(destinationList);
        sensorElementList = List.copyOf(sensorElementList);
        ilmd = new TreeMap<>(ilmd);
        extensions = new TreeMap<>(extensions);
    }

    /** A {@code sourceList}/{@code destinationList} entry: a CBV type URI and an id (PGLN or SGLN URN). */
    public record SourceDestination(String type, String id) {
    }

    /** EPCIS 2.0 {@code errorDeclaration}: this event with the same id was erroneous. */
    public record ErrorDeclaration(Instant declarationTime, String reason, List<String> correctiveEventIds) {

        public ErrorDeclaration {
            correctiveEventIds = List.copyOf(correctiveEventIds);
        }
    }

    /** One {@code sensorElement}: the device and period ({@code sensorMetadata}) and its reports. */
    public record SensorElement(String deviceId, Instant startTime, Instant endTime, List<SensorReport> reports) {

        public SensorElement {
            reports = List.copyOf(reports);
        }
    }

    /** One {@code sensorReport}: a measurement ({@code type} e.g. {@code gs1:Temperature}, {@code uom} e.g. CEL). */
    public record SensorReport(String type, double value, String uom, Instant time) {
    }
}
