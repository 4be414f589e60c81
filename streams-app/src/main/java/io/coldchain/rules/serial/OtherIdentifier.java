package io.coldchain.rules.serial;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Standard (pure-identity URN, tag URI, LGTIN class URN, pattern URN with a wildcard), GS1 Digital Link (an SSCC,
 * GLN, GRAI, GIAI... as the primary key) and GS1 element strings, printed or as a GS1-128 label is scanned (an SSCC,
 * GLN, GRAI or GIAI, and no GTIN). It is strict, because whatever it recognises escapes every serial check: the key's
 * value must follow its grammar (digits, lengths, check digits where the key has one); anything with a GTIN in it
 * (a GTIN with no serial is a pack whose serial was not read, worth a look), with a serial marker (AI 21 or 235,
 * {@code 21}, {@code ser}), with percent escapes, or in the shape of {@code GTIN.SERIAL}, is not recognised, stays a
 * pack identifier and is judged as one (an INVALID_SERIAL when it is not a valid one).
 */
public final class OtherIdentifier {

    /** Longer identifiers are not looked at (nor parsed: {@link Sgtin#MAX_IDENTIFIER_LENGTH}). */
    private static final int MAX_LENGTH = Sgtin.MAX_IDENTIFIER_LENGTH;

    /** URN and tag URI schemes (TDS 2.x) of keys that are not a serialised trade item, keyed by scheme. */
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
            Map.entry("pgln", "PGLN (party)"));

    /** The body of a keyed EPC URN: the company prefix (6 to 12 digits), then dot-separated TDS URN characters. */
    private static final Pattern URN_BODY = Pattern.compile("\\d{6,12}(\\.[!'()*+,\\-0-9:;=A-Z_a-z]*)+");
    /** The body of a tag URI: the filter value, then as a URN body. */
    private static final Pattern TAG_BODY = Pattern.compile("\\d\\.\\d{6,12}(\\.[!'()*+,\\-0-9:;=A-Z_a-z]*)+");
    /** An LGTIN class URN's body: company prefix, indicator and item reference (13 digits together), lot. */
    private static final Pattern LGTIN_BODY = Pattern.compile("\\d{6,12}\\.\\d{1,7}\\.[!'()*+,\\-.0-9:;=A-Z_a-z]{1,20}");
    /** A tag URI's scheme with its bit length: {@code sscc-96}, {@code grai-170}. */
    private static final Pattern TAG_SCHEME = Pattern.compile("([a-z]+)-\\d+");

    /** Digital Link primary keys (AIs, and the DL 1.1 short names) that are not a GTIN, with their description. */
    private static final Map<String, String> DIGITAL_LINK_KEYS = Map.ofEntries(
            Map.entry("00", "00"), Map.entry("sscc", "00"),
            Map.entry("414", "414"), Map.entry("gln", "414"),
            Map.entry("8003", "8003"), Map.entry("grai", "8003"),
            Map.entry("8004", "8004"), Map.entry("giai", "8004"));

    /** The keys this class recognises in Digital Links and element strings, by AI. */
    private static final Map<String, String> KEYS = Map.of(
            "00", "SSCC (logistic unit)",
            "414", "GLN (location)",
            "8003", "GRAI (returnable asset)",
            "8004", "GIAI (individual asset)");

    /** Symbology identifiers of the GS1 symbols whose data is an element string: GS1-128, DataMatrix, QR, DataBar, DotCode. */
    private static final Set<String> GS1_SYMBOLOGIES = Set.of("]C1", "]d2", "]Q3", "]e0", "]J1");

    private OtherIdentifier() {
    }

    /**
     * What {@code raw} identifies when it is a GS1 key of something other than a pack, e.g. "SSCC (logistic unit)";
     * null when it is not recognised as one (an SGTIN, valid or not, a GTIN, or anything unknown or malformed). Call it
     * for identifiers {@link Sgtin#parse} rejected.
     */
    public static String describe(final String raw) {
        if (raw == null || raw.isBlank() || raw.length() > MAX_LENGTH) {
            return null;
        }
        final String value = raw.strip();
        final String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("urn:epc:id:")) {
            return urn(lower.substring("urn:epc:id:".length()), value.substring("urn:epc:id:".length()));
        }
        if (lower.startsWith("urn:epc:tag:")) {
            return tag(lower.substring("urn:epc:tag:".length()), value.substring("urn:epc:tag:".length()));
        }
        if (lower.startsWith("urn:epc:class:lgtin:")) {
            return LGTIN_BODY.matcher(value.substring("urn:epc:class:lgtin:".length())).matches()
                    ? "LGTIN (product class with lot)" : null;
        }
        if (lower.startsWith("urn:epc:idpat:")) {
            // A pattern names a class only where a whole component is '*'; without one it names one item.
            return List.of(value.substring(value.indexOf(':', "urn:epc:idpat:".length()) + 1).split("\\.", -1))
                    .contains("*") ? "EPC pattern (a class of identifiers, not one item)" : null;
        }
        if (value.indexOf('%') >= 0) {
            return null; // escapes could hide a serial marker: judged as a pack
        }
        if (Sgtin.isWebUri(value)) {
            return digitalLink(value);
        }
        if (ElementString.hasSymbologyIdentifier(value) && Sgtin.isWebUri(value.substring(3))) {
            return digitalLink(value.substring(3));
        }
        try {
            if (value.startsWith("(")) {
                return elementString(ElementString.parenthesisedFields(value));
            }
            // As scanned: only the data of a GS1 symbol, led by its symbology identifier. A bare number or GTIN.SERIAL
            // is a pack's, whatever AI its digits start like (a pack's element string that lost its leading 01 can look
            // like an SSCC's 20 digits); a leading GS (FNC1) is white space to strip(), so it cannot tell either.
            if (value.length() > 3 && GS1_SYMBOLOGIES.contains(value.substring(0, 3))) {
                return elementString(ElementString.rawFields(value));
            }
        } catch (InvalidSgtinException e) {
            return null; // not a well-formed element string: nothing recognised
        }
        return null;
    }

    /** An element string with exactly one recognised key, its value right, and nothing of a pack. */
    private static String elementString(final Map<String, String> fields) {
        if (fields.containsKey("01") || fields.containsKey("21") || fields.containsKey("235")
                || fields.containsKey("02") || fields.containsKey("10")) {
            return null;
        }
        String found = null;
        for (final Map.Entry<String, String> key : KEYS.entrySet()) {
            final String data = fields.get(key.getKey());
            if (data != null) {
                if (found != null || !validKeyValue(key.getKey(), data)) {
                    return null;
                }
                found = key.getValue();
            }
        }
        return found;
    }

    /** Whether {@code data} is a well-formed value of the key {@code ai} (00, 414, 8003 or 8004). */
    private static boolean validKeyValue(final String ai, final String data) {
        return switch (ai) {
            case "00" -> data.length() == 18 && Gtin.hasValidCheckDigit(data);
            case "414" -> data.length() == 13 && Gtin.hasValidCheckDigit(data);
            // GRAI: a 0, then 12 digits and a check digit (a GTIN-13's form), then an optional serial of up to 16.
            case "8003" -> data.length() >= 14 && data.length() <= 30 && data.charAt(0) == '0'
                    && Gtin.hasValidCheckDigit(data.substring(1, 14)) && Sgtin.inCharacterSet82(data.substring(14));
            // GIAI: up to 30 characters of set 82, starting with the company prefix (digits).
            case "8004" -> data.length() >= 7 && data.length() <= 30 && Gtin.allDigits(data.substring(0, 6))
                    && Sgtin.inCharacterSet82(data);
            default -> false;
        };
    }

    /** {@code sscc:0614141.1234567890}: a known scheme with a body of its grammar. */
    private static String urn(final String lowerBody, final String body) {
        final int colon = lowerBody.indexOf(':');
        final String description = colon <= 0 ? null : URN_SCHEMES.get(lowerBody.substring(0, colon));
        return description != null && URN_BODY.matcher(body.substring(colon + 1)).matches() ? description : null;
    }

    /** {@code sscc-96:3.0614141.1234567890}: a known scheme and bit length, the filter, a body of its grammar. */
    private static String tag(final String lowerBody, final String body) {
        final int colon = lowerBody.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        final Matcher scheme = TAG_SCHEME.matcher(lowerBody.substring(0, colon));
        final String description = scheme.matches() ? URN_SCHEMES.get(scheme.group(1)) : null;
        return description != null && TAG_BODY.matcher(body.substring(colon + 1)).matches() ? description : null;
    }

    /**
     * A Digital Link whose primary key (the first path segment that is one of {@link #DIGITAL_LINK_KEYS}) has a value
     * of its grammar and is all the URI names: no further path segment, no GTIN anywhere in the path, no query
     * parameter that names an item.
     */
    private static String digitalLink(final String value) {
        final DigitalLink.Parts parts = DigitalLink.Parts.of(value);
        if (parts == null) {
            return null;
        }
        final String[] segments = parts.segments();
        for (final String segment : segments) {
            final String name = segment.toLowerCase(Locale.ROOT);
            if (name.equals("01") || name.equals("gtin") || name.equals("21") || name.equals("ser")
                    || name.equals("235")) {
                return null;
            }
        }
        for (int i = 0; i < segments.length; i++) {
            final String ai = DIGITAL_LINK_KEYS.get(segments[i].toLowerCase(Locale.ROOT));
            if (ai != null) {
                return i + 2 == segments.length && validKeyValue(ai, segments[i + 1])
                        && !namesAnItem(parts.query().toLowerCase(Locale.ROOT)) ? KEYS.get(ai) : null;
            }
        }
        return null;
    }

    /** Whether a query string ({@code a=b&c=d}, or empty) has a parameter that could name an item. */
    private static boolean namesAnItem(final String query) {
        for (final String parameter : query.split("[&;]")) {
            final int eq = parameter.indexOf('=');
            final String name = eq < 0 ? parameter : parameter.substring(0, eq);
            if (name.equals("21") || name.equals("ser") || name.equals("235") || name.equals("01")
                    || name.equals("gtin")) {
                return true;
            }
        }
        return false;
    }
}
