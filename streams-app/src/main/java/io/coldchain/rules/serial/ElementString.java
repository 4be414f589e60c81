package io.coldchain.rules.serial;

import java.util.HashMap;
import java.util.Map;

/**
 * GS1 element strings, the content of a GS1 DataMatrix, GS1-128, GS1 QR Code or DataBar, in the two ways it
 * reaches us:
 * <ul>
 *   <li>raw, as a scanner transmits it: optionally led by a symbology identifier ({@code ]d2}, {@code ]C1},
 *       {@code ]Q3}, {@code ]e0}: {@code ]}, a letter, a digit) and by a GS (U+001D, the leading FNC1), then
 *       AI and data with no separator, each variable-length field ended by GS or the end of the data;</li>
 *   <li>parenthesised, as printed under the symbol (HRI): {@code (01)09506000134352(17)261231(10)LOT42(21)SER123},
 *       in any order, spaces between elements tolerated. A {@code (} followed by 2 to 4 digits and {@code )} starts
 *       the next element, whatever precedes it.</li>
 * </ul>
 * The length of an AI follows from its first two digits, and so does whether its data has a predefined length
 * (GS1 General Specifications 5.10, figure 7.8.5-2): such fields need no GS after them. Only AI 01, 10, 17 and 21
 * are read; other AIs (national ones such as 710 to 715, for instance) are skipped.
 */
final class ElementString {

    static final char GS = '\u001D';

    /** Digits of the AI by its first two digits; 0: no AI starts so. */
    private static final int[] AI_LENGTH = new int[100];
    /** Data characters of an AI with a predefined length, by its first two digits; 0: variable length. */
    private static final int[] FIXED_DATA = new int[100];

    static {
        for (final int p : new int[] {0, 1, 2, 3, 4, 30, 37}) {
            AI_LENGTH[p] = 2;
        }
        for (int p = 10; p <= 22; p++) {
            AI_LENGTH[p] = 2;
        }
        for (int p = 90; p <= 99; p++) {
            AI_LENGTH[p] = 2;
        }
        for (final int p : new int[] {23, 24, 25, 40, 41, 42, 71}) {
            AI_LENGTH[p] = 3;
        }
        for (final int p : new int[] {31, 32, 33, 34, 35, 36, 39, 43, 70, 72, 80, 81, 82}) {
            AI_LENGTH[p] = 4;
        }
        FIXED_DATA[0] = 18;
        FIXED_DATA[1] = 14;
        FIXED_DATA[2] = 14;
        FIXED_DATA[3] = 14;
        FIXED_DATA[4] = 16;
        for (int p = 11; p <= 19; p++) {
            FIXED_DATA[p] = 6;
        }
        FIXED_DATA[20] = 2;
        for (int p = 31; p <= 36; p++) {
            FIXED_DATA[p] = 6;
        }
        FIXED_DATA[41] = 13;
    }

    private ElementString() {
    }

    /** Whether {@code value} begins with a symbology identifier: {@code ]}, a letter, a digit. */
    static boolean hasSymbologyIdentifier(final String value) {
        return value.length() >= 3 && value.charAt(0) == ']' && Character.isLetter(value.charAt(1))
                && value.charAt(2) >= '0' && value.charAt(2) <= '9';
    }

    /** A raw element string, symbology identifier and leading GS optional. */
    static PackCode parseRaw(final String value) {
        return pack(rawFields(value), value);
    }

    /** A parenthesised element string, {@code (AI)data(AI)data...}. */
    static PackCode parseParenthesised(final String value) {
        return pack(parenthesisedFields(value), value);
    }

    /**
     * The data of each AI of a raw element string, whatever it identifies.
     *
     * @throws InvalidSgtinException when it is not a well-formed element string
     */
    static Map<String, String> rawFields(final String value) {
        int at = hasSymbologyIdentifier(value) ? 3 : 0;
        final Map<String, String> fields = new HashMap<>();
        while (at < value.length() && value.charAt(at) == GS) {
            at++;
        }
        if (at == value.length()) {
            throw new InvalidSgtinException(value, "element string holds no AI");
        }
        while (at < value.length()) {
            final String ai = ai(value, at);
            at += ai.length();
            final int fixed = FIXED_DATA[prefix(ai)];
            final int end;
            if (fixed > 0) {
                final int gs = value.indexOf(GS, at);
                final int available = gs >= 0 ? gs : value.length();
                end = at + fixed;
                if (end > available) {
                    throw new InvalidSgtinException(value, "AI " + ai + " must hold " + fixed + " digits, has "
                            + (available - at));
                }
            } else {
                final int gs = value.indexOf(GS, at);
                end = gs < 0 ? value.length() : gs;
            }
            put(fields, ai, fixed > 0 ? digits(ai, value.substring(at, end), value) : value.substring(at, end), value);
            at = end;
            // A GS after a predefined-length field is needless but harmless; so is a doubled one.
            while (at < value.length() && value.charAt(at) == GS) {
                at++;
            }
        }
        return fields;
    }

