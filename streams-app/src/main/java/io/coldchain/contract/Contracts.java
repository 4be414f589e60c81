package io.coldchain.contract;

import io.coldchain.domain.Alert;
import io.coldchain.domain.AlertStatus;
import io.coldchain.domain.AlertType;
import io.coldchain.domain.Area;
import io.coldchain.domain.CustodyEvent;
import io.coldchain.domain.DetectionOverrides;
import io.coldchain.domain.EpcisAction;
import io.coldchain.domain.ErrorDeclaration;
import io.coldchain.domain.GeoPoint;
import io.coldchain.domain.LimitDirection;
import io.coldchain.domain.LocationFix;
import io.coldchain.domain.Party;
import io.coldchain.domain.PlannedStop;
import io.coldchain.domain.Product;
import io.coldchain.domain.Route;
import io.coldchain.domain.Severity;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.ShipmentStatus;
import io.coldchain.domain.TemperatureProfile;
import io.coldchain.domain.TemperatureReading;
import io.coldchain.domain.TemperatureRule;
import io.coldchain.domain.TemperatureRuleKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;

/**
 * The one seam between the Avro contract ({@code io.coldchain.schemas}, what integrators publish and operators
 * subscribe to) and the domain records the rules see ({@code io.coldchain.domain}). A schema change stops here:
 * the rules, their state and their tests never name a generated Avro class (an architecture test checks it).
 *
 * <p>Records arrive here already validated ({@code io.coldchain.contract.validation}); the mapping only copies.
 * A custody event also gets its content fingerprint here ({@link CustodyFingerprint}), because it is a fingerprint
 * of what the published record says.
 */
public final class Contracts {

    private Contracts() {
    }

    private static <W, D> List<D> list(final List<W> values, final Function<W, D> map) {
        final List<D> out = new ArrayList<>(values.size());
        for (final W value : values) {
            out.add(map.apply(value));
        }
        return out;
    }

    public static Alert toDomain(final io.coldchain.schemas.Alert value) {
        if (value == null) {
            return null;
        }
        return new Alert(
                value.getAlertId(),
                toDomain(value.getType()),
                toDomain(value.getSeverity()),
                toDomain(value.getStatus()),
                value.getShipmentId(),
                value.getSerial(),
                value.getRuleId(),
                value.getFirstEvidenceTime(),
                value.getLastEvidenceTime(),
                value.getSummary(),
                value.getEvidence());
    }

    public static io.coldchain.schemas.Alert toWire(final Alert value) {
        if (value == null) {
            return null;
        }
        return new io.coldchain.schemas.Alert(
                value.alertId(),
                toWire(value.type()),
                toWire(value.severity()),
                toWire(value.status()),
                value.shipmentId(),
                value.serial(),
                value.ruleId(),
                value.firstEvidenceTime(),
                value.lastEvidenceTime(),
                value.summary(),
                new LinkedHashMap<>(value.evidence()));
    }

    public static AlertStatus toDomain(final io.coldchain.schemas.AlertStatus value) {
        return value == null ? null : AlertStatus.valueOf(value.name());
    }

    public static io.coldchain.schemas.AlertStatus toWire(final AlertStatus value) {
        return value == null ? null : io.coldchain.schemas.AlertStatus.valueOf(value.name());
    }

    public static AlertType toDomain(final io.coldchain.schemas.AlertType value) {
        return value == null ? null : AlertType.valueOf(value.name());
    }

    public static io.coldchain.schemas.AlertType toWire(final AlertType value) {
        return value == null ? null : io.coldchain.schemas.AlertType.valueOf(value.name());
    }

    public static Area toDomain(final io.coldchain.schemas.Area value) {
        if (value == null) {
            return null;
        }
        return new Area(
                value.getName(),
                value.getGln(),
                toDomain(value.getCenter()),
                value.getRadiusMeters());
    }

    public static io.coldchain.schemas.Area toWire(final Area value) {
        if (value == null) {
            return null;
        }
        return new io.coldchain.schemas.Area(
                value.name(),
                value.gln(),
                toWire(value.center()),
                value.radiusMeters());
    }

