package io.coldchain.rules.serial;

/**
 * GS1 GTIN helpers: the mod-10 check digit shared by every GS1 key, and normalisation of GTIN-8,
 * GTIN-12 and GTIN-13 to GTIN-14 (left-padded with zeros, as GS1 prescribes for AI 01).
 *
 * <p>Check digit: weights 3, 1, 3, 1, ... from the rightmost data digit; {@code check = (10 - sum mod 10) mod 10}.
 * Example: the data digits {@code 0061414112345} give 2, so the GTIN-14 is {@code 00614141123452}.
 */
public final class Gtin {

    public static final int LENGTH = 14;

    private Gtin() {
    }

    /**
     * The check digit of {@code dataDigits} (the key without its check digit).
     *
     * @throws IllegalArgumentException if {@code dataDigits} is empty or holds anything but ASCII digits
     */
    public static int checkDigit(final CharSequence dataDigits) {
        if (dataDigits.length() == 0) {
            throw new IllegalArgumentException("no digits");
        }
        int sum = 0;
        int weight = 3;
        for (int i = dataDigits.length() - 1; i >= 0; i--) {
            final char c = dataDigits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a digit string: " + dataDigits);
            }
            sum += (c - '0') * weight;
            weight = 4 - weight;
        }
        return (10 - sum % 10) % 10;
    }

    /** Whether {@code key} is all digits and its last digit is the check digit of the others. */
    public static boolean hasValidCheckDigit(final String key) {
        if (key.length() < 2 || !allDigits(key)) {
            return false;
        }
        final int last = key.length() - 1;
        return checkDigit(key.subSequence(0, last)) == key.charAt(last) - '0';
    }

    /**
     * The GTIN-14 form of a GTIN-8, -12, -13 or -14, with its check digit verified.
     *
     * @param raw    the GTIN as given
     * @param sgtin  the whole identifier it came from, for the error message
     * @throws InvalidSgtinException if it is not 8, 12, 13 or 14 digits or its check digit is wrong
     */
    static String toGtin14(final String raw, final String sgtin) {
        if (!allDigits(raw) || !(raw.length() == 8 || raw.length() == 12 || raw.length() == 13 || raw.length() == 14)) {
            throw new InvalidSgtinException(sgtin, "GTIN '" + raw + "' must have 8, 12, 13 or 14 digits");
        }
        final String gtin14 = "0".repeat(LENGTH - raw.length()) + raw;
        final int expected = checkDigit(gtin14.subSequence(0, LENGTH - 1));
        final int actual = gtin14.charAt(LENGTH - 1) - '0';
        if (expected != actual) {
            throw new InvalidSgtinException(sgtin, "GTIN check digit is " + actual + ", expected " + expected);
        }
        return gtin14;
    }

    static boolean allDigits(final CharSequence s) {
        if (s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