    /**
     * The data of each AI of a parenthesised element string, whatever it identifies.
     *
     * @throws InvalidSgtinException when it is not a well-formed element string
     */
    static Map<String, String> parenthesisedFields(final String value) {
        final Map<String, String> fields = new HashMap<>();
        int at = 0;
        while (at < value.length()) {
            final int close = aiEnd(value, at);
            if (close < 0) {
                throw new InvalidSgtinException(value, "element string must be (AI)data... , found '"
                        + value.substring(at) + "'");
            }
            final String ai = value.substring(at + 1, close);
            if (AI_LENGTH[prefix(ai)] != ai.length()) {
                throw new InvalidSgtinException(value, "(" + ai + ") is not a GS1 AI");
            }
            int next = close + 1;
            while (next < value.length() && aiEnd(value, next) < 0) {
                next++;
            }
            final String data = value.substring(close + 1, next).strip();
            final int fixed = FIXED_DATA[prefix(ai)];
            if (fixed > 0 && data.length() != fixed) {
                throw new InvalidSgtinException(value, "AI " + ai + " must hold " + fixed + " digits, has "
                        + data.length());
            }
            put(fields, ai, fixed > 0 ? digits(ai, data, value) : data, value);
            at = next;
        }
        return fields;
    }

    /** The index of the {@code )} when an AI in parentheses, 2 to 4 digits, starts at {@code at}; else -1. */
    private static int aiEnd(final String value, final int at) {
        if (value.charAt(at) != '(') {
            return -1;
        }
        int i = at + 1;
        while (i < value.length() && i - at <= 4 && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
            i++;
        }
        final int digits = i - at - 1;
        return digits >= 2 && digits <= 4 && i < value.length() && value.charAt(i) == ')' ? i : -1;
    }

    private static String ai(final String value, final int at) {
        if (at + 2 > value.length() || !Gtin.allDigits(value.substring(at, at + 2))) {
            throw new InvalidSgtinException(value, "element string has '" + value.substring(at, Math.min(at + 2,
                    value.length())) + "' where an AI should start (position " + at + ")");
        }
        final int length = AI_LENGTH[Integer.parseInt(value.substring(at, at + 2))];
        if (length == 0) {
            throw new InvalidSgtinException(value, "element string has unknown AI prefix '"
                    + value.substring(at, at + 2) + "' (position " + at + ")");
        }
        if (at + length > value.length() || !Gtin.allDigits(value.substring(at, at + length))) {
            throw new InvalidSgtinException(value, "element string is cut inside AI '" + value.substring(at) + "'");
        }
        return value.substring(at, at + length);
    }

    /** The data of a predefined-length AI, all of which are numeric: a letter there means a misread field. */
    private static String digits(final String ai, final String data, final String value) {
        if (!Gtin.allDigits(data)) {
            throw new InvalidSgtinException(value, "AI " + ai + " must hold digits only, not '" + data + "'");
        }
        return data;
    }

    private static int prefix(final String ai) {
        return (ai.charAt(0) - '0') * 10 + ai.charAt(1) - '0';
    }

    private static void put(final Map<String, String> fields, final String ai, final String data,
                            final String value) {
        if (data.isEmpty()) {
            throw new InvalidSgtinException(value, "AI " + ai + " has no data");
        }
        final String earlier = fields.putIfAbsent(ai, data);
        if (earlier != null && !earlier.equals(data)) {
            throw new InvalidSgtinException(value, "AI " + ai + " appears twice, as '" + earlier + "' and '"
                    + data + "'");
        }
    }

    private static PackCode pack(final Map<String, String> fields, final String value) {
        final String gtin = fields.get("01");
        if (gtin == null) {
            throw new InvalidSgtinException(value, "element string has no AI 01 (GTIN)");
        }
        final String serial = fields.get("21");
        if (serial == null) {
            throw new InvalidSgtinException(value, "element string has no AI 21 (serial)");
        }
        if (gtin.length() != Gtin.LENGTH) {
            throw new InvalidSgtinException(value, "AI 01 must hold 14 digits");
        }
        final String lot = fields.get("10");
        if (lot != null) {
            Sgtin.requireCharacterSet82("lot", lot, value);
        }
        final String expiry = fields.get("17");
        return new PackCode(Sgtin.of(gtin, serial, value), lot,
                expiry == null ? null : PackCode.isoDate("17", expiry, value));
    }
}
