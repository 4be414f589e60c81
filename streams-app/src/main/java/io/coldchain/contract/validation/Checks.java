package io.coldchain.contract.validation;

/** The checks the record validators share; each returns {@code null} when the value passes. */
final class Checks {

    /** Longer than any real shipment, device, event or party id; keeps records far from the size limits. */
    static final int MAX_ID_LENGTH = 256;

    private Checks() {
    }

    static Validation key(final String key, final String what) {
        return key == null ? Validation.invalid(Reason.MISSING_KEY, "a " + what
                + " without a shipment id: records must be keyed by their shipment id") : null;
    }

    static Validation measurement(final double value, final double min, final double max, final String what) {
        if (!Double.isFinite(value)) {
            return Validation.invalid(Reason.NOT_FINITE, what + " is " + value);
        }
        if (value < min || value > max) {
            return Validation.invalid(Reason.OUT_OF_RANGE, what + " " + value + " is outside " + min + ".." + max);
        }
        return null;
    }

    /** Latitude and longitude of a position: finite, in range, and not (0,0). */
    static Validation position(final double lat, final double lon, final String what) {
        final Validation latitude = measurement(lat, -90, 90, what + " latitude");
        if (latitude != null) {
            return latitude;
        }
        final Validation longitude = measurement(lon, -180, 180, what + " longitude");
        if (longitude != null) {
            return longitude;
        }
        if (lat == 0 && lon == 0) {
            return Validation.invalid(Reason.NULL_ISLAND, what + " is (0,0): a device without a fix");
        }
        return null;
    }

    static Validation id(final String value, final String what) {
        if (value != null && value.length() > MAX_ID_LENGTH) {
            return Validation.invalid(Reason.OVERSIZED_FIELD, what + " is " + value.length()
                    + " characters long (at most " + MAX_ID_LENGTH + ")");
        }
        return null;
    }

    /** The first failed check, or OK. */
    static Validation first(final Validation... checks) {
        for (final Validation check : checks) {
            if (check != null && !check.valid()) {
                return check;
            }
        }
        return Validation.ok();
    }
}
