package io.coldchain.sim.model;

/**
 * GS1 identifier helpers: the mod-10 check digit shared by GTIN and GLN, and SGTIN strings.
 *
 * <p>The check digit weights the data digits 3, 1, 3, 1, … starting from the rightmost one;
 * {@code check = (10 - sum mod 10) mod 10}. Example: data {@code 0061414112345} gives 2, so the GTIN-14
 * is {@code 00614141123452}.
 */
public final class Gs1 {

    /** Longest serial GS1 AI 21 allows. */
    public static final int MAX_SERIAL_LENGTH = 20;

    private Gs1() {
    }

    /** The check digit for {@code dataDigits} (the identifier without its check digit). */
    public static int checkDigit(final CharSequence dataDigits) {
        if (dataDigits.isEmpty()) {
            throw new IllegalArgumentException("no digits");
        }
        int sum = 0;
        for (int i = dataDigits.length() - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
            final char c = dataDigits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a digit string: " + dataDigits);
            }
            sum += (c - '0') * weight;
        }
        return (10 - sum % 10) % 10;
    }

    /** {@code dataDigits} followed by its check digit. */
    public static String withCheckDigit(final String dataDigits) {
        return dataDigits + checkDigit(dataDigits);
    }

    /** Whether the last digit of {@code identifier} is the right check digit for the others. */
    public static boolean hasValidCheckDigit(final String identifier) {
        if (identifier.length() < 2 || !identifier.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        final int last = identifier.length() - 1;
        return checkDigit(identifier.substring(0, last)) == identifier.charAt(last) - '0';
    }

    /** A pack identifier as the schemas carry it: GTIN-14, a dot, the serial. */
    public static String sgtin(final String gtin14, final String serial) {
        if (gtin14.length() != 14 || !hasValidCheckDigit(gtin14)) {
            throw new IllegalArgumentException("not a GTIN-14: " + gtin14);
        }
        if (serial.isEmpty() || serial.length() > MAX_SERIAL_LENGTH) {
            throw new IllegalArgumentException("serial must have 1.." + MAX_SERIAL_LENGTH + " characters: " + serial);
        }
        return gtin14 + '.' + serial;
    }
}
