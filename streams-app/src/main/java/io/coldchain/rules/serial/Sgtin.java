package io.coldchain.rules.serial;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A serialised GTIN: the pack identifier of GS1 AI 01 (GTIN-14) plus AI 21 (serial, 1 to 20
 * characters of GS1 character set 82). Its normal form, {@link #key()}, is {@code GTIN14.SERIAL} as
 * the schemas carry it, e.g. {@code 00614141123452.A1B2C3}; state is keyed by it.
 *
 * <p>{@link #parse} accepts the forms integrators send:
 * <ul>
 *   <li>{@code 00614141123452.A1B2C3} (GTIN-8/12/13 are left-padded to 14 digits);</li>
 *   <li>the EPC pure-identity URN {@code urn:epc:id:sgtin:0614141.012345.A1B2C3} (company prefix, indicator
 *       digit + item reference, serial; URN escapes such as {@code %2F} decoded);</li>
 *   <li>a GS1 Digital Link URI {@code https://id.gs1.org/01/00614141123452/21/A1B2C3}, any host, optional path
 *       prefix, further key qualifiers or query string (percent escapes decoded);</li>
 *   <li>the GS1 element string {@code (01)00614141123452(21)A1B2C3}.</li>
 * </ul>
 * Serials are case-sensitive and kept as they are; surrounding white space is ignored.
 */
public record Sgtin(String gtin, String serial) {

    public static final int MAX_SERIAL_LENGTH = 20;

    private static final String EPC_URN_PREFIX = "urn:epc:id:sgtin:";
    private static final String ELEMENT_STRING_GTIN = "(01)";
    private static final String ELEMENT_STRING_SERIAL = "(21)";
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
        if (raw == null || raw.isBlank()) {
            throw new InvalidSgtinException(String.valueOf(raw), "empty");
        }
        final String value = raw.strip();
        final char first = value.charAt(0);
        // The common form, GTIN.SERIAL, starts with a digit, which no other form (nor its lower case) does.
        if (first < '0' || first > '9') {
            final String lower = value.toLowerCase(Locale.ROOT);
            if (lower.startsWith(EPC_URN_PREFIX)) {
                return fromEpcUrn(value);
            }
            if (lower.startsWith("https://") || lower.startsWith("http://")) {
                return fromDigitalLink(value);
            }
            if (value.startsWith(ELEMENT_STRING_GTIN)) {
                return fromElementString(value);
            }
        }
        final int dot = value.indexOf('.');
        if (dot <= 0) {
            throw new InvalidSgtinException(value, "expected GTIN.SERIAL, an EPC URN "
                    + "(urn:epc:id:sgtin:...), a GS1 Digital Link or (01)...(21)...");
        }
        return of(value.substring(0, dot), value.substring(dot + 1), value);
    }

    /** The normal form, {@code GTIN14.SERIAL}. */
    public String key() {
        return gtin + '.' + serial;
    }

    @Override
    public String toString() {
        return key();
    }

    private static Sgtin of(final String gtin, final String serial, final String shown) {
        final String gtin14 = Gtin.toGtin14(gtin, shown);
        requireValidSerial(serial, shown);
        return new Sgtin(gtin14, serial);
    }

    /** {@code urn:epc:id:sgtin:CompanyPrefix.IndicatorAndItemRef.Serial}; the URN carries no check digit. */
    private static Sgtin fromEpcUrn(final String value) {
        final String body = value.substring(EPC_URN_PREFIX.length());
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

    /** {@code https://host[/prefix]/01/{gtin}/21/{serial}[/...][?...]}. */
    private static Sgtin fromDigitalLink(final String value) {
        final int hostStart = value.indexOf("://") + 3;
        final int pathStart = value.indexOf('/', hostStart);
        int pathEnd = value.length();
        for (final char c : new char[] {'?', '#'}) {
            final int at = value.indexOf(c, hostStart);
            if (at >= 0 && at < pathEnd) {
                pathEnd = at;
            }
        }
        if (pathStart < 0 || pathStart > pathEnd) {
            throw new InvalidSgtinException(value, "GS1 Digital Link has no path /01/{gtin}/21/{serial}");
        }
        final String[] segments = value.substring(pathStart + 1, pathEnd).split("/", -1);
        for (int i = 0; i + 3 < segments.length; i++) {
            if (segments[i].equals("01") && segments[i + 2].equals("21")) {
                return of(segments[i + 1], percentDecode(segments[i + 3], value), value);
            }
        }
        throw new InvalidSgtinException(value, "GS1 Digital Link has no path /01/{gtin}/21/{serial}");
    }

    /** {@code (01)GTIN14(21)SERIAL}. */
    private static Sgtin fromElementString(final String value) {
        final int serialAt = value.indexOf(ELEMENT_STRING_SERIAL);
        if (serialAt < 0) {
            throw new InvalidSgtinException(value, "element string has no (21) serial");
        }
        final String gtin = value.substring(ELEMENT_STRING_GTIN.length(), serialAt);
        if (gtin.length() != Gtin.LENGTH) {
            throw new InvalidSgtinException(value, "element string (01) must hold 14 digits");
        }
        return of(gtin, value.substring(serialAt + ELEMENT_STRING_SERIAL.length()), value);
    }

    private static void requireValidSerial(final String serial, final String shown) {
        final String problem = serialProblem(serial);
        if (problem != null) {
            throw new InvalidSgtinException(shown, problem);
        }
    }

    /** What is wrong with {@code serial} as AI 21, or null when nothing is (its text built only then). */
    private static String serialProblem(final String serial) {
        if (serial == null || serial.isEmpty()) {
            return "serial is empty";
        }
        if (serial.length() > MAX_SERIAL_LENGTH) {
            return "serial has " + serial.length() + " characters, at most " + MAX_SERIAL_LENGTH + " allowed";
        }
        for (int i = 0; i < serial.length(); i++) {
            final char c = serial.charAt(i);
            if (c >= CSET_82.length || !CSET_82[c]) {
                return "serial character '" + c + "' is not in GS1 character set 82";
            }
        }
        return null;
    }

    /** Decodes %XX escapes (UTF-8); no '+' rule, which belongs to form encoding, not to paths or URNs. */
    private static String percentDecode(final String s, final String shown) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c != '%') {
                final byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                continue;
            }
            if (i + 2 >= s.length()) {
                throw new InvalidSgtinException(shown, "truncated percent escape in serial");
            }
            final int high = Character.digit(s.charAt(i + 1), 16);
            final int low = Character.digit(s.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                throw new InvalidSgtinException(shown, "bad percent escape in serial");
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
