package io.coldchain.rules.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SgtinTest {

    /** GS, U+001D: the FNC1 that ends a variable-length field in a raw element string. */
    private static final String GS = "\u001d";

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
        "]Q1https://id.gs1.org/01/00614141123452/21/A1B2C3",
        "]d1HTTPS://id.gs1.org/01/00614141123452/21/A1B2C3",
        "(01)00614141123452(21)A1B2C3",
        "(21)A1B2C3(01)00614141123452",
        "(01)00614141123452(17)261231(10)LOT42(21)A1B2C3",
        "(01)00614141123452(21)A1B2C3(10)LOT42",
        "(01) 00614141123452 (17) 261231 (10) LOT42 (21) A1B2C3",
        "(01)00614141123452(21)A1B2C3(710)123456789(3103)001250",
        "010061414112345221A1B2C3",
        "]d2010061414112345217261231" + "10LOT42" + GS + "21A1B2C3",
        "]d2" + GS + "010061414112345221A1B2C3" + GS + "10LOT42",
        "]C1010061414112345221A1B2C3",
        "]Q3010061414112345221A1B2C3",
        "]e0010061414112345221A1B2C3",
        GS + "0100614141123452" + GS + "17261231" + GS + "21A1B2C3" + GS + "10LOT42",
        "]d20100614141123452710ABC123" + GS + "21A1B2C3" + GS + "3103001250",
        "https://id.gs1.org/01/00614141123452/10/LOT42/21/A1B2C3",
        "https://id.gs1.org/01/00614141123452/22/2A/10/LOT42/21/A1B2C3?17=261231&linkType=gs1:pip",
        "https://example.com/gtin/614141123452/lot/LOT42/ser/A1B2C3?exp=261231",
        "https://id.gs1.org/01/00614141123452/21/A1B2C3/",
        "https://example.com/2026/01/catalogue/01/00614141123452/21/A1B2C3",
        "urn:epc:tag:sgtin-96:3.0614141.012345.A1B2C3",
        "urn:epc:tag:sgtin-198:0.0614141.012345.A1B2C3",
        "URN:EPC:TAG:SGTIN-96:1.0614141.012345.A1B2C3"})
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
        "https://id.gs1.org/01/00614141123452/21/A%2", "urn:epc:tag:sgtin-96:8.0614141.012345.6789",
        "urn:epc:tag:sscc-96:3.0614141.1234567890", "]d2", "(01)0061414112345(21)S1"})
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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "(01)00614141123452(21)SER123(10)LOT42|SER123",
        "(01)00614141123452(21)SER(11)261231(10)LOT42|SER",
        "(01)00614141123452(21)S(1)2|S(1)2",
        "(01)00614141123452(21)S(12345)|S(12345)",
        "]d2010061414112345221SER123<GS>10LOT42|SER123",
        "]d2010061414112345221SER123<GS>17261231|SER123",
        "https://id.gs1.org/01/00614141123452/21/SER123/10/LOT42|SER123"})
    void shouldNeverLetTheSerialSwallowTheNextAi(final String value, final String serial) {
        assertThat(Sgtin.parse(value.replace("<GS>", GS)).serial()).isEqualTo(serial);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "00614141123452.A1B2C3|NULL|NULL",
        "(01)00614141123452(17)261231(10)LOT42(21)A1B2C3|LOT42|2026-12-31",
        "(01)00614141123452(21)A1B2C3(10)LOT42|LOT42|NULL",
        "(01)00614141123452(21)A1B2C3(17)270200|NULL|2027-02-28",
        "(01)00614141123452(21)A1B2C3(17)280200|NULL|2028-02-29",
        "]d2010061414112345217261100<GS>10LOT42<GS>21A1B2C3|LOT42|2026-11-30",
        "]d2010061414112345210L/4-2<GS>21A1B2C3|L/4-2|NULL",
        "https://id.gs1.org/01/00614141123452/10/LOT%2F42/21/A1B2C3?17=261231|LOT/42|2026-12-31",
        "https://example.com/gtin/614141123452/lot/LOT42/ser/A1B2C3?exp=990101|LOT42|2099-01-01",
        "urn:epc:tag:sgtin-96:3.0614141.012345.6789|NULL|NULL"})
    void shouldKeepTheLotAndExpiryTheCodeCarries(final String value, final String lot, final String expiry) {
        final PackCode pack = PackCode.parse(value.replace("<GS>", GS));
        assertThat(pack.lot()).isEqualTo(lot);
        assertThat(pack.expiryDate()).isEqualTo(expiry);
        assertThat(pack.sgtin()).isEqualTo(Sgtin.parse(value.replace("<GS>", GS)));
    }

    @Test
    void shouldReadAnEpcTagUriAsItsPureIdentity() {
        assertThat(Sgtin.parse("urn:epc:tag:sgtin-96:3.0614141.812345.6789"))
                .isEqualTo(Sgtin.parse("urn:epc:id:sgtin:0614141.812345.6789"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "(01)00614141123452(10)LOT42|element string has no AI 21 (serial)",
        "]d2" + "21A1B2C3|element string has no AI 01 (GTIN)",
        "(01)00614141123452(17)261332(21)A1B2C3|AI 17 expiry 261332 is not a date",
        "(01)00614141123452(17)260230(21)A1B2C3|AI 17 expiry 260230 is not a date",
        "(01)00614141123452(17)2612(21)A1B2C3|AI 17 must hold 6 digits, has 4",
        "]d2010061414112345217261231|element string has no AI 21 (serial)",
        "]d201006141411234521726123<GS>21A1B2C3|AI 17 must hold 6 digits, has 5",
        "]d2010061414112345217AB1231<GS>21A1B2C3|AI 17 must hold digits only, not 'AB1231'",
        "(01)0061414112345X(21)A1B2C3|AI 01 must hold digits only, not '0061414112345X'",
        "1234567.0100614141123452|GTIN '1234567' must have 8, 12, 13 or 14 digits",
        "]d20100614141123452<GS>5521A1B2C3|element string has unknown AI prefix '55' (position 20)",
        "(01)00614141123452(55)X(21)A1B2C3|(55) is not a GS1 AI",
        "(01)00614141123452(710)1(21)A1B2C3(21)B|AI 21 appears twice, as 'A1B2C3' and 'B'",
        "(01)00614141123452(21)|AI 21 has no data",
        "(01)00614141123452(21)A1B2C3(10)ABCDEFGHIJKLMNOPQRSTU|lot has 21 characters, at most 20 allowed",
        "]d2010061414112345221A1B2C3<GS>10L 1|lot character ' ' is not in GS1 character set 82",
        "]d2010061414112345221A1B 2C3|serial character ' ' is not in GS1 character set 82",
        "123.S1|GTIN '123' must have 8, 12, 13 or 14 digits",
        "https://id.gs1.org/01/00614141123452/10/LOT42|GS1 Digital Link has no serial: /21/{serial} (or /ser/) "
                + "after the GTIN",
        "https://id.gs1.org/01/00614141123452/21/A1B2C3?17=261232|AI 17 expiry 261232 is not a date",
        "https://id.gs1.org/01/00614141123452/21/AB/12|GS1 Digital Link has '12' where a key qualifier (/22/, /10/ "
                + "or /21/ and its value) should follow the GTIN; a '/' in a serial or lot must be written %2F",
        "https://id.gs1.org/01/00614141123452//21/AB|GS1 Digital Link has '' where a key qualifier (/22/, /10/ "
                + "or /21/ and its value) should follow the GTIN; a '/' in a serial or lot must be written %2F",
        "https://id.gs1.org/01/00614141123452/21|GS1 Digital Link has '21' where a key qualifier (/22/, /10/ "
                + "or /21/ and its value) should follow the GTIN; a '/' in a serial or lot must be written %2F",
        "https://id.gs1.org/01/00614141123452/21/AB?C|GS1 Digital Link query has 'C', not name=value; a '?' in a "
                + "serial or lot must be written %3F",
        "urn:epc:id:sgtin:0614141.012345.A%21\uD800|character '\uD800' is not in GS1 character set 82",
        "urn:epc:tag:sgtin-96:3.0614141.12345.6789|EPC URN company prefix (6..12 digits) and item reference "
                + "must be 13 digits together"})
    void shouldSayWhatIsWrongWithAnElementStringOrDigitalLink(final String value, final String reason) {
        assertThatThrownBy(() -> PackCode.parse(value.replace("<GS>", GS)))
                .isInstanceOfSatisfying(InvalidSgtinException.class, e -> assertThat(e.reason()).isEqualTo(reason));
        assertThatThrownBy(() -> Sgtin.parse(value.replace("<GS>", GS)))
                .isInstanceOfSatisfying(InvalidSgtinException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void shouldRefuseAnIdentifierTooLongToBeOneUnreadWithItsLength() {
        final String huge = "(01)00614141123452(21)A" + "11250101".repeat(125_000);

        assertThatThrownBy(() -> Sgtin.parse(huge)).isInstanceOfSatisfying(InvalidSgtinException.class,
                e -> assertThat(e.reason()).isEqualTo("identifier has 1000023 characters, at most 512 are read"));
        assertThat(OtherIdentifier.describe(huge)).isNull();
    }

    @Test
    void shouldTakeTheDotFormOnlyWhenItsDotFollowsAGtinLength() {
        // 13 digits then a dot: a GTIN-13 and its serial, even though "10" could start an element string's lot.
        assertThat(Sgtin.parse("0614141123452.10A").key()).isEqualTo("00614141123452.10A");
        // A raw element string whose serial holds a dot is no dot form: its dot follows 18 digits.
        assertThat(Sgtin.parse("010061414112345221A.B").key()).isEqualTo("00614141123452.A.B");
        assertThat(Sgtin.parse("01006141411234522112.3").key()).isEqualTo("00614141123452.12.3");
    }
}