    public static CustodyEvent toDomain(final io.coldchain.schemas.CustodyEvent value) {
        if (value == null) {
            return null;
        }
        return new CustodyEvent(
                value.getEventId(),
                value.getEventTime(),
                value.getEventTimeZoneOffset(),
                value.getRecordTime(),
                toDomain(value.getAction()),
                value.getBizStep(),
                value.getDisposition(),
                List.copyOf(value.getEpcList()),
                value.getReadPoint(),
                value.getBizLocation() == null ? null : toDomain(value.getBizLocation()),
                toDomain(value.getCustodian()),
                value.getSourceParty() == null ? null : toDomain(value.getSourceParty()),
                value.getDestinationParty() == null ? null : toDomain(value.getDestinationParty()),
                value.getShipmentId(),
                value.getLot(),
                value.getExpiryDate(),
                value.getErrorDeclaration() == null ? null : toDomain(value.getErrorDeclaration()),
                CustodyFingerprint.of(value));
    }

    public static io.coldchain.schemas.CustodyEvent toWire(final CustodyEvent value) {
        if (value == null) {
            return null;
        }
        return new io.coldchain.schemas.CustodyEvent(
                value.eventId(),
                value.eventTime(),
                value.eventTimeZoneOffset(),
                value.recordTime(),
                toWire(value.action()),
                value.bizStep(),
                value.disposition(),
                new ArrayList<>(value.epcList()),
                value.readPoint(),
                value.bizLocation() == null ? null : toWire(value.bizLocation()),
                toWire(value.custodian()),
                value.sourceParty() == null ? null : toWire(value.sourceParty()),
                value.destinationParty() == null ? null : toWire(value.destinationParty()),
                value.shipmentId(),
                value.lot(),
                value.expiryDate(),
                value.errorDeclaration() == null ? null : toWire(value.errorDeclaration()));
    }

    public static DetectionOverrides toDomain(final io.coldchain.schemas.DetectionOverrides value) {
        if (value == null) {
            return null;
        }
        return new DetectionOverrides(
                value.getCorridorConfirmationMinFixes(),
                value.getCorridorConfirmationMinDurationMillis());
    }

    public static io.coldchain.schemas.DetectionOverrides toWire(final DetectionOverrides value) {
        if (value == null) {
            return null;
        }
        return new io.coldchain.schemas.DetectionOverrides(
                value.corridorConfirmationMinFixes(),
                value.corridorConfirmationMinDurationMillis());
    }

    public static EpcisAction toDomain(final io.coldchain.schemas.EpcisAction value) {
        return value == null ? null : EpcisAction.valueOf(value.name());
    }

    public static io.coldchain.schemas.EpcisAction toWire(final EpcisAction value) {
        return value == null ? null : io.coldchain.schemas.EpcisAction.valueOf(value.name());
    }

    public static ErrorDeclaration toDomain(final io.coldchain.schemas.ErrorDeclaration value) {
        if (value == null) {
            return null;
        }
        return new ErrorDeclaration(
                value.getDeclarationTime(),
                value.getReason(),
                List.copyOf(value.getCorrectiveEventIds()));
    }

    public static io.coldchain.schemas.ErrorDeclaration toWire(final ErrorDeclaration value) {
        if (value == null) {
            return null;
        }
        return new io.coldchain.schemas.ErrorDeclaration(
                value.declarationTime(),
                value.reason(),
                new ArrayList<>(value.correctiveEventIds()));
    }

    public static GeoPoint toDomain(final io.coldchain.schemas.GeoPoint value) {
        if (value == null) {
            return null;
        }
        return new GeoPoint(
                value.getLat(),
                value.getLon());
    }

    public static io.coldchain.schemas.GeoPoint toWire(final GeoPoint value) {
        if (value == null) {
            return null;
        }
        return new io.coldchain.schemas.GeoPoint(
                value.lat(),
                value.lon());
    }

    public static LimitDirection toDomain(final io.coldchain.schemas.LimitDirection value) {
        return value == null ? null : LimitDirection.valueOf(value.name());
    }

