package io.coldchain.cli.dossier;

import io.coldchain.hashing.Sha256;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertAcknowledgement;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Area;
import io.coldchain.schemas.AuditChange;
import io.coldchain.schemas.AuditRecord;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.EpcisAction;
import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.Party;
import io.coldchain.schemas.PlannedStop;
import io.coldchain.schemas.Product;
import io.coldchain.schemas.Route;
import io.coldchain.schemas.Severity;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-made evidence, written from the domain rules (docs/REFERENCE: band 2..8 °C, 24 h stability budget, 24 h MKT),
 * not from the simulator.
 *
 * <p><b>Warm shipment</b> SHP-WARM-1, Marburg plant → Würzburg cross-dock → Munich wholesaler, refrigerated-2-8, from
 * T0 = 2025-03-01T06:00Z: a reading every 15 min for 30 h at 5 °C, except 1 h at 15 °C from T0+23 h (the golden
 * vector: 23 h at 5 °C + 1 h at 15 °C → MKT 5.76 °C over the 24 h ending at T0+24 h) and a cold dip at T0+26 h
 * (1.0 then 0.5 °C for 15 min each); delivered at T0+30 h 05 min. Alerts for the warm excursion (acknowledged, with
 * audit records) and a route deviation at T0+23..24 h.
 *
 * <p><b>Cloned serial</b> SHP-CLONE-1, Marburg → Frankfurt in 2 h, in band throughout; a DUPLICATE_SERIAL finding: pack
 * A1B2C3 received in Frankfurt while another shipment's scan saw it in Warsaw.
 */
final class DossierFixtures {

    /** 2025-03-01T06:00:00Z. */
    static final long T0 = 1740808800000L;
    static final long MINUTE = 60_000L;
    static final long HOUR = 3_600_000L;
    static final String GTIN = "00614141123452";
    static final String SERIAL = GTIN + ".A1B2C3";
    static final Party PLANT = new Party("4012345000009", "Pharma Werk Marburg");
    static final Party CARRIER = new Party("4098765000003", "Kühl-Logistik GmbH");
    static final Party HUB = new Party("4034567000007", "Würzburg Cross-Dock");
    static final Party WHOLESALER = new Party("4045678000004", "Bayern Pharma Großhandel");
    static final Party DC = new Party("4023456000000", "Frankfurt DC GmbH");
    static final Area MARBURG = area("Marburg plant", PLANT.getGln(), 50.8099, 8.7708);
    static final Area WUERZBURG = area("Würzburg cross-dock", HUB.getGln(), 49.7913, 9.9534);
    static final Area MUNICH = area("Munich wholesaler", WHOLESALER.getGln(), 48.1351, 11.5820);
    static final Area FRANKFURT = area("Frankfurt DC", DC.getGln(), 50.1109, 8.6821);

    static final String WARM = "SHP-WARM-1";
    static final String CLONE = "SHP-CLONE-1";
    static final String BAND_ALERT = WARM + ":refrigerated-2-8-band:" + (T0 + 23 * HOUR);
    static final String INSTANT_ALERT = WARM + ":refrigerated-15c-instant:" + (T0 + 23 * HOUR);
    static final String ROUTE_ALERT = WARM + ":route-deviation:" + (T0 + 23 * HOUR);
    static final String CLONE_ALERT = SERIAL + ":duplicate-serial:urn:uuid:clone-2";

    private DossierFixtures() {
    }

    // ---- warm shipment -------------------------------------------------------------------------

    static ShipmentPlan warmPlan() {
        return ShipmentPlan.newBuilder().setShipmentId(WARM)
                .setProduct(new Product(GTIN, "Vaxigrip 0.5 ml", "L2403A", "2026-02-28"))
                .setProfileName("refrigerated-2-8")
                .setRoute(new Route(List.of(MARBURG.getCenter(), WUERZBURG.getCenter(), MUNICH.getCenter()), 5000.0))
                .setPlannedStops(List.of(new PlannedStop(WUERZBURG, 2 * HOUR)))
                .setOrigin(MARBURG).setDestination(MUNICH)
                .setPlannedDeparture(T0).setPlannedArrival(T0 + 30 * HOUR)
                .setExpectedCustodians(List.of(PLANT, CARRIER, HUB, CARRIER, WHOLESALER))
                .setSerials(List.of(GTIN + ".A1B2C3", GTIN + ".A1B2C4", GTIN + ".A1B2C5"))
                .setIssuedAt(T0 - 24 * HOUR).build();
    }

    /** The first version of the plan, with another planned arrival. */
    static ShipmentPlan warmPlanFirstVersion() {
        return ShipmentPlan.newBuilder(warmPlan()).setPlannedArrival(T0 + 28 * HOUR).setIssuedAt(T0 - 48 * HOUR).build();
    }

