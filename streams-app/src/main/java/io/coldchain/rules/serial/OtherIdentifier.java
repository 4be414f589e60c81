package io.coldchain.rules.serial;

import java.util.Locale;
import java.util.Map;

/**
 * Identifiers that EPCIS systems put in an event's {@code epcList} beside, or instead of, the packs: valid GS1 keys
 * of things that are not packs. A shipping or receiving event very often lists only the logistic units (SSCC of the
 * case or pallet, the packs being inside it, aggregated at packing), a returnable thermal shipper (GRAI), a tracked
 * asset such as a data logger (GIAI), a location, or a class of products (a GTIN with a lot, LGTIN, or a pattern)
 * when the items were counted rather than serialised.
 *
 * <p>They are not packs, so the serial checks have nothing to judge about them, and they are not invalid pack
 * identifiers either: raising INVALID_SERIAL for every SSCC of every shipping scan would be a flood of false alerts
 * on perfectly ordinary EPCIS data. {@link #describe} recognises them by their scheme, in the forms of the Tag Data
 * Standard (pure-identity URN, tag URI, class and pattern URNs), GS1 Digital Link (primary key other than a
 * serialised GTIN) and GS1 element strings; anything else that is not an SGTIN stays an invalid pack identifier.
 * Only the scheme is recognised: the identifier's own check digits are no concern of the serial checks.
 */
public final class OtherIdentifier {

    /** Pure-identity, tag and class URN schemes (TDS 2.x) that do not identify a serialised trade item. */
    private static final Map<String, String> URN_SCHEMES = Map.ofEntries(
            Map.entry("sscc", "SSCC (logistic unit)"),
            Map.entry("sgln", "SGLN (location)"),
            Map.entry("grai", "GRAI (returnable asset)"),
            Map.entry("giai", "GIAI (individual asset)"),
            Map.entry("gsrn", "GSRN (service relation)"),
            Map.entry("gsrnp", "GSRNP (service provider)"),
            Map.entry("gdti", "GDTI (document)"),
            Map.entry("cpi", "CPI (component or part)"),
            Map.entry("sgcn", "SGCN (coupon)"),
            Map.entry("ginc", "GINC (consignment)"),
            Map.entry("gsin", "GSIN (shipment)"),
            Map.entry("pgln", "PGLN (party)"),
            Map.entry("gid", "GID (general identifier)"),
            Map.entry("usdod", "USDOD (US DoD identifier)"),
            Map.entry("adi", "ADI (aerospace and defence identifier)"),
            Map.entry("bic", "BIC (intermodal container)"),
            Map.entry("imovn", "IMOVN (vessel)"),
            Map.entry("lgtin", "LGTIN (product class with lot)"));

    /** Digital Link primary keys (GS1 AIs, and the DL 1.1 short names) that are not a serialised GTIN. */
    private static final Map<String, String> DIGITAL_LINK_KEYS = Map.ofEntries(
            Map.entry("00", "SSCC (logistic unit)"), Map.entry("sscc", "SSCC (logistic unit)"),
            Map.entry("414", "GLN (location)"), Map.entry("gln", "GLN (location)"),
            Map.entry("417", "PGLN (party)"),
            Map.entry("8003", "GRAI (returnable asset)"), Map.entry("grai", "GRAI (returnable asset)"),
            Map.entry("8004", "GIAI (individual asset)"), Map.entry("giai", "GIAI (individual asset)"),
            Map.entry("8017", "GSRNP (service provider)"), Map.entry("8018", "GSRN (service relation)"),
            Map.entry("253", "GDTI (document)"), Map.entry("401", "GINC (consignment)"),
            Map.entry("402", "GSIN (shipment)"), Map.entry("8006", "ITIP (trade item piece)"),
            Map.entry("8010", "CPI (component or part)"), Map.entry("255", "GCN (coupon)"));

    /** Element-string AIs that lead a non-pack key (AI 00 SSCC, 414 GLN, 8003 GRAI, 8004 GIAI). */
    private static final Map<String, String> ELEMENT_STRING_KEYS = Map.of(
            "(00)", "SSCC (logistic unit)",
            "(414)", "GLN (location)",
            "(8003)", "GRAI (returnable asset)",
            "(8004)", "GIAI (individual asset)");

    /** FNC1 as scanners transmit it in GS1 barcode data: the ASCII group separator. */
    private static final char GROUP_SEPARATOR = '\u001d';