    public static io.coldchain.schemas.LimitDirection toWire(final LimitDirection value) {
        return value == null ? null : io.coldchain.schemas.LimitDirection.valueOf(value.name());
    }

    public static LocationFix toDomain(final io.coldchain.schemas.LocationFix value) {
        if (value == null) {
            return null;
        }
        return new LocationFix(
                value.getDeviceId(),
                value.getShipmentId(),
                value.getEventTime(),
                value.getLat(),
                value.getLon(),
                value.getAccuracyMeters(),
                value.getSpeedKmh(),
                value.getBatteryPercent());
    }

    public static io.coldchain.schemas.LocationFix toWire(final LocationFix value) {
        if (value == null) {
            return null;
        }
        return new io.coldchain.schemas.LocationFix(
                value.deviceId(),
                value.shipmentId(),
                value.eventTime(),
                value.lat(),
                value.lon(),
                value.accuracyMeters(),
                value.speedKmh(),
                value.batteryPercent());
    }

    public static Party toDomain(final io.coldchain.schemas.Party value) {
        if (value == null) {
            return null;
        }
        return new Party(
                value.getGln(),
                value.getName());
    }

    public static io.coldchain.schemas.Party toWire(final Party value) {
        if (value == null) {
            return null;
        }
        return new io.coldchain.schemas.Party(
                value.gln(),
                value.name());
    }

    public static PlannedStop toDomain(final io.coldchain.schemas.PlannedStop value) {
        if (value == null) {
            return null;
        }
        return new PlannedStop(
                toDomain(value.getArea()),
                value.getMaxDwellMillis());
    }

    public static io.coldchain.schemas.PlannedStop toWire(final PlannedStop value) {
        if (value == null) {
            return null;
        }
        return new io.coldchain.schemas.PlannedStop(
                toWire(value.area()),
                value.maxDwellMillis());
    }

    public static Product toDomain(final io.coldchain.schemas.Product value) {
        if (value == null) {
            return null;
        }
        return new Product(
                value.getGtin(),
                value.getName(),
                value.getLot(),
                value.getExpiryDate());
    }

    public static io.coldchain.schemas.Product toWire(final Product value) {
        if (value == null) {
            return null;
        }
        return new io.coldchain.schemas.Product(
                value.gtin(),
                value.name(),
                value.lot(),
                value.expiryDate());
    }

    public static Route toDomain(final io.coldchain.schemas.Route value) {
        if (value == null) {
            return null;
        }
        return new Route(
                list(value.getWaypoints(), Contracts::toDomain),
                value.getCorridorHalfWidthMeters());
    }

    public static io.coldchain.schemas.Route toWire(final Route value) {
        if (value == null) {
            return null;
        }
        return new io.coldchain.schemas.Route(
                list(value.waypoints(), Contracts::toWire),
                value.corridorHalfWidthMeters());
    }

    public static Severity toDomain(final io.coldchain.schemas.Severity value) {
        return value == null ? null : Severity.valueOf(value.name());
    }

    public static io.coldchain.schemas.Severity toWire(final Severity value) {
        return value == null ? null : io.coldchain.schemas.Severity.valueOf(value.name());
    }

    public static ShipmentPlan toDomain(final io.coldchain.schemas.ShipmentPlan value) {
        if (value == null) {
            return null;
        }
        return new ShipmentPlan(
                value.getShipmentId(),
                toDomain(value.getProduct()),
                value.getProfileName(),
                value.getProfile() == null ? null : toDomain(value.getProfile()),
                toDomain(value.getRoute()),
                list(value.getPlannedStops(), Contracts::toDomain),
                toDomain(value.getOrigin()),
                toDomain(value.getDestination()),
                value.getPlannedDeparture(),
                value.getPlannedArrival(),
                list(value.getExpectedCustodians(), Contracts::toDomain),
                List.copyOf(value.getSerials()),
                toDomain(value.getStatus()),
                value.getIssuedAt(),
                value.getDetectionOverrides() == null ? null : toDomain(value.getDetectionOverrides()));
    }

