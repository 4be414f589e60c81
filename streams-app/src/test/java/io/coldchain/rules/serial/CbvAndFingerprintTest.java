package io.coldchain.rules.serial;

import static io.coldchain.rules.serial.SerialFixtures.SGTIN;
import static io.coldchain.rules.serial.SerialFixtures.TOKYO;
import static io.coldchain.rules.serial.SerialFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.contract.Contracts;
import io.coldchain.contract.CustodyFingerprint;
import io.coldchain.domain.CustodyEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CbvAndFingerprintTest {

    @Test
    void shouldReduceCbvUrnsAndWebUrisToBareNames() {
        assertThat(Cbv.bare("urn:epcglobal:cbv:bizstep:shipping")).isEqualTo("shipping");
        assertThat(Cbv.bare("https://ref.gs1.org/cbv/BizStep-receiving")).isEqualTo("receiving");
        assertThat(Cbv.bare("https://ref.gs1.org/cbv/Disp-in_transit")).isEqualTo("in_transit");
        assertThat(Cbv.bare(" Dispensing ")).isEqualTo("dispensing");
        assertThat(Cbv.bare(null)).isEmpty();
    }

    @Test
    void shouldRecogniseCommissioningAndEndOfLife() {
        assertThat(Cbv.commissions("ADD", "packing")).isTrue();
        assertThat(Cbv.commissions("OBSERVE", "commissioning")).isTrue();
        assertThat(Cbv.commissions("OBSERVE", "shipping")).isFalse();
        assertThat(Cbv.endsLife("OBSERVE", "dispensing", "dispensed")).isTrue();
        assertThat(Cbv.endsLife("DELETE", "decommissioning", "inactive")).isTrue();
        assertThat(Cbv.endsLife("OBSERVE", "storing", "destroyed")).isTrue();
        assertThat(Cbv.endsLife("OBSERVE", "receiving", "in_progress")).isFalse();
    }

    @Test
    void shouldFingerprintContentIgnoringEventIdRecordTimeAndPackOrder() {
        final CustodyEvent original = event("ev-1", Duration.ZERO, SGTIN, "00614141123452.S2").build();
        final CustodyEvent resent = original.toBuilder().eventId("ev-1-resent")
                .recordTime(original.recordTime() + 86_400_000)
                .epcList(java.util.List.of("00614141123452.S2", SGTIN)).build();

        assertThat(fingerprint(resent)).isEqualTo(fingerprint(original)).hasSize(22);
    }

    @Test
    void shouldFingerprintDifferentContentDifferently() {
        final CustodyEvent original = event("ev-1", Duration.ZERO, SGTIN).build();

        assertThat(fingerprint(original.toBuilder().bizLocation(TOKYO.area()).build()))
                .isNotEqualTo(fingerprint(original));
        assertThat(fingerprint(original.toBuilder().eventTime(1L).build()))
                .isNotEqualTo(fingerprint(original));
    }

    private static String fingerprint(final CustodyEvent event) {
        return CustodyFingerprint.of(Contracts.toWire(event));
    }
}