    static List<TemperatureReading> warmReadings() {
        final List<TemperatureReading> readings = new ArrayList<>();
        for (long t = T0; t <= T0 + 30 * HOUR; t += 15 * MINUTE) {
            double celsius = 5.0;
            if (t >= T0 + 23 * HOUR && t < T0 + 24 * HOUR) {
                celsius = 15.0;
            } else if (t == T0 + 26 * HOUR) {
                celsius = 1.0;
            } else if (t == T0 + 26 * HOUR + 15 * MINUTE) {
                celsius = 0.5;
            }
            readings.add(reading(WARM, t, celsius));
        }
        return readings;
    }

    static TemperatureReading reading(final String shipment, final long time, final double celsius) {
        return new TemperatureReading("LOG-0001", shipment, time, celsius, 87.5f);
    }

    static List<LocationFix> warmFixes() {
        final List<LocationFix> fixes = new ArrayList<>();
        final GeoPoint a = MARBURG.getCenter();
        final GeoPoint b = WUERZBURG.getCenter();
        final GeoPoint c = MUNICH.getCenter();
        for (long t = T0; t <= T0 + 30 * HOUR; t += 30 * MINUTE) {
            final double h = (t - T0) / (double) HOUR;
            final double lat;
            double lon;
            if (h <= 12) {
                lat = a.getLat() + (b.getLat() - a.getLat()) * h / 12;
                lon = a.getLon() + (b.getLon() - a.getLon()) * h / 12;
            } else if (h <= 14) {
                lat = b.getLat();
                lon = b.getLon();
            } else {
                lat = b.getLat() + (c.getLat() - b.getLat()) * (h - 14) / 16;
                lon = b.getLon() + (c.getLon() - b.getLon()) * (h - 14) / 16;
            }
            if (h >= 23 && h <= 24) {
                lon += 0.25; // off the corridor, east
            }
            fixes.add(new LocationFix("TRK-0001", WARM, t, lat, lon, 8.0, 70.0, null));
        }
        return fixes;
    }

    static List<CustodyEvent> warmCustody() {
        return List.of(
                custody(WARM, "urn:uuid:warm-1", T0 - HOUR, EpcisAction.ADD, "commissioning", "active", MARBURG, PLANT,
                        null, null).setLot("L2403A").setExpiryDate("2026-02-28").build(),
                custody(WARM, "urn:uuid:warm-2", T0, EpcisAction.OBSERVE, "shipping", "in_transit", MARBURG, PLANT, PLANT,
                        CARRIER).build(),
                custody(WARM, "urn:uuid:warm-3", T0 + 12 * HOUR, EpcisAction.OBSERVE, "receiving", "in_progress", WUERZBURG,
                        HUB, CARRIER, HUB).build(),
                custody(WARM, "urn:uuid:warm-4", T0 + 14 * HOUR, EpcisAction.OBSERVE, "shipping", "in_transit", WUERZBURG,
                        HUB, HUB, CARRIER).build(),
                custody(WARM, "urn:uuid:warm-5", T0 + 30 * HOUR + 5 * MINUTE, EpcisAction.OBSERVE, "receiving", "in_progress",
                        MUNICH, WHOLESALER, CARRIER, WHOLESALER).build());
    }

    static List<Alert> warmAlerts() {
        final long start = T0 + 23 * HOUR;
        return List.of(
                alert(BAND_ALERT, AlertType.TEMPERATURE_EXCURSION, "refrigerated-2-8-band", AlertStatus.OPEN, Severity.MEDIUM,
                        WARM, start, start, "15.0 °C: outside 2.0..8.0 °C (refrigerated-2-8)", Map.of("temperatureCelsius", "15.00")),
                alert(INSTANT_ALERT, AlertType.TEMPERATURE_EXCURSION, "refrigerated-15c-instant", AlertStatus.OPEN,
                        Severity.HIGH, WARM, start, start, "15.0 °C: reading at or above 15.0 °C (rule refrigerated-15c-instant)",
                        Map.of("limitCelsius", "15.00")),
                alert(BAND_ALERT, AlertType.TEMPERATURE_EXCURSION, "refrigerated-2-8-band", AlertStatus.UPDATED, Severity.HIGH,
                        WARM, start, start, "15.0 °C: escalated to HIGH", Map.of("temperatureCelsius", "15.00")),
                alert(ROUTE_ALERT, AlertType.ROUTE_DEVIATION, "route-deviation", AlertStatus.OPEN, Severity.MEDIUM, WARM,
                        start, start + 30 * MINUTE, "18.2 km off the planned route for 30 min", Map.of("fixLat", "48.9", "fixLon", "11.0")),
                alert(INSTANT_ALERT, AlertType.TEMPERATURE_EXCURSION, "refrigerated-15c-instant", AlertStatus.RESOLVED,
                        Severity.HIGH, WARM, start, start + HOUR + 10 * MINUTE, "5.0 °C: back within the limit (rule refrigerated-15c-instant)",
                        Map.of("limitCelsius", "15.00")),
                alert(BAND_ALERT, AlertType.TEMPERATURE_EXCURSION, "refrigerated-2-8-band", AlertStatus.RESOLVED, Severity.HIGH,
                        WARM, start, start + HOUR + 10 * MINUTE, "5.0 °C: back inside 2.0..8.0 °C (refrigerated-2-8)",
                        Map.of("temperatureCelsius", "5.00")),
                alert(ROUTE_ALERT, AlertType.ROUTE_DEVIATION, "route-deviation", AlertStatus.RESOLVED, Severity.MEDIUM, WARM,
                        start, start + HOUR + 30 * MINUTE, "back in the corridor", Map.of()));
    }