    public static io.coldchain.schemas.ShipmentPlan toWire(final ShipmentPlan value) {
        if (value == null) {
            return null;
        }
        return new io.coldchain.schemas.ShipmentPlan(
                value.shipmentId(),
                toWire(value.product()),
                value.profileName(),
                value.profile() == null ? null : toWire(value.profile()),
                toWire(value.route()),
                list(value.plannedStops(), Contracts::toWire),
                toWire(value.origin()),
                toWire(value.destination()),
                value.plannedDeparture(),
                value.plannedArrival(),
                list(value.expectedCustodians(), Contracts::toWire),
                new ArrayList<>(value.serials()),
                toWire(value.status()),
                value.issuedAt(),
                value.detectionOverrides() == null ? null : toWire(value.detectionOverrides()));
    }

    public static ShipmentStatus toDomain(final io.coldchain.schemas.ShipmentStatus value) {
        return value == null ? null : ShipmentStatus.valueOf(value.name());
    }

    public static io.coldchain.schemas.ShipmentStatus toWire(final ShipmentStatus value) {
        return value == null ? null : io.coldchain.schemas.ShipmentStatus.valueOf(value.name());
    }

    public static TemperatureProfile toDomain(final io.coldchain.schemas.TemperatureProfile value) {
        if (value == null) {
            return null;
        }
        return new TemperatureProfile(
                value.getName(),
                value.getMinCelsius(),
                value.getMaxCelsius(),
                list(value.getRules(), Contracts::toDomain),
                value.getMaxReadingGapMillis(),
                value.getMaxSilenceMillis(),
                value.getStabilityBudgetMillis());
    }

    public static io.coldchain.schemas.TemperatureProfile toWire(final TemperatureProfile value) {
        if (value == null) {
            return null;
        }
        return new io.coldchain.schemas.TemperatureProfile(
                value.name(),
                value.minCelsius(),
                value.maxCelsius(),
                list(value.rules(), Contracts::toWire),
                value.maxReadingGapMillis(),
                value.maxSilenceMillis(),
                value.stabilityBudgetMillis());
    }

    public static TemperatureReading toDomain(final io.coldchain.schemas.TemperatureReading value) {
        if (value == null) {
            return null;
        }
        return new TemperatureReading(
                value.getDeviceId(),
                value.getShipmentId(),
                value.getEventTime(),
                value.getTemperatureCelsius(),
                value.getBatteryPercent());
    }

    public static io.coldchain.schemas.TemperatureReading toWire(final TemperatureReading value) {
        if (value == null) {
            return null;
        }
        return new io.coldchain.schemas.TemperatureReading(
                value.deviceId(),
                value.shipmentId(),
                value.eventTime(),
                value.temperatureCelsius(),
                value.batteryPercent());
    }

    public static TemperatureRule toDomain(final io.coldchain.schemas.TemperatureRule value) {
        if (value == null) {
            return null;
        }
        return new TemperatureRule(
                value.getRuleId(),
                toDomain(value.getKind()),
                toDomain(value.getDirection()),
                value.getLimitCelsius(),
                value.getDurationMillis(),
                value.getWindowMillis(),
                toDomain(value.getSeverity()));
    }

    public static io.coldchain.schemas.TemperatureRule toWire(final TemperatureRule value) {
        if (value == null) {
            return null;
        }
        return new io.coldchain.schemas.TemperatureRule(
                value.ruleId(),
                toWire(value.kind()),
                toWire(value.direction()),
                value.limitCelsius(),
                value.durationMillis(),
                value.windowMillis(),
                toWire(value.severity()));
    }

    public static TemperatureRuleKind toDomain(final io.coldchain.schemas.TemperatureRuleKind value) {
        return value == null ? null : TemperatureRuleKind.valueOf(value.name());
    }

    public static io.coldchain.schemas.TemperatureRuleKind toWire(final TemperatureRuleKind value) {
        return value == null ? null : io.coldchain.schemas.TemperatureRuleKind.valueOf(value.name());
    }
}
