package io.coldchain.cli.epcis;

import io.coldchain.cli.epcis.EpcisEvent.ErrorDeclaration;
import io.coldchain.cli.epcis.EpcisEvent.SensorElement;
import io.coldchain.cli.epcis.EpcisEvent.SensorReport;
import io.coldchain.cli.epcis.EpcisEvent.SourceDestination;
import io.coldchain.rules.serial.InvalidSgtinException;
import io.coldchain.rules.serial.OtherIdentifier;
import io.coldchain.rules.serial.Sgtin;
import io.coldchain.schemas.Area;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Maps coldchain's records to one EPCIS 2.0 document (the mapping table is in {@code docs/EPCIS.md}):
 * <ul>
 *   <li>each custody scan is the {@code ObjectEvent} it was shaped after: SGTIN, SGLN and PGLN URNs, CBV URIs,
 *       source and destination, ILMD on commissioning, its error declaration;</li>
 *   <li>the temperature readings become {@code sensor_reporting} events, one per logger and UTC hour, with the
 *       shipment's packs as {@code epcList}, each reading a {@code gs1:Temperature} report in CEL, and the last GPS
 *       fix (at most {@link #FIX_MAX_AGE} old) as a {@code geo:} read point.</li>
 * </ul>
 * The same records give the same document whatever their order: duplicates (redeliveries) collapse, events are
 * sorted ({@link EpcisEvent#ORDER}), ids derive from the content, and the creation date is the latest time in the
 * data unless one is given. No Kafka types: the command reads the topics, this class only maps.
 */
public final class EpcisMapper {

    /** How old a GPS fix may be and still place a sensor event. */
    public static final Duration FIX_MAX_AGE = Duration.ofMinutes(30);
    /** The period of readings one sensor event covers, per logger. */
    public static final ChronoUnit SENSOR_PERIOD = ChronoUnit.HOURS;

    private static final String EPC_ID_URN = "urn:epc:id:";
    /** What follows the scheme of a keyed EPC URN (SSCC, SGLN, GRAI, GIAI...): the company prefix, then the rest. */
    private static final Pattern EPC_URN_BODY = Pattern.compile("\\d{6,12}\\.[!'()*+,\\-.0-9:;=A-Z_a-z%]+");
    private static final String SENSOR_REPORTING = Cbv.Vocabulary.BIZ_STEP.uri("sensor_reporting");
    private static final String POSSESSING_PARTY = Cbv.Vocabulary.SOURCE_DESTINATION_TYPE.uri("possessing_party");
    private static final String LOCATION = Cbv.Vocabulary.SOURCE_DESTINATION_TYPE.uri("location");
    private static final Set<String> LEAVING = Set.of("shipping", "departing");
    private static final Set<String> ENTERING = Set.of("receiving", "arriving");
    private static final Pattern OFFSET = Pattern.compile("[+-]([01]\\d|2[0-3]):[0-5]\\d");
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** RFC 4122 name space for URLs, of the name-based ids below. */
    private static final UUID URL_NAMESPACE = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
    private static final Comparator<TemperatureReading> READING_ORDER = Comparator
            .comparingLong(TemperatureReading::getEventTime)
            .thenComparingDouble(TemperatureReading::getTemperatureCelsius);

    /** What to export: one shipment, or one pack across shipments; event times in [from, to) when given. */
    public record Selection(String shipmentId, Sgtin serial, Instant from, Instant to) {

        public Selection {
            if ((shipmentId == null) == (serial == null)) {
                throw new IllegalArgumentException("exactly one of shipment and serial");
            }
        }

        boolean inWindow(final long eventTime) {
            return (from == null || eventTime >= from.toEpochMilli()) && (to == null || eventTime < to.toEpochMilli());
        }

        /** Whether a plan can matter to this selection: the shipment's, or one that lists the pack. */
        public boolean concerns(final ShipmentPlan plan) {
            return shipmentId != null ? shipmentId.equals(plan.getShipmentId())
                    : plan.getSerials().stream().anyMatch(s -> same(s, serial));
        }

        /** Whether a custody scan can matter to this selection: one of the shipment's, or one that saw the pack. */
        public boolean concerns(final CustodyEvent event) {
            return shipmentId != null ? shipmentId.equals(event.getShipmentId()) : holds(event, serial);
        }

        /** "shipment SHP-1" or "serial 0061...A1"; for messages. */
        public String describe() {
            return shipmentId != null ? "shipment " + shipmentId : "serial " + serial.key();
        }
    }

    /** The records read from the input topics. */
    public record Evidence(List<ShipmentPlan> plans, List<CustodyEvent> custody, List<TemperatureReading> readings,
                           List<LocationFix> fixes) {
    }

    /**
     * The document and what went into it.
     *
     * @param problems       one line per value that could not be exported as EPCIS requires (and was left out)
     * @param knownShipments shipments of the selection that have a plan, custody scans or readings at all
     */
    public record Result(EpcisDocument document, int custodyEvents, int sensorEvents, int readings,
                         List<String> problems, Set<String> knownShipments) {
    }

    private final CompanyPrefixes prefixes;
    private final Instant creationDate;

    /**
     * @param prefixes     how GTINs and GLNs split into company prefix and reference
     * @param creationDate the document's creation date, or null for the latest time in the data
     */
    public EpcisMapper(final CompanyPrefixes prefixes, final Instant creationDate) {
        this.prefixes = prefixes;
        this.creationDate = creationDate;
    }

    public Result map(final Selection selection, final Evidence evidence) {
        final List<String> problems = new ArrayList<>();
        final Set<String> shipments = shipments(selection, evidence.plans(), evidence.custody());
        final List<CustodyEvent> custody = evidence.custody().stream()
                .filter(selection::concerns)
                .filter(e -> selection.inWindow(e.getEventTime()))
                .distinct().toList();
        final List<EpcisEvent> events = new ArrayList<>();
        custody.forEach(e -> events.add(custodyEvent(e, problems)));

        final Map<String, List<LocationFix>> fixes = evidence.fixes().stream()
                .filter(f -> shipments.contains(f.getShipmentId()))
                .collect(Collectors.groupingBy(LocationFix::getShipmentId, TreeMap::new, Collectors.collectingAndThen(
                        Collectors.toList(), l -> l.stream().sorted(Comparator.comparingLong(LocationFix::getEventTime)
                                .thenComparingDouble(LocationFix::getLat).thenComparingDouble(LocationFix::getLon))
                                .toList())));
        final Map<List<String>, List<TemperatureReading>> periods = evidence.readings().stream()
                .filter(r -> shipments.contains(r.getShipmentId()) && selection.inWindow(r.getEventTime()))
                .distinct()
                .collect(Collectors.groupingBy(r -> List.of(r.getShipmentId(), r.getDeviceId(),
                        Instant.ofEpochMilli(r.getEventTime()).truncatedTo(SENSOR_PERIOD).toString())));
        int readings = 0;
        // Each shipment's packs once, not once per logger and hour.
        final Map<String, List<String>> packsOf = new HashMap<>();
        for (final List<TemperatureReading> period : periods.values()) {
            final String shipment = period.get(0).getShipmentId();
            final List<String> packs = selection.serial() != null ? List.of(EpcUrns.sgtin(selection.serial(), prefixes))
                    : packsOf.computeIfAbsent(shipment, s -> packs(s, evidence, problems));
            events.add(sensorEvent(period.stream().sorted(READING_ORDER).toList(), packs,
                    fixes.getOrDefault(shipment, List.of())));
            readings += period.size();
        }
        events.sort(EpcisEvent.ORDER);
        final Instant created = creationDate != null ? creationDate : events.stream().map(EpcisMapper::latestTime)
                .max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        final Set<String> known = shipments.stream().filter(s -> hasAny(s, evidence))
                .collect(Collectors.toCollection(TreeSet::new));
        return new Result(new EpcisDocument(created, events), custody.size(), periods.size(), readings,
                problems.stream().distinct().toList(), known);
    }

    /**
     * The shipments the selection covers: the one named, or every one whose plan or scans hold the pack. The
     * command reads plans and scans first, then only these shipments' readings and fixes.
     */
    public static Set<String> shipments(final Selection selection, final List<ShipmentPlan> plans,
                                        final List<CustodyEvent> custody) {
        if (selection.shipmentId() != null) {
            return Set.of(selection.shipmentId());
        }
        final Set<String> shipments = new TreeSet<>();
        plans.stream().filter(selection::concerns).forEach(p -> shipments.add(p.getShipmentId()));
        custody.stream().filter(selection::concerns).forEach(e -> shipments.add(e.getShipmentId()));
        return shipments;
    }

    private static boolean hasAny(final String shipment, final Evidence evidence) {
        return evidence.plans().stream().anyMatch(p -> shipment.equals(p.getShipmentId()))
                || evidence.custody().stream().anyMatch(e -> shipment.equals(e.getShipmentId()))
                || evidence.readings().stream().anyMatch(r -> shipment.equals(r.getShipmentId()));
    }

    private static boolean holds(final CustodyEvent event, final Sgtin serial) {
        return event.getEpcList().stream().anyMatch(epc -> same(epc, serial));
    }

    private static boolean same(final String epc, final Sgtin serial) {
        return parse(epc).filter(serial::equals).isPresent();
    }

    private static Optional<Sgtin> parse(final String epc) {
        try {
            return Optional.of(Sgtin.parse(epc));
        } catch (InvalidSgtinException e) {
            return Optional.empty();
        }
    }

    /** The packs of a shipment: its latest plan's serials and every pack its scans saw, as sorted SGTIN URNs. */
    private List<String> packs(final String shipment, final Evidence evidence, final List<String> problems) {
        final Set<String> raw = new LinkedHashSet<>();
        evidence.plans().stream().filter(p -> shipment.equals(p.getShipmentId()))
                .max(Comparator.comparingLong((ShipmentPlan p) -> p.getIssuedAt() == null ? Long.MIN_VALUE
                        : p.getIssuedAt()).thenComparing(ShipmentPlan::toString))
                .ifPresent(plan -> raw.addAll(plan.getSerials()));
        evidence.custody().stream().filter(e -> shipment.equals(e.getShipmentId()))
                .forEach(e -> raw.addAll(e.getEpcList()));
        // The packs only: a case's SSCC or a shipper's GRAI in a scan is not a pack the readings were about.
        return raw.stream().filter(epc -> isPack(epc) || OtherIdentifier.describe(epc) == null)
                .map(epc -> sgtinUrn(epc, "shipment " + shipment, problems)).flatMap(Optional::stream)
                .distinct().sorted().toList();
    }

    private EpcisEvent custodyEvent(final CustodyEvent e, final List<String> problems) {
        final String where = "custody event " + e.getEventId();
        String offset = e.getEventTimeZoneOffset();
        if (!OFFSET.matcher(offset).matches()) {
            problems.add(where + ": eventTimeZoneOffset '" + offset + "' is not +hh:mm or -hh:mm; written as +00:00");
            offset = "+00:00";
        }
        final String bizStep = e.getBizStep().strip();
        final String location = e.getBizLocation() == null ? null : sgln(e.getBizLocation(), where, problems);
        final List<SourceDestination> sources = new ArrayList<>();
        final List<SourceDestination> destinations = new ArrayList<>();
        party(e.getSourceParty(), where, problems).ifPresent(p -> sources.add(new SourceDestination(POSSESSING_PARTY,
                p)));
        party(e.getDestinationParty(), where, problems).ifPresent(p -> destinations.add(
                new SourceDestination(POSSESSING_PARTY, p)));
        if (location != null && LEAVING.contains(bizStep)) {
            sources.add(new SourceDestination(LOCATION, location));
        }
        if (location != null && ENTERING.contains(bizStep)) {
            destinations.add(new SourceDestination(LOCATION, location));
        }
        final SortedMap<String, String> ilmd = new TreeMap<>();
        if ("ADD".equals(e.getAction().name())) {
            if (e.getLot() != null) {
                ilmd.put("cbvmda:lotNumber", e.getLot());
            }
            if (e.getExpiryDate() != null) {
                ilmd.put("cbvmda:itemExpirationDate", e.getExpiryDate());
            }
        }
        final SortedMap<String, String> extensions = new TreeMap<>();
        extensions.put(EpcisJson.PREFIX + ":shipmentID", e.getShipmentId());
        party(e.getCustodian(), where, problems).ifPresent(p -> extensions.put(EpcisJson.PREFIX + ":custodian", p));
        final ErrorDeclaration declaration = e.getErrorDeclaration() == null ? null : new ErrorDeclaration(
                Instant.ofEpochMilli(e.getErrorDeclaration().getDeclarationTime()),
                e.getErrorDeclaration().getReason() == null ? null
                        : Cbv.Vocabulary.ERROR_REASON.uri(e.getErrorDeclaration().getReason()),
                e.getErrorDeclaration().getCorrectiveEventIds().stream().map(EpcisMapper::eventUri).toList());
        return new EpcisEvent(eventUri(e.getEventId()), Instant.ofEpochMilli(e.getEventTime()), offset,
                Instant.ofEpochMilli(e.getRecordTime()), e.getAction().name(),
                e.getEpcList().stream().map(epc -> epcUrn(epc, where, problems)).flatMap(Optional::stream).toList(),
                Cbv.Vocabulary.BIZ_STEP.uri(bizStep), Cbv.Vocabulary.DISPOSITION.uri(e.getDisposition()),
                readPoint(e.getReadPoint(), where, problems), location, sources, destinations, List.of(), ilmd,
                declaration, extensions);
    }

    private EpcisEvent sensorEvent(final List<TemperatureReading> readings, final List<String> packs,
                                   final List<LocationFix> fixes) {
        final TemperatureReading first = readings.get(0);
        final TemperatureReading last = readings.get(readings.size() - 1);
        final Instant start = Instant.ofEpochMilli(first.getEventTime());
        final Instant end = Instant.ofEpochMilli(last.getEventTime());
        final List<SensorReport> reports = readings.stream().map(r -> new SensorReport("gs1:Temperature",
                r.getTemperatureCelsius(), "CEL", Instant.ofEpochMilli(r.getEventTime()))).toList();
        final String device = Cbv.isUri(first.getDeviceId()) ? first.getDeviceId()
                : "urn:coldchain:device:" + EpcUrns.escape(first.getDeviceId());
        final String id = nameBasedUuid("urn:coldchain:sensor-reporting:" + first.getShipmentId() + '/' + device
                + '/' + start.truncatedTo(SENSOR_PERIOD) + '/' + String.join(",", packs));
        final String readPoint = fixes.stream()
                .filter(f -> f.getEventTime() <= last.getEventTime()
                        && f.getEventTime() >= last.getEventTime() - FIX_MAX_AGE.toMillis())
                .reduce((a, b) -> b)
                .map(f -> "geo:" + degrees(f.getLat()) + ',' + degrees(f.getLon())).orElse(null);
        return new EpcisEvent(id, end, "+00:00", null, "OBSERVE", packs, SENSOR_REPORTING, null, readPoint, null,
                List.of(), List.of(), List.of(new SensorElement(device, start, end, reports)), new TreeMap<>(),
                null, new TreeMap<>(Map.of(EpcisJson.PREFIX + ":shipmentID", first.getShipmentId())));
    }

    /**
     * What a scan listed, as EPCIS writes it: a pack as its SGTIN URN; a GS1 key of something else (the SSCC of a case,
     * a returnable shipper's GRAI: {@link OtherIdentifier}) as it is when it is an EPC pure-identity URN, which EPCIS
     * carries as it is, else left out and reported (its other forms would need its company prefix to become one).
     */
    private Optional<String> epcUrn(final String epc, final String where, final List<String> problems) {
        final String other = isPack(epc) ? null : OtherIdentifier.describe(epc);
        if (other == null) {
            return sgtinUrn(epc, where, problems);
        }
        final String value = epc.strip();
        final int schemeEnd = value.indexOf(':', EPC_ID_URN.length());
        if (value.regionMatches(true, 0, EPC_ID_URN, 0, EPC_ID_URN.length()) && schemeEnd > 0
                && EPC_URN_BODY.matcher(value.substring(schemeEnd + 1)).matches()) {
            return Optional.of(EPC_ID_URN + value.substring(EPC_ID_URN.length(), schemeEnd).toLowerCase(Locale.ROOT)
                    + value.substring(schemeEnd));
        }
        problems.add(where + ": '" + epc + "' left out: " + other + ", not a pack; EPCIS carries it as its EPC URN, "
                + "which this form does not give");
        return Optional.empty();
    }

    private static boolean isPack(final String epc) {
        return parse(epc).isPresent();
    }

    private Optional<String> sgtinUrn(final String epc, final String where, final List<String> problems) {
        try {
            return Optional.of(EpcUrns.sgtin(Sgtin.parse(epc), prefixes));
        } catch (InvalidSgtinException e) {
            problems.add(where + ": pack '" + epc + "' left out: " + e.getMessage());
            return Optional.empty();
        }
    }

    private String sgln(final Area area, final String where, final List<String> problems) {
        if (area.getGln() == null) {
            return null;
        }
        if (!EpcUrns.isGln(area.getGln())) {
            problems.add(where + ": business location GLN '" + area.getGln() + "' is not a GLN; left out");
            return null;
        }
        return EpcUrns.sgln(area.getGln(), null, prefixes);
    }

    private Optional<String> party(final Party party, final String where, final List<String> problems) {
        if (party == null) {
            return Optional.empty();
        }
        if (!EpcUrns.isGln(party.getGln())) {
            problems.add(where + ": party GLN '" + party.getGln() + "' (" + party.getName() + ") is not a GLN; left out");
            return Optional.empty();
        }
        return Optional.of(EpcUrns.pgln(party.getGln(), prefixes));
    }

    private String readPoint(final String value, final String where, final List<String> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        final String point = value.strip();
        if (EpcUrns.isGln(point)) {
            return EpcUrns.sgln(point, null, prefixes);
        }
        if (Cbv.isUri(point)) {
            return point;
        }
        problems.add(where + ": read point '" + value + "' is neither a GLN nor a URI; left out");
        return null;
    }

    /**
     * The event id as a URI: the original when it is one ({@code urn:uuid:...}, {@code ni:///...}), a bare UUID as
     * {@code urn:uuid:}, anything else as a name-based UUID (RFC 4122 version 5) of it, so it stays stable.
     */
    static String eventUri(final String eventId) {
        final String id = eventId.strip();
        if (Cbv.isUri(id)) {
            return id;
        }
        if (UUID_TEXT.matcher(id).matches()) {
            return "urn:uuid:" + id.toLowerCase(java.util.Locale.ROOT);
        }
        return nameBasedUuid("urn:coldchain:custody-event:" + id);
    }

    /** {@code urn:uuid:} of the RFC 4122 version 5 (SHA-1) UUID of {@code name} in the URL name space. */
    static String nameBasedUuid(final String name) {
        final MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha1.update(ByteBuffer.allocate(16).putLong(URL_NAMESPACE.getMostSignificantBits())
                .putLong(URL_NAMESPACE.getLeastSignificantBits()).array());
        final byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        final ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return "urn:uuid:" + new UUID(bytes.getLong(), bytes.getLong());
    }

    private static String degrees(final double value) {
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static Instant latestTime(final EpcisEvent event) {
        Instant latest = event.eventTime();
        if (event.recordTime() != null && event.recordTime().isAfter(latest)) {
            latest = event.recordTime();
        }
        if (event.errorDeclaration() != null && event.errorDeclaration().declarationTime().isAfter(latest)) {
            latest = event.errorDeclaration().declarationTime();
        }
        return Objects.requireNonNull(latest);
    }
}
