package io.coldchain.rules.route;

import io.coldchain.domain.Alert;
import io.coldchain.domain.AlertStatus;
import io.coldchain.domain.AlertType;
import io.coldchain.domain.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Builds the route rules' alerts: one place for the shared fields and the number formats of evidence. */
final class RouteAlerts {

    private RouteAlerts() {
    }

    static Builder alert(final String shipmentId, final AlertType type, final String ruleId, final String alertId) {
        return new Builder(shipmentId, type, ruleId, alertId);
    }

    static String meters(final double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String degrees(final double value) {
        return String.format(Locale.ROOT, "%.5f", value);
    }

    static String km(final double meters) {
        return String.format(Locale.ROOT, "%.1f km", meters / 1_000);
    }

    static String minutes(final long millis) {
        return (millis / 60_000) + " min";
    }

    static String position(final TrackPoint point) {
        return String.format(Locale.ROOT, "%.4f, %.4f", point.lat(), point.lon());
    }

    static String time(final long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    /** Collects one alert's fields; evidence keeps insertion order for readable JSON. */
    static final class Builder {

        private final Alert.Builder alert;
        private final Map<String, String> evidence = new LinkedHashMap<>();

        private Builder(final String shipmentId, final AlertType type, final String ruleId, final String alertId) {
            this.alert = Alert.builder().shipmentId(shipmentId).type(type).ruleId(ruleId).alertId(alertId);
        }

        Builder status(final AlertStatus status, final Severity severity) {
            alert.status(status).severity(severity);
            return this;
        }

        Builder evidenceTimes(final long firstMillis, final long lastMillis) {
            alert.firstEvidenceTime(firstMillis).lastEvidenceTime(lastMillis);
            evidence.put("durationMillis", Long.toString(lastMillis - firstMillis));
            return this;
        }

        Builder summary(final String format, final Object... args) {
            alert.summary(String.format(Locale.ROOT, format, args));
            return this;
        }

        Builder evidence(final String name, final String value) {
            evidence.put(name, value);
            return this;
        }

        Builder point(final String prefix, final TrackPoint point) {
            evidence.put(prefix + "Lat", degrees(point.lat()));
            evidence.put(prefix + "Lon", degrees(point.lon()));
            return this;
        }

        Alert build() {
            return alert.evidence(evidence).build();
        }
    }
}
