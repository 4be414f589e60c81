package io.coldchain.rules.serial;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
 * Standard (pure-identity URN, tag URI, class URN, pattern URN with a wildcard), GS1 Digital Link (a primary key
 * other than a GTIN, or a GTIN with no serial) and GS1 element strings, printed or as scanned (an SSCC, GLN, GRAI or
 * GIAI, or a GTIN with no serial). It is conservative: an identifier that carries a serial in any form (AI 21 or 235,
 * {@code /21/}, {@code ser}), or that does not follow its form's grammar, is not recognised, so it stays a pack
 * identifier and the serial checks judge it (an INVALID_SERIAL when it is not a valid one).
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
            Map.entry("402", "GSIN (shipment)"), Map.entry("8010", "CPI (component or part)"),
            Map.entry("255", "GCN (coupon)"));

    /** Element-string AIs of keys that are not packs, when no AI 01 is there (AI 00 SSCC, 414 GLN, 8003, 8004). */
    private static final Map<String, String> ELEMENT_STRING_KEYS = Map.of(
            "00", "SSCC (logistic unit)",
            "414", "GLN (location)",
            "8003", "GRAI (returnable asset)",
            "8004", "GIAI (individual asset)");

    /** Digital Link path qualifiers of a GTIN that name a class of items, not one (CPV, lot), long and short names. */
    private static final Set<String> CLASS_QUALIFIERS = Set.of("22", "cpv", "10", "lot");

    /** What names one item of a GTIN, in a Digital Link path or query: a serial (AI 21) or a TPX (AI 235). */
    private static final Set<String> ITEM_KEYS = Set.of("21", "ser", "235");

    private OtherIdentifier() {
    }

    /**
     * What {@code raw} identifies when it is a GS1 key of something other than a pack, e.g. "SSCC (logistic unit)",
     * or "GTIN without serial (product class)"; null when it is not recognised as one (an SGTIN, valid or not, or
     * something unknown). Call it for identifiers {@link Sgtin#parse} rejected: it only looks at the scheme.
     */
    public static String describe(final String raw) {
        if (raw == null || raw.isBlank()) {
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
            // A pattern names a class only where a component is '*'; without one it names one item.
            return value.indexOf('*') >= 0 ? "EPC pattern (a class of identifiers, not one item)" : null;
        }
        if (Sgtin.isWebUri(value)) {
            return digitalLink(lower);
        }
        if (ElementString.hasSymbologyIdentifier(value) && Sgtin.isWebUri(value.substring(3))) {
            return digitalLink(lower.substring(3));
        }
        try {
            if (value.startsWith("(")) {
                return elementString(ElementString.parenthesisedFields(value));
            }
            if (ElementString.hasSymbologyIdentifier(value) || value.charAt(0) == ElementString.GS
                    || value.charAt(0) >= '0' && value.charAt(0) <= '9') {
                return elementString(ElementString.rawFields(value));
            }
        } catch (InvalidSgtinException e) {
            return null; // not a well-formed element string: nothing recognised
        }
        return null;
    }

    /**
     * The key an element string carries when it is not a pack: none with an AI 21 or 235 (one item of a GTIN, valid
     * or not, is the serial checks' business); a GTIN without them is a product class; otherwise an SSCC (its check
     * digit right), GLN, GRAI or GIAI.
     */
    private static String elementString(final Map<String, String> fields) {
        if (fields.containsKey("21") || fields.containsKey("235")) {
            return null;
        }
        if (fields.containsKey("01")) {
            return "GTIN without serial (product class)";
        }
        for (final Map.Entry<String, String> key : ELEMENT_STRING_KEYS.entrySet()) {
            final String data = fields.get(key.getKey());
            if (data != null) {
                final boolean checked = key.getKey().equals("00") || key.getKey().equals("414");
                return !checked || Gtin.hasValidCheckDigit(data) ? key.getValue() : null;
            }
        }
        return null;
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

    /**
     * The primary key of the path (the first segment that is one, after any path prefix): a non-GTIN key with a
     * value; or a GTIN followed by nothing but class qualifiers (CPV, lot), with no serial or TPX in the path or the
     * query. Anything else, a path that does not follow the grammar included, is not recognised.
     */
    private static String digitalLink(final String lower) {
        final int hostStart = lower.indexOf("://") + 3;
        final int hash = lower.indexOf('#', hostStart);
        final int end = hash < 0 ? lower.length() : hash;
        final int question = lower.indexOf('?', hostStart);
        final int pathEnd = question >= 0 && question < end ? question : end;
        final int pathStart = lower.indexOf('/', hostStart);
        if (pathStart < 0 || pathStart >= pathEnd) {
            return null;
        }
        final String[] segments = lower.substring(pathStart + 1, pathEnd).split("/");
        for (int i = 0; i + 1 < segments.length; i++) {
            final String key = segments[i];
            if (key.equals("01") || key.equals("gtin")) {
                return onlyClassQualifiers(segments, i + 2) && !namesAnItem(lower.substring(pathEnd, end))
                        ? "GTIN without serial (product class)" : null;
            }
            final String description = DIGITAL_LINK_KEYS.get(key);
            if (description != null) {
                return !segments[i + 1].isEmpty() && noItemKey(segments, i + 2) ? description : null;
            }
        }
        return null;
    }

    private static boolean onlyClassQualifiers(final String[] segments, final int from) {
        for (int j = from; j < segments.length; j += 2) {
            if (!CLASS_QUALIFIERS.contains(segments[j]) || j + 1 >= segments.length || segments[j + 1].isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean noItemKey(final String[] segments, final int from) {
        for (int j = from; j < segments.length; j++) {
            if (ITEM_KEYS.contains(segments[j])) {
                return false;
            }
        }
        return true;
    }

    /** Whether a query string ({@code ?a=b&c=d}, or empty) gives a serial or TPX. */
    private static boolean namesAnItem(final String query) {
        for (final String parameter : query.isEmpty() ? new String[0] : query.substring(1).split("&")) {
            final int eq = parameter.indexOf('=');
            if (ITEM_KEYS.contains(eq < 0 ? parameter : parameter.substring(0, eq))) {
                return true;
            }
        }
        return false;
    }
}