    private OtherIdentifier() {
    }

    /**
     * What {@code raw} identifies when it is a GS1 key of something other than a pack, e.g. "SSCC (logistic unit)",
     * or "GTIN without serial (product class)"; null when it is not recognised as one (an SGTIN, valid or not, or
     * something unknown). Call it for identifiers {@link Sgtin#parse} rejected: it only looks at the scheme.
     */
    public static String describe(final String raw) {
        if (raw == null) {
            return null;
        }
        final String value = raw.strip();
        final String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("urn:epc:id:") || lower.startsWith("urn:epc:class:")) {
            return urnScheme(lower.substring(lower.indexOf(':', "urn:epc:".length()) + 1));
        }
        if (lower.startsWith("urn:epc:tag:")) {
            return tagScheme(lower.substring("urn:epc:tag:".length()));
        }
        if (lower.startsWith("urn:epc:idpat:")) {
            return "EPC pattern (a class of identifiers, not one item)";
        }
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return digitalLink(lower);
        }
        if (value.startsWith("(")) {
            for (final Map.Entry<String, String> key : ELEMENT_STRING_KEYS.entrySet()) {
                if (value.startsWith(key.getKey())) {
                    return key.getValue();
                }
            }
            return value.startsWith("(01)") && !value.contains("(21)") ? "GTIN without serial (product class)" : null;
        }
        return barcode(value);
    }

    /** {@code sscc:0614141.1234567890} → the scheme's description; {@code sgtin:…} → null. */
    private static String urnScheme(final String body) {
        final int colon = body.indexOf(':');
        return colon <= 0 ? null : URN_SCHEMES.get(body.substring(0, colon));
    }

    /** {@code sscc-96:…}, {@code grai-170:…}: the scheme before the bit length; SGTIN tags are packs. */
    private static String tagScheme(final String body) {
        final int colon = body.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        final String scheme = body.substring(0, colon);
        final int dash = scheme.indexOf('-');
        return URN_SCHEMES.get(dash < 0 ? scheme : scheme.substring(0, dash));
    }

    /** The first key segment of the path: a non-GTIN key, or a GTIN with no serial after it. */
    private static String digitalLink(final String lower) {
        final int hostStart = lower.indexOf("://") + 3;
        int pathEnd = lower.length();
        for (final char c : new char[] {'?', '#'}) {
            final int at = lower.indexOf(c, hostStart);
            if (at >= 0 && at < pathEnd) {
                pathEnd = at;
            }
        }
        final int pathStart = lower.indexOf('/', hostStart);
        if (pathStart < 0 || pathStart >= pathEnd) {
            return null;
        }
        final String[] segments = lower.substring(pathStart + 1, pathEnd).split("/", -1);
        // A DL path may have a prefix of its own (/products/01/…): the primary key is the first segment that is one.
        for (int i = 0; i + 1 < segments.length; i++) {
            final String key = segments[i];
            if (key.equals("01") || key.equals("gtin")) {
                for (int j = i + 2; j + 1 < segments.length; j += 2) {
                    if (segments[j].equals("21") || segments[j].equals("ser")) {
                        return null;
                    }
                }
                return "GTIN without serial (product class)";
            }
            final String description = DIGITAL_LINK_KEYS.get(key);
            if (description != null && !segments[i + 1].isEmpty()) {
                return description;
            }
        }
        return null;
    }

    /**
     * Barcode data: an SSCC as scanned from a GS1-128 case label ({@code ]C1} and AI 00 with its 18 digits), or a
     * bare GTIN-8/12/13/14 with a valid check digit (a linear barcode, which carries no serial).
     */
    private static String barcode(final String value) {
        String data = value;
        if (data.length() > 3 && data.charAt(0) == ']') {
            data = data.substring(3);
        }
        if (!data.isEmpty() && data.charAt(0) == GROUP_SEPARATOR) {
            data = data.substring(1);
        }
        if (data.length() >= 20 && data.startsWith("00") && Gtin.allDigits(data.substring(2, 20))) {
            return "SSCC (logistic unit)";
        }
        final int length = data.length();
        if ((length == 8 || length == 12 || length == 13 || length == Gtin.LENGTH) && Gtin.allDigits(data)
                && Gtin.hasValidCheckDigit(data)) {
            return "GTIN without serial (product class)";
        }
        return null;
    }
}
