package io.coldchain.rules.serial;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A serialised GTIN: the pack identifier of GS1 AI 01 (GTIN-14) plus AI 21 (serial, 1 to 20
 * characters of GS1 character set 82). Its normal form, {@link #key()}, is {@code GTIN14.SERIAL} as
 * the schemas carry it, e.g. {@code 00614141123452.A1B2C3}; state is keyed by it.
 *
 * <p>{@link #parse} accepts the forms integrators, scanners and RFID middleware send:
 * <ul>
 *   <li>{@code 00614141123452.A1B2C3} (GTIN-8/12/13 are left-padded to 14 digits), the fast path: a value whose
 *       dot follows 8, 12, 13 or 14 digits;</li>
 *   <li>the EPC pure-identity URN {@code urn:epc:id:sgtin:0614141.012345.A1B2C3} (company prefix, indicator
 *       digit + item reference, serial; URN escapes such as {@code %2F} decoded), and the EPC tag URIs
 *       {@code urn:epc:tag:sgtin-96:3.0614141.012345.6789} and {@code urn:epc:tag:sgtin-198:...} (filter value
 *       first) that RFID middleware reports;</li>
 *   <li>a GS1 Digital Link URI {@code https://id.gs1.org/01/00614141123452/10/LOT42/21/A1B2C3?17=261231}, any
 *       host, optional path prefix, key qualifiers 22, 10, 21 (or their short names {@code gtin}, {@code cpv},
 *       {@code lot}, {@code ser}), query string and fragment (percent escapes decoded);</li>
 *   <li>a GS1 element string as a DataMatrix carries it, raw ({@code ]d2010061414112345217261231} + {@code 10L42}
 *       + GS + {@code 21A1B2C3}) or parenthesised ({@code (01)00614141123452(17)261231(21)A1B2C3}), AIs in any
 *       order ({@link ElementString}).</li>
 * </ul>
 * Serials are case-sensitive and kept as they are; surrounding white space is ignored. {@link PackCode#parse}
 * reads the same forms and also keeps the lot and expiry the code carries.
 */
public record Sgtin(String gtin, String serial) {

    public static final int MAX_SERIAL_LENGTH = 20;
    /**
     * Longer identifiers are refused unread: the longest real form (a Digital Link with a path prefix, lot and query)
     * is a few hundred characters, and an identifier is read for every pack of every scan.
     */
    public static final int MAX_IDENTIFIER_LENGTH = 512;

    private static final String EPC_URN_PREFIX = "urn:epc:id:sgtin:";
    private static final String EPC_TAG_PREFIX = "urn:epc:tag:";
    /** GS1 AI encodable character set 82, the characters a serial (AI 21) may hold. */
    private static final boolean[] CSET_82 = cset82();

    /**
     * @throws InvalidSgtinException unless {@code gtin} is a GTIN-14 with a valid check digit and
     *                               {@code serial} 1 to 20 characters of set 82
     */
    public Sgtin {
        // Checked without building anything first: every pack of every custody event comes through here.
        if (gtin == null || gtin.length() != Gtin.LENGTH || !Gtin.hasValidCheckDigit(gtin)
                || serialProblem(serial) != null) {
            final String shown = gtin + '.' + serial;
            if (gtin == null || gtin.length() != Gtin.LENGTH) {
                throw new InvalidSgtinException(shown, "GTIN must have 14 digits");
            }
            Gtin.toGtin14(gtin, shown);
            requireValidSerial(serial, shown);
        }
    }

    /**
     * Parses and normalises a pack identifier in any of the accepted forms.
     *
     * @throws InvalidSgtinException with the reason when it is none of them, or its GTIN or serial is invalid
     */
    public static Sgtin parse(final String raw) {
        final String value = nonBlank(raw);
        final int dot = dotFormDot(value);
        if (dot > 0) {
            return of(value.substring(0, dot), value.substring(dot + 1), value);
        }
        return parseOther(value).sgtin();
    }

    /** {@link PackCode#parse}. */
    static PackCode parsePack(final String raw) {
        final String value = nonBlank(raw);
        final int dot = dotFormDot(value);
        if (dot > 0) {
            return new PackCode(of(value.substring(0, dot), value.substring(dot + 1), value), null, null);
        }
        return parseOther(value);
    }

    private static String nonBlank(final String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidSgtinException(String.valueOf(raw), "empty");
        }
        if (raw.length() > MAX_IDENTIFIER_LENGTH) {
            throw new InvalidSgtinException(raw.substring(0, 64) + "...", "identifier has " + raw.length()
                    + " characters, at most " + MAX_IDENTIFIER_LENGTH + " are read");
        }
        return raw.strip();
    }

    /** The index of the dot of the form GTIN.SERIAL: after 8, 12, 13 or 14 digits; else -1. */
    private static int dotFormDot(final String value) {
        int i = 0;
        while (i < value.length() && i <= Gtin.LENGTH && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
            i++;
        }
        return i < value.length() && value.charAt(i) == '.' && (i == 8 || i >= 12 && i <= Gtin.LENGTH) ? i : -1;
    }

    private static PackCode parseOther(final String value) {
        final char first = value.charAt(0);
        if (ElementString.hasSymbologyIdentifier(value) && isWebUri(value.substring(3))) {
            // A scanner that sends AIM symbology identifiers, reading a Digital Link QR code or DataMatrix (]Q1, ]d1).
            return DigitalLink.parse(value.substring(3));
        }
        if (first >= '0' && first <= '9' || first == ElementString.GS || ElementString.hasSymbologyIdentifier(value)) {
            try {
                return ElementString.parseRaw(value);
            } catch (InvalidSgtinException e) {
                final int dot = value.indexOf('.');
                if (dot > 0 && dot <= Gtin.LENGTH && first != ElementString.GS
                        && !ElementString.hasSymbologyIdentifier(value) && value.indexOf(ElementString.GS) < 0) {
                    // A dot where a GTIN would end: meant as GTIN.SERIAL, so say what is wrong with that.
                    return new PackCode(of(value.substring(0, dot), value.substring(dot + 1), value), null, null);
                }
                throw e;
            }
        }
        if (first == '(') {
            return ElementString.parseParenthesised(value);
        }
        final String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith(EPC_URN_PREFIX)) {
            return new PackCode(fromEpcUrn(value, value.substring(EPC_URN_PREFIX.length())), null, null);
        }
        if (lower.startsWith(EPC_TAG_PREFIX)) {
            return new PackCode(fromEpcTag(value, lower), null, null);
        }
        if (isWebUri(value)) {
            return DigitalLink.parse(value);
        }
        throw new InvalidSgtinException(value, "expected GTIN.SERIAL, an EPC URN (urn:epc:id:sgtin:...), "
                + "a GS1 Digital Link or a GS1 element string ((01)...(21)... or as scanned)");
    }

    static boolean isWebUri(final String value) {
        return value.regionMatches(true, 0, "https://", 0, 8) || value.regionMatches(true, 0, "http://", 0, 7);
    }

    /** The normal form, {@code GTIN14.SERIAL}. */
    public String key() {
        return gtin + '.' + serial;
    }

    @Override
    public String toString() {
        return key();
    }

    static Sgtin of(final String gtin, final String serial, final String shown) {
        final String gtin14 = Gtin.toGtin14(gtin, shown);
        requireValidSerial(serial, shown);
        return new Sgtin(gtin14, serial);
    }

    /**
     * {@code urn:epc:id:sgtin:CompanyPrefix.IndicatorAndItemRef.Serial}, {@code body} without the prefix; the URN
     * carries no check digit.
     */
    private static Sgtin fromEpcUrn(final String value, final String body) {
        final int first = body.indexOf('.');
        final int second = first < 0 ? -1 : body.indexOf('.', first + 1);
        if (second < 0) {
            throw new InvalidSgtinException(value, "EPC URN must be urn:epc:id:sgtin:CompanyPrefix.ItemRef.Serial");
        }
        final String companyPrefix = body.substring(0, first);
        final String itemRef = body.substring(first + 1, second);
        if (!Gtin.allDigits(companyPrefix) || !Gtin.allDigits(itemRef)
                || companyPrefix.length() + itemRef.length() != Gtin.LENGTH - 1
                || companyPrefix.length() < 6 || companyPrefix.length() > 12) {
            throw new InvalidSgtinException(value, "EPC URN company prefix (6..12 digits) and item reference "
                    + "must be 13 digits together");
        }
        final String data = itemRef.charAt(0) + companyPrefix + itemRef.substring(1);
        final String serial = percentDecode(body.substring(second + 1), value);
        return of(data + Gtin.checkDigit(data), serial, value);
    }

    /**
     * The EPC tag URI of an SGTIN-96 or SGTIN-198 tag, {@code urn:epc:tag:sgtin-96:Filter.CompanyPrefix.ItemRef.Serial}:
     * the pure identity once the filter value (one digit, 0 to 7) is dropped.
     */
    private static Sgtin fromEpcTag(final String value, final String lower) {
        final int scheme = lower.indexOf(':', EPC_TAG_PREFIX.length());
        final String name = scheme < 0 ? "" : lower.substring(EPC_TAG_PREFIX.length(), scheme);
        if (!name.equals("sgtin-96") && !name.equals("sgtin-198")) {
            throw new InvalidSgtinException(value, "EPC tag URI must be urn:epc:tag:sgtin-96 or sgtin-198, not '"
                    + name + "'");
        }
        final String body = value.substring(scheme + 1);
        if (body.length() < 2 || body.charAt(0) < '0' || body.charAt(0) > '7' || body.charAt(1) != '.') {
            throw new InvalidSgtinException(value, "EPC tag URI must start with a filter value 0 to 7: "
                    + "urn:epc:tag:" + name + ":Filter.CompanyPrefix.ItemRef.Serial");
        }
        return fromEpcUrn(value, body.substring(2));
    }

    private static void requireValidSerial(final String serial, final String shown) {
        requireCharacterSet82("serial", serial, shown);
    }

    /** AI 10 (lot) and AI 21 (serial) alike: 1 to 20 characters of set 82. */
    static void requireCharacterSet82(final String what, final String text, final String shown) {
        final String problem = cset82Problem(what, text);
        if (problem != null) {
            throw new InvalidSgtinException(shown, problem);
        }
    }

    /** Whether every character of {@code text} is in GS1 character set 82 (any length, empty included). */
    static boolean inCharacterSet82(final String text) {
        return outsideCharacterSet82(text) < 0;
    }

    /** The index of the first character of {@code text} not in GS1 character set 82, or -1. */
    private static int outsideCharacterSet82(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c >= CSET_82.length || !CSET_82[c]) {
                return i;
            }
        }
        return -1;
    }

    private static String serialProblem(final String serial) {
        return cset82Problem("serial", serial);
    }

    /** What is wrong with {@code text} as AI 10 or 21, or null when nothing is (its text built only then). */
    private static String cset82Problem(final String what, final String text) {
        if (text == null || text.isEmpty()) {
            return what + " is empty";
        }
        if (text.length() > MAX_SERIAL_LENGTH) {
            return what + " has " + text.length() + " characters, at most " + MAX_SERIAL_LENGTH + " allowed";
        }
        final int outside = outsideCharacterSet82(text);
        return outside < 0 ? null
                : what + " character '" + text.charAt(outside) + "' is not in GS1 character set 82";
    }

    /** Decodes %XX escapes (UTF-8); no '+' rule, which belongs to form encoding, not to paths or URNs. */
    static String percentDecode(final String s, final String shown) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c != '%') {
                if (c > 0x7F) {
                    // Set 82 is ASCII: refused here, before a lone surrogate could be encoded as '?'.
                    throw new InvalidSgtinException(shown, "character '" + c + "' is not in GS1 character set 82");
                }
                bytes.write(c);
                continue;
            }
            if (i + 2 >= s.length()) {
                throw new InvalidSgtinException(shown, "truncated percent escape in '" + s + "'");
            }
            final int high = Character.digit(s.charAt(i + 1), 16);
            final int low = Character.digit(s.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                throw new InvalidSgtinException(shown, "bad percent escape in '" + s + "'");
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean[] cset82() {
        final boolean[] allowed = new boolean[128];
        for (final char c : "!\"%&'()*+,-./:;<=>?_".toCharArray()) {
            allowed[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            allowed[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            allowed[c] = true;
            allowed[Character.toLowerCase(c)] = true;
        }
        return allowed;
    }
}
