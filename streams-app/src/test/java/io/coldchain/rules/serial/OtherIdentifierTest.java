package io.coldchain.rules.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OtherIdentifierTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // Tag Data Standard pure-identity URNs (examples of TDS 2.1 §6.3)
        "urn:epc:id:sscc:0614141.1234567890|SSCC (logistic unit)",
        "URN:EPC:ID:SSCC:0614141.1234567890|SSCC (logistic unit)",
        "urn:epc:id:sgln:0614141.12345.400|SGLN (location)",
        "urn:epc:id:grai:0614141.12345.400|GRAI (returnable asset)",
        "urn:epc:id:giai:0614141.12345400|GIAI (individual asset)",
        "urn:epc:id:gdti:0614141.12345.400|GDTI (document)",
        "urn:epc:id:pgln:0614141.12345|PGLN (party)",
        // tag URIs from RFID middleware, class-level and pattern URNs
        "urn:epc:tag:sscc-96:3.0614141.1234567890|SSCC (logistic unit)",
        "urn:epc:tag:grai-170:3.0614141.12345.400|GRAI (returnable asset)",
        "urn:epc:class:lgtin:4012345.012345.998877|LGTIN (product class with lot)",
        "urn:epc:idpat:sgtin:4012345.012345.*|EPC pattern (a class of identifiers, not one item)",
        // GS1 Digital Link with another primary key
        "https://id.gs1.org/00/106141412345678908|SSCC (logistic unit)",
        "https://example.com/logistics/00/106141412345678908?linkType=all|SSCC (logistic unit)",
        "https://id.gs1.org/8003/03870585000552987|GRAI (returnable asset)",
        "https://id.gs1.org/414/9520123456788|GLN (location)",
        "]Q1https://id.gs1.org/00/106141412345678908|SSCC (logistic unit)",
        // GS1 element strings, printed and as a GS1-128 label is scanned
        "(00)106141412345678908|SSCC (logistic unit)",
        "(8004)0614141ABC|GIAI (individual asset)",
        "]C100106141412345678908|SSCC (logistic unit)",
        "]C1800303870585000552987|GRAI (returnable asset)",
        "]C14149520123456788|GLN (location)",
    })
    void shouldNameTheGs1KeysThatAreNotPacks(final String raw, final String expected) {
        assertThat(OtherIdentifier.describe(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // packs, valid or not: they are the serial checks' business
        "00614141123452.A1B2C3", "00614141123453.A1B2C3", "urn:epc:id:sgtin:0614141.012345.A1",
        "urn:epc:id:sgtin:0614141.012345", "urn:epc:tag:sgtin-96:3.0614141.812345.6789",
        "https://id.gs1.org/01/00614141123452/21/A1", "https://id.gs1.org/01/00614141123452/10/L1/21/A1",
        "(01)00614141123452(21)A1",
        // a GTIN with no serial read, in any form: a pack whose serial is missing
        "https://id.gs1.org/01/09506000134352", "https://id.gs1.org/01/09506000134352/10/ABC1",
        "(01)09506000134352(10)ABC1", "]d2010950600013435217270600", "(01)09506000134353",
        // packs in forms that do not follow their grammar, or with a wrong check digit: never "not a pack"
        "https://id.gs1.org/01/09506000134352//21/ABC", "https://id.gs1.org/01/09506000134352/x/21/ABC",
        "https://id.gs1.org/01/09506000134352/10/AB/12/21/XYZ", "https://id.gs1.org/01/09506000134352?21=ABC",
        "https://id.gs1.org/01/09506000134352/235/ABC", "https://id.gs1.org/8006/095060001343520102/21/ABC",
        "https://id.gs1.org/00/106141412345678908/21/ABC", "https://id.gs1.org/01/garbage",
        "(00)106141412345678908(01)09506000134353(21)ABC", "]d2001061414123456789080109506000134353\u001d21ABC",
        "]d20109506000134352172612311010LOT4221ABC", "(01)09506000134352(10)LOT42(21 )ABC",
        // GTIN.SERIAL and bare GTINs whose digits start like AI 8003 or 8004 (GS1 Italy's GTIN-13 range)
        "8004123456785.ABC", "8004123456784.ABCDEFGHIJKLMNOPQRSTU", "8003123456788.ABC", "80041234567890.SER1",
        "8003123456787", "80041234567897", "]E08003123456787",
        // other keys off their grammar: wrong check digits, garbage bodies, a GTIN or serial marker beside them
        "(00)106141412345678907", "00106141412345678907", "https://id.gs1.org/00/106141412345678907",
        "https://id.gs1.org/00/PACK-0042", "urn:epc:id:sscc:garbage", "urn:epc:tag:sscc-9999:x",
        "urn:epc:class:lgtin:x", "(8003)x", "https://example.com/gln/01/09506000134352?21=ABC",
        "https://example.com/gln/01/09506000134352/%32%31/ABC", "https://id.gs1.org/00/106141412345678908?%32%31=A",
        "urn:epc:idpat:sgtin:0614141.012345.A1B2C3", "urn:epc:idpat:sgtin:0614141.012345.A*B",
        "urn:epc:idpat:sgtin:0614141.112345.*ABC", "00106141412345678908", "00012345678905211239",
        // nothing GS1 recognisable: bare GTINs, made-up labels, an unknown URN scheme, broken element strings
        "09506000134352", "9506000134352", "96385074", "00614141123453", "PACK-0042", "urn:epc:id:unknown:1.2",
        "https://example.com/", "https://example.com/00/", "(99)123", "]d2", "(00)12345", "",
    })
    void shouldNotTakeAPackOrAnUnknownIdentifierForAnotherKey(final String raw) {
        assertThat(OtherIdentifier.describe(raw)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"urn:epc:id:sscc:0614141.1234567890", "https://id.gs1.org/00/106141412345678908",
        "]C100106141412345678908", "]C1800303870585000552987", "urn:epc:class:lgtin:4012345.012345.998877",
        "8004123456785.ABC", "]d20109506000134352172612311010LOT4221ABC"})
    void shouldOnlyBeAskedAboutWhatSgtinRejects(final String raw) {
        assertThatThrownBy(() -> Sgtin.parse(raw)).isInstanceOf(InvalidSgtinException.class);
    }
}
