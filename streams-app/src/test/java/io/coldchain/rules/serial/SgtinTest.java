package io.coldchain.rules.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SgtinTest {

    @Test
    void shouldComputeTheGs1CheckDigitOfTheReferenceVector() {
        assertThat(Gtin.checkDigit("0061414112345")).isEqualTo(2);
        assertThat(Gtin.hasValidCheckDigit("00614141123452")).isTrue();
        assertThat(Gtin.hasValidCheckDigit("00614141123453")).isFalse();
        assertThat(Gtin.hasValidCheckDigit("0061414112345X")).isFalse();
    }

    @Test
    void shouldRejectNonDigitsWhenComputingACheckDigit() {
        assertThatThrownBy(() -> Gtin.checkDigit("12a4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Gtin.checkDigit("")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "00614141123452.A1B2C3",
        "  00614141123452.A1B2C3\t",
        "0614141123452.A1B2C3",
        "urn:epc:id:sgtin:0614141.012345.A1B2C3",
        "URN:EPC:ID:SGTIN:0614141.012345.A1B2C3",
        "https://id.gs1.org/01/00614141123452/21/A1B2C3",
        "https://brand.example.com/products/01/00614141123452/21/A1B2C3/10/L42?17=270630",
        "http://id.gs1.org/01/0614141123452/21/A1B2C3#top",
        "(01)00614141123452(21)A1B2C3"})
    void shouldNormaliseEveryAcceptedFormToGtin14DotSerial(final String form) {
        assertThat(Sgtin.parse(form).key()).isEqualTo("00614141123452.A1B2C3");
    }

    @Test
    void shouldDecodePercentEscapesInUrnAndDigitalLinkSerials() {
        assertThat(Sgtin.parse("urn:epc:id:sgtin:0614141.012345.A%2FB").serial()).isEqualTo("A/B");
        assertThat(Sgtin.parse("https://id.gs1.org/01/00614141123452/21/A%25B").serial()).isEqualTo("A%B");
    }

    @Test
    void shouldTakeTheIndicatorDigitOfAnEpcUrnFromTheItemReference() {
        assertThat(Sgtin.parse("urn:epc:id:sgtin:0614141.812345.6789").gtin())
                .isEqualTo("8061414112345" + Gtin.checkDigit("8061414112345"));
    }

    @Test
    void shouldKeepSerialsCaseSensitiveAndAllowDotsInThem() {
        assertThat(Sgtin.parse("00614141123452.ab.C").serial()).isEqualTo("ab.C");
        assertThat(Sgtin.parse("00614141123452.abc")).isNotEqualTo(Sgtin.parse("00614141123452.ABC"));
    }

    @Test
    void shouldReportAWrongCheckDigitWithTheExpectedOne() {
        assertThatThrownBy(() -> Sgtin.parse("00614141123453.X1"))
                .isInstanceOfSatisfying(InvalidSgtinException.class, e -> {
                    assertThat(e.value()).isEqualTo("00614141123453.X1");
                    assertThat(e.reason()).isEqualTo("GTIN check digit is 3, expected 2");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "S1", "00614141123452", "00614141123452.", "123.S1", "00614141123452.S 1",
        "00614141123452.ABCDEFGHIJKLMNOPQRSTU", "00614141123452.é", "urn:epc:id:sgtin:0614141.12345.S1",
        "urn:epc:id:sgtin:0614141012345", "https://id.gs1.org/01/00614141123452", "(01)00614141123452",
        "https://id.gs1.org/01/00614141123452/21/A%2"})
    void shouldRejectWhatIsNotAValidSgtinWithAReason(final String value) {
        assertThatThrownBy(() -> Sgtin.parse(value))
                .isInstanceOfSatisfying(InvalidSgtinException.class, e -> assertThat(e.reason()).isNotBlank());
    }

    @Test
    void shouldAcceptTwentyCharacterSerialsOfCharacterSet82() {
        assertThat(Sgtin.parse("00614141123452.!\"%&'()*+,-./:;<=>?_").serial()).hasSize(20);
    }

    @Test
    void shouldValidateWhenBuiltDirectly() {
        assertThatThrownBy(() -> new Sgtin("00614141123453", "S1")).isInstanceOf(InvalidSgtinException.class);
        assertThat(new Sgtin("00614141123452", "S1")).hasToString("00614141123452.S1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL|S1|'null.S1' is not a valid SGTIN: GTIN must have 14 digits",
        "0614141123452|S1|'0614141123452.S1' is not a valid SGTIN: GTIN must have 14 digits",
        "0061414112345X|S1|'0061414112345X.S1' is not a valid SGTIN: GTIN '0061414112345X' must have 8, 12, 13 or 14 digits",
        "00614141123453|S1|'00614141123453.S1' is not a valid SGTIN: GTIN check digit is 3, expected 2",
        "00614141123452|NULL|'00614141123452.null' is not a valid SGTIN: serial is empty",
        "00614141123452|''|'00614141123452.' is not a valid SGTIN: serial is empty",
        "00614141123452|ABCDEFGHIJKLMNOPQRSTU|'00614141123452.ABCDEFGHIJKLMNOPQRSTU' is not a valid SGTIN: serial has 21 characters, at most 20 allowed",
        "00614141123452|A B|'00614141123452.A B' is not a valid SGTIN: serial character ' ' is not in GS1 character set 82",
        "00614141123453|A B|'00614141123453.A B' is not a valid SGTIN: GTIN check digit is 3, expected 2"})
    void shouldSayWhatIsWrongWhenBuiltDirectly(final String gtin, final String serial, final String message) {
        assertThatThrownBy(() -> new Sgtin(gtin, serial)).isInstanceOf(InvalidSgtinException.class)
                .hasMessage(message);
    }
}
