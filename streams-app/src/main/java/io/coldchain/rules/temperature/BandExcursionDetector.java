package io.coldchain.rules.temperature;

import io.coldchain.rules.AlertIds;
import io.coldchain.rules.Detector;
import io.coldchain.rules.Outcome;
import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Severity;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureProfile;
import io.coldchain.schemas.TemperatureReading;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The storage-band rule: a reading outside the profile's band opens an excursion episode, the
 * first reading back inside resolves it. One alert id per episode.
 */
public final class BandExcursionDetector implements Detector<TemperatureReading, BandState> {

    private final TemperatureProfiles profiles;

    public BandExcursionDetector(final TemperatureProfiles profiles) {
        this.profiles = profiles;
    }

    /** The rule id of a profile's band rule. */
    public static String ruleId(final TemperatureProfile profile) {
        return profile.getName() + "-band";
    }

    @Override
    public Outcome<BandState> onEvent(final ShipmentPlan plan, final BandState open, final TemperatureReading reading) {
        final TemperatureProfile profile = profiles.forPlan(plan).orElseThrow(() -> new IllegalArgumentException(
                "shipment " + plan.getShipmentId() + " names unknown temperature profile '" + plan.getProfileName()
                        + "'; known: " + profiles.names()));
        final double celsius = reading.getTemperatureCelsius();
        final double deviation = Math.max(profile.getMinCelsius() - celsius, celsius - profile.getMaxCelsius());
        final boolean outside = deviation > 0;
        final long time = reading.getEventTime();

        if (open == null && !outside) {
            return Outcome.quiet(null);
        }
        if (open == null) {
            final BandState started = new BandState(
                    AlertIds.episode(plan.getShipmentId(), ruleId(profile), time), time, deviation, celsius, time);
            return Outcome.of(started, List.of(alert(plan, profile, started, AlertStatus.OPEN, celsius)));
        }
        if (outside) {
            final boolean newPeak = deviation > open.peakDeviationCelsius();
            return Outcome.quiet(new BandState(open.alertId(), open.startMillis(),
                    newPeak ? deviation : open.peakDeviationCelsius(), newPeak ? celsius : open.peakCelsius(), time));
        }
        final BandState closed = new BandState(open.alertId(), open.startMillis(), open.peakDeviationCelsius(),
                open.peakCelsius(), time);
        return Outcome.of(null, List.of(alert(plan, profile, closed, AlertStatus.RESOLVED, celsius)));
    }

    private static Alert alert(final ShipmentPlan plan, final TemperatureProfile profile, final BandState episode,
                               final AlertStatus status, final double currentCelsius) {
        final String band = String.format(Locale.ROOT, "%.1f..%.1f °C", profile.getMinCelsius(), profile.getMaxCelsius());
        final String summary = status == AlertStatus.RESOLVED
                ? String.format(Locale.ROOT, "Temperature back in %s at %.1f °C after %d min outside (peak %.1f °C)",
                        band, currentCelsius, (episode.lastEvidenceMillis() - episode.startMillis()) / 60_000,
                        episode.peakCelsius())
                : String.format(Locale.ROOT, "Temperature %.1f °C outside %s (%s) since %s",
                        currentCelsius, band, profile.getName(), Instant.ofEpochMilli(episode.startMillis()));
        return Alert.newBuilder()
                .setAlertId(episode.alertId())
                .setType(AlertType.TEMPERATURE_EXCURSION)
                .setSeverity(Severity.MEDIUM)
                .setStatus(status)
                .setShipmentId(plan.getShipmentId())
                .setRuleId(ruleId(profile))
                .setFirstEvidenceTime(episode.startMillis())
                .setLastEvidenceTime(episode.lastEvidenceMillis())
                .setSummary(summary)
                .setEvidence(Map.of(
                        "temperatureCelsius", fmt(currentCelsius),
                        "peakCelsius", fmt(episode.peakCelsius()),
                        "bandMinCelsius", fmt(profile.getMinCelsius()),
                        "bandMaxCelsius", fmt(profile.getMaxCelsius()),
                        "durationMillis", Long.toString(episode.lastEvidenceMillis() - episode.startMillis())))
                .build();
    }

    private static String fmt(final double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
