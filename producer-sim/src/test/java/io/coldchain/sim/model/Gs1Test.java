package io.coldchain.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Gs1Test {

    @Test
    void shouldComputeTheCheckDigitOfTheGs1ReferenceVector() {
        assertThat(Gs1.checkDigit("0061414112345")).isEqualTo(2);
        assertThat(Gs1.withCheckDigit("0061414112345")).isEqualTo("00614141123452");
    }

    @Test
    void shouldAgreeWithCheckDigitsComputedByHand() {
        // EAN-13 4006381333931: weighted sum 89, so 1.
        assertThat(Gs1.checkDigit("400638133393")).isEqualTo(1);
        // UPC-A 036000291452: weighted sum 58, so 2.
        assertThat(Gs1.checkDigit("03600029145")).isEqualTo(2);
        // Indicator digit 1 in front of the reference vector adds 3 to its sum of 78: 81, so 9.
        assertThat(Gs1.checkDigit("1061414112345")).isEqualTo(9);
        // A sum that is a multiple of ten gives 0, not 10.
        assertThat(Gs1.checkDigit("0000000000000")).isZero();
    }

    @Test
    void shouldAcceptValidIdentifiersAndRejectAlteredOnes() {
        assertThat(Gs1.hasValidCheckDigit("00614141123452")).isTrue();
        assertThat(Gs1.hasValidCheckDigit("4006381333931")).isTrue();
        assertThat(Gs1.hasValidCheckDigit("00614141123453")).isFalse();
        assertThat(Gs1.hasValidCheckDigit("00614141132452")).isFalse();
        assertThat(Gs1.hasValidCheckDigit("0061414112345A")).isFalse();
        assertThat(Gs1.hasValidCheckDigit("")).isFalse();
    }

    @Test
    void shouldBuildSgtinsAndRefuseBadParts() {
        assertThat(Gs1.sgtin("00614141123452", "A1B2C3")).isEqualTo("00614141123452.A1B2C3");
        assertThatThrownBy(() -> Gs1.sgtin("00614141123453", "A1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Gs1.sgtin("00614141123452", "X".repeat(21)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
