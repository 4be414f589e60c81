package io.coldchain.rules.serial;

import java.util.Set;

/**
 * GS1 Digital Link URIs of a serialised pack: {@code https://host[/prefix]/01/{gtin}[/22/{cpv}][/10/{lot}]/21/{serial}
 * [?17={YYMMDD}...][#...]}. The GTIN may have 8, 12, 13 or 14 digits. Digital Link 1.1 short names are read as
 * their AIs ({@code gtin} 01, {@code cpv} 22, {@code lot} 10, {@code ser} 21, {@code exp} 17). Key qualifiers are
 * taken in any order; after the GTIN the path holds nothing else (a trailing {@code /} aside): a segment that is not
 * a qualifier, or a qualifier without a value, is refused rather than skipped, since a serial holding an unescaped
 * {@code /} would otherwise lose its end and two packs share one key. Of the query string only the expiry is read;
 * other attributes are ignored.
 */
final class DigitalLink {

    private static final Set<String> GTIN = Set.of("01", "gtin");
    private static final Set<String> CPV = Set.of("22", "cpv");
    private static final Set<String> LOT = Set.of("10", "lot");
    private static final Set<String> SERIAL = Set.of("21", "ser");
    private static final Set<String> EXPIRY = Set.of("17", "exp");

    private DigitalLink() {
    }

    /**
     * A web URI cut into what a Digital Link reads: its path segments after the host and its query (without the
     * {@code ?}; empty when there is none), the fragment dropped.
     */
    record Parts(String[] segments, String query) {

        /** @return the parts, or null when the URI has no path */
        static Parts of(final String uri) {
            final int hostStart = uri.indexOf("://") + 3;
            final int pathStart = uri.indexOf('/', hostStart);
            final int hash = uri.indexOf('#', hostStart);
            final int end = hash < 0 ? uri.length() : hash;
            final int question = uri.indexOf('?', hostStart);
            final int pathEnd = question >= 0 && question < end ? question : end;
            if (pathStart < 0 || pathStart > pathEnd) {
                return null;
            }
            return new Parts(uri.substring(pathStart + 1, pathEnd).split("/"),
                    pathEnd < end ? uri.substring(pathEnd + 1, end) : "");
        }
    }

    static PackCode parse(final String value) {
        final Parts parts = Parts.of(value);
        if (parts == null) {
            throw new InvalidSgtinException(value, "GS1 Digital Link has no path /01/{gtin}/21/{serial}");
        }
        final String[] segments = parts.segments();
        // A path prefix may hold "01" too: the key is where a GTIN follows, else the first "01" (for its reason).
        int key = -1;
        int named = -1;
        for (int i = 0; i + 1 < segments.length && key < 0; i++) {
            if (GTIN.contains(segments[i])) {
                named = named < 0 ? i : named;
                key = gtinLength(segments[i + 1]) ? i : -1;
            }
        }
        key = key < 0 ? named : key;
        if (key < 0) {
            throw new InvalidSgtinException(value, "GS1 Digital Link has no path /01/{gtin}/21/{serial}");
        }
        String lot = null;
        String serial = null;
        for (int i = key + 2; i < segments.length; i += 2) {
            final String name = segments[i];
            if (!LOT.contains(name) && !SERIAL.contains(name) && !CPV.contains(name) || i + 1 >= segments.length) {
                throw new InvalidSgtinException(value, "GS1 Digital Link has '" + name + "' where a key qualifier "
                        + "(/22/, /10/ or /21/ and its value) should follow the GTIN; a '/' in a serial or lot must be "
                        + "written %2F");
            }
            final String data = Sgtin.percentDecode(segments[i + 1], value);
            if (LOT.contains(name)) {
                lot = once("10", lot, data, value);
            } else if (SERIAL.contains(name)) {
                serial = once("21", serial, data, value);
            }
        }
        if (serial == null) {
            throw new InvalidSgtinException(value, "GS1 Digital Link has no serial: /21/{serial} (or /ser/) after "
                    + "the GTIN");
        }
        if (lot != null) {
            Sgtin.requireCharacterSet82("lot", lot, value);
        }
        String expiry = null;
        if (!parts.query().isEmpty()) {
            for (final String parameter : parts.query().split("&")) {
                final int eq = parameter.indexOf('=');
                if (eq <= 0 && !parameter.isEmpty()) {
                    // "…/21/AB?C" is the serial AB?C written without %3F: cut at the '?', two packs would share a key.
                    throw new InvalidSgtinException(value, "GS1 Digital Link query has '" + parameter + "', not "
                            + "name=value; a '?' in a serial or lot must be written %3F");
                }
                if (eq > 0 && EXPIRY.contains(parameter.substring(0, eq))) {
                    expiry = once("17", expiry, Sgtin.percentDecode(parameter.substring(eq + 1), value), value);
                }
            }
        }
        return new PackCode(Sgtin.of(segments[key + 1], serial, value), lot,
                expiry == null ? null : PackCode.isoDate("17", expiry, value));
    }

    private static boolean gtinLength(final String segment) {
        final int n = segment.length();
        return (n == 8 || n == 12 || n == 13 || n == Gtin.LENGTH) && Gtin.allDigits(segment);
    }

    private static String once(final String ai, final String earlier, final String data, final String value) {
        if (earlier != null && !earlier.equals(data)) {
            throw new InvalidSgtinException(value, "GS1 Digital Link gives AI " + ai + " twice, as '" + earlier
                    + "' and '" + data + "'");
        }
        return data;
    }
}
