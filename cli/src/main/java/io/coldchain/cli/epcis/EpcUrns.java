package io.coldchain.cli.epcis;

import io.coldchain.rules.serial.Gtin;
import io.coldchain.rules.serial.Sgtin;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * EPC pure-identity URNs after the GS1 EPC Tag Data Standard (TDS 2.x, sections 6.3.1, 6.3.3 and 6.3.14):
 * <ul>
 *   <li>SGTIN {@code urn:epc:id:sgtin:CompanyPrefix.IndicatorItemRef.Serial}: the GTIN-14's indicator digit moves
 *       in front of the item reference and its check digit is dropped; the serial escapes {@code " % & / < > ?}
 *       as {@code %22 %25 %26 %2F %3C %3E %3F};</li>
 *   <li>SGLN {@code urn:epc:id:sgln:CompanyPrefix.LocationRef.Extension}: the GLN without its check digit, split;
 *       extension {@code 0} when there is none;</li>
 *   <li>PGLN {@code urn:epc:id:pgln:CompanyPrefix.PartyRef}: a party's GLN, the same split, no extension.</li>
 * </ul>
 * The split needs the company prefix length ({@link CompanyPrefixes}). Reading goes back to the keys, check digits
 * recomputed.
 */
public final class EpcUrns {

    public static final String SGTIN = "urn:epc:id:sgtin:";
    public static final String SGLN = "urn:epc:id:sgln:";
    public static final String PGLN = "urn:epc:id:pgln:";
    private static final int GLN_LENGTH = 13;
    /** TDS's escapes of set 82, plus '#' (a fragment in any URI) for the ids of devices. */
    private static final String ESCAPED = "\"#%&/<>?";

    private EpcUrns() {
    }

    /** E.g. (01)80614141123458(21)6789AB with a 7-digit prefix: {@code urn:epc:id:sgtin:0614141.812345.6789AB}. */
    public static String sgtin(final Sgtin sgtin, final CompanyPrefixes prefixes) {
        final String gtin = sgtin.gtin();
        final String afterIndicator = gtin.substring(1, Gtin.LENGTH - 1);
        final int length = prefixes.lengthFor(afterIndicator);
        return SGTIN + afterIndicator.substring(0, length) + '.' + gtin.charAt(0) + afterIndicator.substring(length)
                + '.' + escape(sgtin.serial());
    }

    /** The pack of an SGTIN URN ({@link Sgtin#parse} reads it: URN escapes decoded, check digit recomputed). */
    public static Sgtin parseSgtin(final String urn) {
        return Sgtin.parse(urn);
    }

    /**
     * E.g. GLN 0614141123452 with a 7-digit prefix and extension 5678: {@code urn:epc:id:sgln:0614141.12345.5678}.
     *
     * @param extension the GLN extension (AI 254), or null for none ({@code 0})
     * @throws IllegalArgumentException if {@code gln} is not 13 digits with a valid check digit
     */
    public static String sgln(final String gln, final String extension, final CompanyPrefixes prefixes) {
        return SGLN + split(gln, prefixes) + '.' + (extension == null || extension.isEmpty() ? "0" : escape(extension));
    }

    /** E.g. party GLN 4012345000009 with a 7-digit prefix: {@code urn:epc:id:pgln:4012345.00000}. */
    public static String pgln(final String gln, final CompanyPrefixes prefixes) {
        return PGLN + split(gln, prefixes);
    }

    /** The GLN of an SGLN URN (its extension dropped), if {@code urn} is one. */
    public static Optional<String> glnOfSgln(final String urn) {
        return glnOf(urn, SGLN, 3);
    }

    /** The GLN of a PGLN URN, if {@code urn} is one. */
    public static Optional<String> glnOfPgln(final String urn) {
        return glnOf(urn, PGLN, 2);
    }

    /** Whether {@code value} is a GLN: 13 digits, valid check digit. */
    public static boolean isGln(final String value) {
        return value != null && value.length() == GLN_LENGTH && Gtin.hasValidCheckDigit(value);
    }

    private static String split(final String gln, final CompanyPrefixes prefixes) {
        if (!isGln(gln)) {
            throw new IllegalArgumentException("'" + gln + "' is not a GLN (13 digits, valid check digit)");
        }
        final String data = gln.substring(0, GLN_LENGTH - 1);
        final int length = prefixes.lengthFor(data);
        return data.substring(0, length) + '.' + data.substring(length);
    }

    private static Optional<String> glnOf(final String urn, final String scheme, final int parts) {
        if (urn == null || !urn.startsWith(scheme)) {
            return Optional.empty();
        }
        final String[] fields = urn.substring(scheme.length()).split("\\.", -1);
        if (fields.length != parts) {
            return Optional.empty();
        }
        final String data = fields[0] + fields[1];
        if (data.length() != GLN_LENGTH - 1 || fields[0].length() < CompanyPrefixes.MIN_LENGTH
                || fields[0].length() > CompanyPrefixes.MAX_LENGTH || !data.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(data + Gtin.checkDigit(data));
    }

    /** TDS: the characters of GS1 set 82 that are not allowed as such in a URN are %-escaped. */
    static String escape(final String value) {
        final StringBuilder out = new StringBuilder(value.length());
        for (final byte b : value.getBytes(StandardCharsets.UTF_8)) {
            final char c = (char) (b & 0xff);
            if (ESCAPED.indexOf(c) >= 0 || c > 0x7e || c < 0x21) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
