package io.coldchain.cli.epcis;

import io.coldchain.errors.UserError;
import java.util.Comparator;
import java.util.List;

/**
 * Where a GS1 key splits into company prefix and reference. A GTIN or GLN does not say how long its GS1 company
 * prefix is (GS1 assigns 6 to 12 digits); the EPC URNs need the split. The rule: the longest {@code known} prefix
 * the key's digits start with (after a GTIN-14's indicator digit), else {@code defaultLength}.
 *
 * @param defaultLength the company prefix length of keys that match no known prefix, 6..12
 * @param known         company prefixes whose length is known (e.g. from the GS1 member organisation)
 */
public record CompanyPrefixes(int defaultLength, List<String> known) {

    public static final int MIN_LENGTH = 6;
    public static final int MAX_LENGTH = 12;
    /** The length in GS1's own examples (0614141) and in coldchain's fixtures (4012345). */
    public static final int DEFAULT_LENGTH = 7;

    public CompanyPrefixes {
        requireLength(defaultLength, "company prefix length " + defaultLength);
        for (final String prefix : known) {
            if (!prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new UserError("company prefix '" + prefix + "' must be digits only");
            }
            requireLength(prefix.length(), "company prefix '" + prefix + "' has " + prefix.length() + " digits;");
        }
        known = known.stream().sorted(Comparator.comparingInt(String::length).reversed()
                .thenComparing(Comparator.naturalOrder())).toList();
    }

    /** Every key split at {@link #DEFAULT_LENGTH}. */
    public static CompanyPrefixes ofDefault() {
        return new CompanyPrefixes(DEFAULT_LENGTH, List.of());
    }

    /**
     * The company prefix length of a key.
     *
     * @param digits the key's digits from the company prefix on: a GTIN-14 without its indicator, or a GLN
     */
    public int lengthFor(final String digits) {
        return known.stream().filter(digits::startsWith).findFirst().map(String::length).orElse(defaultLength);
    }

    private static void requireLength(final int length, final String what) {
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new UserError(what + " must be " + MIN_LENGTH + ".." + MAX_LENGTH + " digits");
        }
    }
}
