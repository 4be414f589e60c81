package io.coldchain.sim.model;

/**
 * How the parties and devices of a shipment record what happens: the habits that differ between producers
 * even when the trip is the same. {@link #defaults()} follows common practice (carriers that make no EPCIS event,
 * hubs that store, loggers switched off minutes after receipt, plans that are never closed); {@link #legacy()} is
 * what the simulator did before. Every share is drawn per shipment from a generator of its own, so changing one
 * changes nothing else, and none of them changes the trip or which incident it carries.
 *
 * @param planIssuedAt            plans carry {@code issuedAt}, 2..24 h before the planned departure, and are
 *                                published with it as record timestamp and status PLANNED; false: no
 *                                {@code issuedAt}, published at the simulation start as IN_TRANSIT
 * @param planRevisionShare       share of shipments (0..1) whose plan is revised in transit with an updated
 *                                planned arrival (10..30 min after the actual arrival) and a later {@code issuedAt}
 * @param republishDeliveredPlans the plan is republished as DELIVERED at the delivery scan and telemetry ends
 *                                there; false: no republish, the logger and tracker keep reporting 2..15 min after
 *                                the consignee's receiving scan, in range and inside the destination area
 * @param silentCarrierShare      share of shipments (0..1) whose carrier makes no scan: the shipper ships to the
 *                                next site and that site receives from the shipper; the carrier stays an expected
 *                                custodian
 * @param hubStoring              a cross-dock hub records receiving, storing and shipping (else receiving and
 *                                shipping)
 * @param consigneeStoringShare   share of shipments (0..1) whose consignee records a storing scan 5..30 min after
 *                                receiving
 * @param otherLoggerShare        share of loggers (0..1) that do not sample every reading interval: half sample
 *                                every 10 min, half at irregular 1..15 min intervals
 * @param batchUploadShare        share of loggers (0..1) that upload their readings in batches every 2..2.5 min,
 *                                newest first (within the streams application's 5 min grace)
 * @param duplicateReadingRate    probability (0..1) that a reading is uploaded a second time, 10 s..10 min later
 */
public record Conventions(boolean planIssuedAt, double planRevisionShare, boolean republishDeliveredPlans,
                          double silentCarrierShare, boolean hubStoring, double consigneeStoringShare,
                          double otherLoggerShare, double batchUploadShare, double duplicateReadingRate) {

    public static final double DEFAULT_PLAN_REVISION_SHARE = 0.3;
    public static final double DEFAULT_SILENT_CARRIER_SHARE = 0.8;
    public static final double DEFAULT_CONSIGNEE_STORING_SHARE = 0.5;
    public static final double DEFAULT_OTHER_LOGGER_SHARE = 0.6;
    public static final double DEFAULT_BATCH_UPLOAD_SHARE = 0.3;
    public static final double DEFAULT_DUPLICATE_READING_RATE = 0.005;

    public Conventions {
        check("plan revision share", planRevisionShare);
        check("silent carrier share", silentCarrierShare);
        check("consignee storing share", consigneeStoringShare);
        check("other logger share", otherLoggerShare);
        check("batch upload share", batchUploadShare);
        check("duplicate reading rate", duplicateReadingRate);
    }

    private static void check(final String what, final double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " must be within 0..1, got " + p);
        }
    }

    /** Common practice, the simulator's default. */
    public static Conventions defaults() {
        return new Conventions(true, DEFAULT_PLAN_REVISION_SHARE, false, DEFAULT_SILENT_CARRIER_SHARE, true,
                DEFAULT_CONSIGNEE_STORING_SHARE, DEFAULT_OTHER_LOGGER_SHARE, DEFAULT_BATCH_UPLOAD_SHARE,
                DEFAULT_DUPLICATE_READING_RATE);
    }

    /**
     * The simulator's former habits: plans without {@code issuedAt} at the start, republished as DELIVERED,
     * every carrier scanning, no storing, every logger on the reading interval, uploading each reading at once.
     */
    public static Conventions legacy() {
        return new Conventions(false, 0, true, 0, false, 0, 0, 0, 0);
    }

    public Conventions withPlanIssuedAt(final boolean value) {
        return new Conventions(value, planRevisionShare, republishDeliveredPlans, silentCarrierShare, hubStoring,
                consigneeStoringShare, otherLoggerShare, batchUploadShare, duplicateReadingRate);
    }

    public Conventions withPlanRevisionShare(final double value) {
        return new Conventions(planIssuedAt, value, republishDeliveredPlans, silentCarrierShare, hubStoring,
                consigneeStoringShare, otherLoggerShare, batchUploadShare, duplicateReadingRate);
    }

    public Conventions withRepublishDeliveredPlans(final boolean value) {
        return new Conventions(planIssuedAt, planRevisionShare, value, silentCarrierShare, hubStoring,
                consigneeStoringShare, otherLoggerShare, batchUploadShare, duplicateReadingRate);
    }

    public Conventions withSilentCarrierShare(final double value) {
        return new Conventions(planIssuedAt, planRevisionShare, republishDeliveredPlans, value, hubStoring,
                consigneeStoringShare, otherLoggerShare, batchUploadShare, duplicateReadingRate);
    }

    public Conventions withHubStoring(final boolean value) {
        return new Conventions(planIssuedAt, planRevisionShare, republishDeliveredPlans, silentCarrierShare, value,
                consigneeStoringShare, otherLoggerShare, batchUploadShare, duplicateReadingRate);
    }

    public Conventions withConsigneeStoringShare(final double value) {
        return new Conventions(planIssuedAt, planRevisionShare, republishDeliveredPlans, silentCarrierShare,
                hubStoring, value, otherLoggerShare, batchUploadShare, duplicateReadingRate);
    }

    public Conventions withOtherLoggerShare(final double value) {
        return new Conventions(planIssuedAt, planRevisionShare, republishDeliveredPlans, silentCarrierShare,
                hubStoring, consigneeStoringShare, value, batchUploadShare, duplicateReadingRate);
    }

    public Conventions withBatchUploadShare(final double value) {
        return new Conventions(planIssuedAt, planRevisionShare, republishDeliveredPlans, silentCarrierShare,
                hubStoring, consigneeStoringShare, otherLoggerShare, value, duplicateReadingRate);
    }

    public Conventions withDuplicateReadingRate(final double value) {
        return new Conventions(planIssuedAt, planRevisionShare, republishDeliveredPlans, silentCarrierShare,
                hubStoring, consigneeStoringShare, otherLoggerShare, batchUploadShare, value);
    }

    /** A one-line description for the settings printout. */
    public String describe() {
        if (equals(legacy())) {
            return "legacy (plans at the start, republished DELIVERED; every carrier scans; regular loggers)";
        }
        return String.format(java.util.Locale.ROOT, "plans %s, %.0f %% revised, %s; %.0f %% silent carriers; hub "
                        + "storing %s, consignee storing %.0f %%; %.0f %% other loggers, %.0f %% batch uploads, "
                        + "%.2f %% duplicate readings", planIssuedAt ? "issued 2..24 h ahead" : "at the start",
                planRevisionShare * 100, republishDeliveredPlans ? "republished DELIVERED" : "not republished",
                silentCarrierShare * 100, hubStoring ? "on" : "off", consigneeStoringShare * 100,
                otherLoggerShare * 100, batchUploadShare * 100, duplicateReadingRate * 100);
    }
}
