package io.coldchain.cli.epcis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.rules.serial.Sgtin;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EPC pure-identity URNs, golden values from the GS1 EPC Tag Data Standard's examples and its encoding rules. */
class EpcisUrnsTest {

    @Test
    void shouldEncodeTheTagDataStandardsSgtinExample() {
        // TDS: (01) 80614141123458 (21) 6789AB, company prefix 0614141 -> urn:epc:id:sgtin:0614141.812345.6789AB
        assertThat(EpcUrns.sgtin(Sgtin.parse("(01)80614141123458(21)6789AB"), CompanyPrefixes.ofDefault()))
                .isEqualTo("urn:epc:id:sgtin:0614141.812345.6789AB");
    }

    @ParameterizedTest
    @CsvSource({
        "6, urn:epc:id:sgtin:061414.0112345.A1B2C3",
        "7, urn:epc:id:sgtin:0614141.012345.A1B2C3",
        "9, urn:epc:id:sgtin:061414112.0345.A1B2C3",
        "12, urn:epc:id:sgtin:061414112345.0.A1B2C3"})
    void shouldMoveTheIndicatorInFrontOfTheItemReferenceAndDropTheCheckDigitAtEveryPrefixLength(
            final int length, final String urn) {
        final Sgtin pack = Sgtin.parse("00614141123452.A1B2C3");

        assertThat(EpcUrns.sgtin(pack, new CompanyPrefixes(length, List.of()))).isEqualTo(urn);
        assertThat(EpcUrns.parseSgtin(urn)).isEqualTo(pack);
    }

    @Test
    void shouldEscapeTheSerialCharactersAUrnCannotHoldAndReadThemBack() {
        final Sgtin pack = new Sgtin("00614141123452", "A/B%C&\"<>?x");

        final String urn = EpcUrns.sgtin(pack, CompanyPrefixes.ofDefault());

        assertThat(urn).isEqualTo("urn:epc:id:sgtin:0614141.012345.A%2FB%25C%26%22%3C%3E%3Fx");
        assertThat(EpcUrns.parseSgtin(urn)).isEqualTo(pack);
        assertThat(EpcUrns.sgtin(new Sgtin("00614141123452", "!'()*+,-.:;=_z"), CompanyPrefixes.ofDefault()))
                .endsWith(".!'()*+,-.:;=_z");
    }

    @Test
    void shouldEncodeTheTagDataStandardsSglnAndPglnExamples() {
        // TDS: (414) 0614141123452 (254) 5678 -> urn:epc:id:sgln:0614141.12345.5678; no extension -> .0
        final CompanyPrefixes prefixes = CompanyPrefixes.ofDefault();
        assertThat(EpcUrns.sgln("0614141123452", "5678", prefixes)).isEqualTo("urn:epc:id:sgln:0614141.12345.5678");
        assertThat(EpcUrns.sgln("0614141123452", null, prefixes)).isEqualTo("urn:epc:id:sgln:0614141.12345.0");
        // TDS: (417) 0614141123452 -> urn:epc:id:pgln:0614141.12345
        assertThat(EpcUrns.pgln("0614141123452", prefixes)).isEqualTo("urn:epc:id:pgln:0614141.12345");
        assertThat(EpcUrns.glnOfSgln("urn:epc:id:sgln:4012345.00000.1")).contains("4012345000009");
        assertThat(EpcUrns.glnOfPgln("urn:epc:id:pgln:0614141.12345")).contains("0614141123452");
        assertThat(EpcUrns.glnOfSgln("urn:epc:id:sgln:4012345.0000.1")).isEmpty();
    }

    @Test
    void shouldRefuseAGlnWithAWrongCheckDigitRatherThanDropTheEvidenceSilently() {
        assertThat(EpcUrns.isGln("4098765000003")).isTrue();
        assertThat(EpcUrns.isGln("4098765000005")).isFalse();
        assertThatThrownBy(() -> EpcUrns.pgln("4098765000005", CompanyPrefixes.ofDefault()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a GLN");
    }

    @Test
    void shouldSplitAtTheLongestKnownCompanyPrefixElseAtTheDefaultLength() {
        final CompanyPrefixes prefixes = new CompanyPrefixes(7, List.of("409876", "409876500"));

        assertThat(EpcUrns.pgln("4098765000003", prefixes)).isEqualTo("urn:epc:id:pgln:409876500.000");
        assertThat(EpcUrns.pgln("4012345000009", prefixes)).isEqualTo("urn:epc:id:pgln:4012345.00000");
        assertThat(EpcUrns.sgtin(Sgtin.parse("04098765000102.S1"), prefixes))
                .isEqualTo("urn:epc:id:sgtin:409876500.0010.S1");
        assertThatThrownBy(() -> new CompanyPrefixes(5, List.of())).hasMessageContaining("6..12");
        assertThatThrownBy(() -> new CompanyPrefixes(7, List.of("40A987"))).hasMessageContaining("digits only");
    }

    @Test
    void shouldMapBareCbvTermsToTheirWebUrisAndKeepUris() {
        assertThat(Cbv.Vocabulary.BIZ_STEP.uri("shipping")).isEqualTo("https://ref.gs1.org/cbv/BizStep-shipping");
        assertThat(Cbv.Vocabulary.DISPOSITION.uri("in_transit")).isEqualTo("https://ref.gs1.org/cbv/Disp-in_transit");
        assertThat(Cbv.Vocabulary.ERROR_REASON.uri("incorrect_data"))
                .isEqualTo("https://ref.gs1.org/cbv/ER-incorrect_data");
        assertThat(Cbv.Vocabulary.SOURCE_DESTINATION_TYPE.uri("possessing_party"))
                .isEqualTo("https://ref.gs1.org/cbv/SDT-possessing_party");
        assertThat(Cbv.Vocabulary.BIZ_STEP.uri("urn:epcglobal:cbv:bizstep:shipping"))
                .isEqualTo("urn:epcglobal:cbv:bizstep:shipping");
        assertThat(Cbv.Vocabulary.BIZ_STEP.uri("unloading_at_hub"))
                .isEqualTo("urn:coldchain:cbv:bizStep:unloading_at_hub");
        assertThat(Cbv.Vocabulary.DISPOSITION.term("https://ref.gs1.org/cbv/Disp-in_transit")).contains("in_transit");
    }
}
