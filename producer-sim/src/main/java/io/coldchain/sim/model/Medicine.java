package io.coldchain.sim.model;

import java.util.List;

/**
 * A refrigerated (2..8 °C) product the simulator ships.
 *
 * @param name             product name as printed on the pack
 * @param gtin             GTIN-14 with a valid check digit
 * @param lotPrefix        two letters that start every lot number of the product
 * @param shelfLifeMonths  shelf life from manufacture, in months
 */
public record Medicine(String name, String gtin, String lotPrefix, int shelfLifeMonths) {

    /**
     * The products shipped, under GS1 example company prefixes (0614141 is the one GS1's own documents use).
     * Check digits are computed, not typed, so a typo cannot produce an invalid GTIN.
     */
    public static final List<Medicine> CATALOGUE = List.of(
            new Medicine("Influenza vaccine, quadrivalent, 10 x 0.5 mL syringe", gtin("0614141", "12345"), "FL", 12),
            new Medicine("Hepatitis B vaccine 20 µg/mL, 10 vials", gtin("4012345", "00017"), "HB", 36),
            new Medicine("MMR vaccine, lyophilised, 10 vials", gtin("7612345", "00024"), "MR", 24),
            new Medicine("Insulin glargine 100 U/mL, 5 x 3 mL pens", gtin("5412345", "00031"), "IG", 30),
            new Medicine("Pneumococcal conjugate vaccine, 0.5 mL syringe", gtin("8712345", "00048"), "PC", 36),
            new Medicine("Rotavirus vaccine, oral, 1.5 mL tube", gtin("3012345", "00055"), "RV", 24),
            new Medicine("HPV vaccine, 0.5 mL syringe", gtin("0614141", "22222"), "HP", 36),
            new Medicine("Tetanus-diphtheria vaccine, 10-dose vial", gtin("8901234", "00062"), "TD", 36));

    public Medicine {
        if (gtin.length() != 14 || !Gs1.hasValidCheckDigit(gtin)) {
            throw new IllegalArgumentException("GTIN of " + name + " is not a valid GTIN-14: " + gtin);
        }
    }

    /** GTIN-14 of a pack (indicator digit 0) from a 7-digit company prefix and a 5-digit item reference. */
    private static String gtin(final String companyPrefix, final String itemReference) {
        return Gs1.withCheckDigit("0" + companyPrefix + itemReference);
    }
}
