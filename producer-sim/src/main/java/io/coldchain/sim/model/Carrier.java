package io.coldchain.sim.model;

/**
 * A road carrier (fictional) that picks shipments up on one continent.
 *
 * @param name      company name
 * @param gln       13-digit party GLN with a valid check digit
 * @param continent where it operates
 */
public record Carrier(String name, String gln, City.Continent continent) {

    public Carrier {
        if (gln.length() != 13 || !Gs1.hasValidCheckDigit(gln)) {
            throw new IllegalArgumentException("GLN of " + name + " is not a valid GLN: " + gln);
        }
    }
}