    static List<AlertAcknowledgement> warmAcknowledgements() {
        return List.of(new AlertAcknowledgement("ack-1", BAND_ALERT, WARM, "qa.mueller",
                "driver called: reefer unit restarted at the rest area", T0 + 23 * HOUR + 40 * MINUTE));
    }

    static List<AuditRecord> warmAudit() {
        return List.of(
                audit(1, 41, BAND_ALERT, WARM, AuditChange.OPENED, AlertStatus.OPEN, null, T0 + 23 * HOUR),
                audit(1, 42, BAND_ALERT, WARM, AuditChange.UPDATED, AlertStatus.UPDATED, null, T0 + 23 * HOUR),
                audit(1, 44, BAND_ALERT, WARM, AuditChange.ACKNOWLEDGED, null, "qa.mueller", T0 + 23 * HOUR + 40 * MINUTE),
                audit(1, 47, BAND_ALERT, WARM, AuditChange.RESOLVED, AlertStatus.RESOLVED, null, T0 + 24 * HOUR + 10 * MINUTE));
    }

    static DossierEvidence warm() {
        return new DossierEvidence(WARM, List.of(warmPlanFirstVersion(), warmPlan()), warmReadings(), warmFixes(),
                warmCustody(), warmAlerts(), warmAcknowledgements(), warmAudit(),
                List.of(new DossierEvidence.SetAside("coldchain.errors.late-data", "TemperatureReading", T0 + 2 * HOUR,
                        "late: the shipment's readings were judged up to 2025-03-02T04:00:00Z",
                        DossierEvidence.canonical(reading(WARM, T0 + 2 * HOUR, 5.5)))),
                List.of(), List.of("coldchain.shipment.plans", "coldchain.alerts"));
    }

    // ---- cloned serial -------------------------------------------------------------------------

    static ShipmentPlan clonePlan() {
        return ShipmentPlan.newBuilder(warmPlan()).setShipmentId(CLONE)
                .setRoute(new Route(List.of(MARBURG.getCenter(), FRANKFURT.getCenter()), 3000.0))
                .setPlannedStops(List.of()).setDestination(FRANKFURT)
                .setPlannedArrival(T0 + 2 * HOUR).setExpectedCustodians(List.of(PLANT, CARRIER, DC)).build();
    }

