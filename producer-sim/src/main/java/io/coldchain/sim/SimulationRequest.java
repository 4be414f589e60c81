package io.coldchain.sim;

import io.coldchain.errors.UserError;
import io.coldchain.sim.incidents.IncidentMix;
import io.coldchain.sim.incidents.IncidentType;
import io.coldchain.sim.model.Conventions;
import io.coldchain.sim.network.Realism;
import io.coldchain.sim.publish.Pacing;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of the simulator as the user asked for it: what to simulate, placed in time, how fast to publish it,
 * where to write the ground truth and whether to publish at all. {@link Builder} takes the values of the
 * {@code simulate} flags, one setter per flag, and checks them together.
 *
 * @param settings what to simulate, its start set
 * @param pacing   how fast to publish
 * @param span     simulated time from the start to the last record reaching the broker ({@link Simulation#span})
 * @param anchored whether the start was placed by the wall clock because none was given
 * @param now      the wall clock when the request was built
 * @param labels   where to write the ground truth, or null for nowhere
 * @param dryRun   whether to generate the events without publishing them
 */
public record SimulationRequest(SimulationSettings settings, Pacing pacing, Duration span, boolean anchored,
                                Instant now, Path labels, boolean dryRun) {

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The flags' values, checked together by {@link #build(Instant)}. Unset values are the flags' defaults where
     * the flag has one; a null override (a rate, a share) leaves its preset alone.
     */
    public static final class Builder {

        private int shipments = SimulationSettings.DEFAULT_SHIPMENTS;
        private long seed = SimulationSettings.DEFAULT_SEED;
        private double speed = 60;
        private Double rate;
        private double warmFraction = SimulationSettings.DEFAULT_WARM_FRACTION;
        private double airShare;
        private double hubShare = SimulationSettings.DEFAULT_HUB_SHARE;
        private IncidentMix.Preset incidents = IncidentMix.Preset.DEFAULT;
        private final Map<IncidentType, Double> incidentRates = new LinkedHashMap<>();
        private boolean networkRealism;
        private Duration reorderWithin;
        private Double duplicateRate;
        private Duration clockSkew;
        private Double lateBatchRate;
        private Double gpsOutlierRate;
        private boolean legacyConventions;
        private boolean republishDeliveredPlans;
        private boolean noPlanIssuedAt;
        private Double planRevisionShare;
        private Double silentCarrierShare;
        private boolean noHubStoring;
        private Double consigneeStoringShare;
        private Double otherLoggerShare;
        private Double batchUploadShare;
        private Double duplicateReadingRate;
        private Duration readingInterval = SimulationSettings.DEFAULT_READING_INTERVAL;
        private Duration fixInterval = SimulationSettings.DEFAULT_FIX_INTERVAL;
        private String start;
        private Path labels;
        private boolean dryRun;

        private Builder() {
        }

        public Builder shipments(final int value) {
            this.shipments = value;
            return this;
        }

        public Builder seed(final long value) {
            this.seed = value;
            return this;
        }

        /** Simulated seconds per wall-clock second; 0: as fast as the broker takes them. */
        public Builder speed(final double value) {
            this.speed = value;
            return this;
        }

        /** Cap on events per second, or null for none. */
        public Builder rate(final Double value) {
            this.rate = value;
            return this;
        }

        public Builder warmFraction(final double value) {
            this.warmFraction = value;
            return this;
        }

        public Builder airShare(final double value) {
            this.airShare = value;
            return this;
        }

        public Builder hubShare(final double value) {
            this.hubShare = value;
            return this;
        }

        public Builder incidents(final IncidentMix.Preset value) {
            this.incidents = value;
            return this;
        }

        /** Rates that override the preset's, in the order given. */
        public Builder incidentRates(final Map<IncidentType, Double> value) {
            incidentRates.clear();
            incidentRates.putAll(value);
            return this;
        }

        /** Start from {@link Realism#preset()} rather than {@link Realism#none()}. */
        public Builder networkRealism(final boolean value) {
            this.networkRealism = value;
            return this;
        }

        public Builder reorderWithin(final Duration value) {
            this.reorderWithin = value;
            return this;
        }

        public Builder duplicateRate(final Double value) {
            this.duplicateRate = value;
            return this;
        }

        public Builder clockSkew(final Duration value) {
            this.clockSkew = value;
            return this;
        }

        public Builder lateBatchRate(final Double value) {
            this.lateBatchRate = value;
            return this;
        }

        public Builder gpsOutlierRate(final Double value) {
            this.gpsOutlierRate = value;
            return this;
        }

        /** Start from {@link Conventions#legacy()} rather than {@link Conventions#defaults()}. */
        public Builder legacyConventions(final boolean value) {
            this.legacyConventions = value;
            return this;
        }

        public Builder republishDeliveredPlans(final boolean value) {
            this.republishDeliveredPlans = value;
            return this;
        }

        public Builder noPlanIssuedAt(final boolean value) {
            this.noPlanIssuedAt = value;
            return this;
        }

        public Builder planRevisionShare(final Double value) {
            this.planRevisionShare = value;
            return this;
        }

        public Builder silentCarrierShare(final Double value) {
            this.silentCarrierShare = value;
            return this;
        }

        public Builder noHubStoring(final boolean value) {
            this.noHubStoring = value;
            return this;
        }

        public Builder consigneeStoringShare(final Double value) {
            this.consigneeStoringShare = value;
            return this;
        }

        public Builder otherLoggerShare(final Double value) {
            this.otherLoggerShare = value;
            return this;
        }

        public Builder batchUploadShare(final Double value) {
            this.batchUploadShare = value;
            return this;
        }

        public Builder duplicateReadingRate(final Double value) {
            this.duplicateReadingRate = value;
            return this;
        }

        public Builder readingInterval(final Duration value) {
            this.readingInterval = value;
            return this;
        }

        public Builder fixInterval(final Duration value) {
            this.fixInterval = value;
            return this;
        }

        /** ISO-8601 instant, "now" (this minute), or null to anchor the start to the wall clock. */
        public Builder start(final String value) {
            this.start = value;
            return this;
        }

        public Builder labels(final Path value) {
            this.labels = value;
            return this;
        }

        public Builder dryRun(final boolean value) {
            this.dryRun = value;
            return this;
        }

        /**
         * The request, its start placed by {@code now} unless given.
         *
         * @throws UserError with one line naming the flag when the values do not go together
         */
        public SimulationRequest build(final Instant now) {
            if (rate != null && !(rate > 0)) {
                throw new UserError("--rate must be a positive number of events per second, got " + rate);
            }
            final Pacing pacing = new Pacing(speed, rate == null ? 0 : rate);
            final SimulationSettings unanchored = settings(Instant.EPOCH);
            final Duration span = Simulation.span(unanchored);
            final Instant simStart = start == null ? Simulation.anchoredStart(span, pacing, now) : parseStart(now);
            return new SimulationRequest(unanchored.withStart(simStart), pacing, span, start == null, now, labels,
                    dryRun);
        }

        private SimulationSettings settings(final Instant simStart) {
            if (shipments < 1) {
                throw new UserError("--shipments must be at least 1, got " + shipments);
            }
            try {
                return new SimulationSettings(shipments, seed, simStart, readingInterval, fixInterval, warmFraction,
                        incidentMix(), realism(), airShare, hubShare, conventions());
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage(), e);
            }
        }

        /** The preset with the rates on top. */
        private IncidentMix incidentMix() {
            IncidentMix mix = incidents.mix();
            if (mix.cycleAll() && !incidentRates.isEmpty()) {
                throw new UserError("--incident-rate cannot be combined with --incidents all");
            }
            for (final Map.Entry<IncidentType, Double> entry : incidentRates.entrySet()) {
                mix = mix.withRate(entry.getKey(), entry.getValue());
            }
            return mix;
        }

        /** The preset (or nothing), adjusted by the individual values. */
        private Realism realism() {
            Realism realism = networkRealism ? Realism.preset() : Realism.none();
            if (reorderWithin != null) {
                realism = realism.withReorderWithin(reorderWithin);
            }
            if (duplicateRate != null) {
                realism = realism.withDuplicateRate(duplicateRate);
            }
            if (clockSkew != null) {
                realism = realism.withLoggerClockSkew(clockSkew);
            }
            if (lateBatchRate != null) {
                realism = realism.withLateBatchRate(lateBatchRate);
            }
            if (gpsOutlierRate != null) {
                realism = realism.withGpsOutlierRate(gpsOutlierRate);
            }
            return realism;
        }

        /** The default conventions (or the legacy ones), adjusted by the individual values. */
        private Conventions conventions() {
            Conventions conventions = legacyConventions ? Conventions.legacy() : Conventions.defaults();
            if (republishDeliveredPlans) {
                conventions = conventions.withRepublishDeliveredPlans(true);
            }
            if (noPlanIssuedAt) {
                conventions = conventions.withPlanIssuedAt(false);
            }
            if (noHubStoring) {
                conventions = conventions.withHubStoring(false);
            }
            if (planRevisionShare != null) {
                conventions = conventions.withPlanRevisionShare(planRevisionShare);
            }
            if (silentCarrierShare != null) {
                conventions = conventions.withSilentCarrierShare(silentCarrierShare);
            }
            if (consigneeStoringShare != null) {
                conventions = conventions.withConsigneeStoringShare(consigneeStoringShare);
            }
            if (otherLoggerShare != null) {
                conventions = conventions.withOtherLoggerShare(otherLoggerShare);
            }
            if (batchUploadShare != null) {
                conventions = conventions.withBatchUploadShare(batchUploadShare);
            }
            if (duplicateReadingRate != null) {
                conventions = conventions.withDuplicateReadingRate(duplicateReadingRate);
            }
            return conventions;
        }

        private Instant parseStart(final Instant now) {
            if ("now".equalsIgnoreCase(start.trim())) {
                return now.truncatedTo(ChronoUnit.MINUTES);
            }
            try {
                return Instant.parse(start.trim());
            } catch (DateTimeParseException e) {
                throw new UserError("--start '" + start + "' is not an ISO-8601 instant such as 2025-03-01T06:00:00Z, "
                        + "nor 'now'");
            }
        }
    }
}
