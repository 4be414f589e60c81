package io.coldchain.contract.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.AlertAcknowledgement;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertAcknowledgementValidatorTest {

    private static final long NOW = Instant.parse("2026-11-02T06:00:00Z").toEpochMilli();

    private final AlertAcknowledgementValidator validator = new AlertAcknowledgementValidator(EventTimeWindow.defaults());

    private static AlertAcknowledgement.Builder ack() {
        return AlertAcknowledgement.newBuilder().setAckId("ack-1").setAlertId("alert-1").setShipmentId("SHP-1")
                .setBy("dana").setComment(null).setAcknowledgedAt(NOW - 1_000);
    }

    private Reason reason(final String key, final AlertAcknowledgement.Builder ack) {
        return validator.check(key, ack.build(), NOW).reason();
    }

    @Test
    void shouldAcceptAnAcknowledgementKeyedByItsShipment() {
        assertThat(validator.check("SHP-1", ack().build(), NOW).valid()).isTrue();
        assertThat(validator.check("SHP-1", ack().setComment("line one\nline two").build(), NOW).valid()).isTrue();
    }

    @Test
    void shouldRefuseAcknowledgementsThatCannotBeAuditedWhereTheirAlertIs() {
        assertThat(reason(null, ack())).isEqualTo(Reason.MISSING_KEY);
        assertThat(reason("SHP-2", ack())).isEqualTo(Reason.KEY_MISMATCH);
        assertThat(reason("SHP-1", ack().setBy("  "))).isEqualTo(Reason.MISSING_FIELD);
        assertThat(reason("SHP-1", ack().setAlertId(""))).isEqualTo(Reason.MISSING_FIELD);
        assertThat(reason("SHP-1", ack().setAckId(" "))).isEqualTo(Reason.MISSING_FIELD);
        assertThat(reason("SHP-1", ack().setBy("x".repeat(300)))).isEqualTo(Reason.OVERSIZED_FIELD);
        assertThat(reason("SHP-1", ack().setAcknowledgedAt(0))).isEqualTo(Reason.EVENT_TIME_TOO_EARLY);
        assertThat(reason("SHP-1", ack().setAcknowledgedAt(NOW + 3_600_000))).isEqualTo(Reason.EVENT_TIME_IN_FUTURE);
    }
}