    static DossierEvidence clonedSerial() {
        final List<TemperatureReading> readings = new ArrayList<>();
        for (long t = T0; t <= T0 + 2 * HOUR; t += 10 * MINUTE) {
            readings.add(reading(CLONE, t, 4.5 + (t - T0) / (double) HOUR));
        }
        final List<LocationFix> fixes = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            final double f = i / 4.0;
            fixes.add(new LocationFix("TRK-0002", CLONE, T0 + i * 30 * MINUTE,
                    MARBURG.getCenter().getLat() + (FRANKFURT.getCenter().getLat() - MARBURG.getCenter().getLat()) * f,
                    MARBURG.getCenter().getLon() + (FRANKFURT.getCenter().getLon() - MARBURG.getCenter().getLon()) * f,
                    6.0, 80.0, null));
        }
        final List<CustodyEvent> custody = List.of(
                custody(CLONE, "urn:uuid:clone-1", T0, EpcisAction.OBSERVE, "shipping", "in_transit", MARBURG, PLANT, PLANT,
                        CARRIER).build(),
                custody(CLONE, "urn:uuid:clone-2", T0 + 2 * HOUR, EpcisAction.OBSERVE, "receiving", "in_progress", FRANKFURT,
                        DC, CARRIER, DC).build());
        final Map<String, String> evidence = new LinkedHashMap<>();
        sighting(evidence, "sighting", "urn:uuid:clone-2", "2025-03-01T08:00:00Z", CLONE, "receiving", DC, FRANKFURT);
        sighting(evidence, "otherSighting", "urn:uuid:warsaw-7", "2025-03-01T07:55:00Z", "SHP-OTHER-9", "dispensing",
                new Party("5901234000006", "Apteka Centralna Warszawa"), area("Warsaw pharmacy", "5901234000006", 52.2297, 21.0122));
        evidence.put("distanceMeters", "893412");
        evidence.put("elapsedMillis", "300000");
        final Alert finding = Alert.newBuilder(alert(CLONE_ALERT, AlertType.DUPLICATE_SERIAL, "duplicate-serial", AlertStatus.OPEN,
                Severity.CRITICAL, CLONE, T0 + 2 * HOUR - 5 * MINUTE, T0 + 2 * HOUR,
                "Pack " + SERIAL + " active in two places at once: Frankfurt DC and Warsaw pharmacy (893 km in 5 min)", evidence))
                .setSerial(SERIAL).build();
        return new DossierEvidence(CLONE, List.of(clonePlan()), readings, fixes, custody, List.of(finding),
                List.of(new AlertAcknowledgement("ack-9", CLONE_ALERT, CLONE, "qa.nowak", "pack quarantined", T0 + 3 * HOUR)),
                List.of(audit(2, 7, CLONE_ALERT, CLONE, AuditChange.OPENED, AlertStatus.OPEN, null, T0 + 2 * HOUR),
                        audit(2, 8, CLONE_ALERT, CLONE, AuditChange.ACKNOWLEDGED, null, "qa.nowak", T0 + 3 * HOUR)),
                List.of(), List.of(), List.of("coldchain.cases.clone-2025-03.alerts"));
    }

    private static void sighting(final Map<String, String> evidence, final String prefix, final String eventId,
                                 final String time, final String shipment, final String bizStep, final Party custodian,
                                 final Area where) {
        evidence.put(prefix + ".eventId", eventId);
        evidence.put(prefix + ".eventTime", time);
        evidence.put(prefix + ".shipmentId", shipment);
        evidence.put(prefix + ".bizStep", bizStep);
        evidence.put(prefix + ".custodianGln", custodian.getGln());
        evidence.put(prefix + ".custodianName", custodian.getName());
        evidence.put(prefix + ".locationName", where.getName());
        evidence.put(prefix + ".lot", "L2403A");
    }

    // ---- builders ------------------------------------------------------------------------------

    static CustodyEvent.Builder custody(final String shipment, final String id, final long time, final EpcisAction action,
                                        final String bizStep, final String disposition, final Area where, final Party custodian,
                                        final Party source, final Party destination) {
        return CustodyEvent.newBuilder().setEventId(id).setEventTime(time).setEventTimeZoneOffset("+01:00")
                .setRecordTime(time + 5_000).setAction(action).setBizStep(bizStep).setDisposition(disposition)
                .setEpcList(List.of(GTIN + ".A1B2C3", GTIN + ".A1B2C4", GTIN + ".A1B2C5")).setBizLocation(where)
                .setCustodian(custodian).setSourceParty(source).setDestinationParty(destination).setShipmentId(shipment);
    }

    static Alert alert(final String id, final AlertType type, final String rule, final AlertStatus status,
                       final Severity severity, final String shipment, final long first, final long last, final String summary,
                       final Map<String, String> evidence) {
        return Alert.newBuilder().setAlertId(id).setType(type).setRuleId(rule).setStatus(status).setSeverity(severity)
                .setShipmentId(shipment).setFirstEvidenceTime(first).setLastEvidenceTime(last).setSummary(summary)
                .setEvidence(new LinkedHashMap<>(evidence)).build();
    }

    static AuditRecord audit(final int partition, final long sequence, final String alertId, final String shipment,
                             final AuditChange change, final AlertStatus status, final String by, final long time) {
        return AuditRecord.newBuilder().setPartition(partition).setSequence(sequence).setAlertId(alertId)
                .setShipmentId(shipment).setChange(change).setStatus(status).setBy(by).setComment(null).setEventTime(time)
                .setSourceId(alertId + "@" + sequence).setPreviousHash(Sha256.hex(partition + ":" + (sequence - 1)))
                .setHash(Sha256.hex(partition + ":" + sequence)).build();
    }

    static Area area(final String name, final String gln, final double lat, final double lon) {
        return new Area(name, gln, new GeoPoint(lat, lon), 500.0);
    }
}
