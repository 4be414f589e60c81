package io.coldchain.contract.audit;

import static io.coldchain.contract.audit.AuditFixtures.ack;
import static io.coldchain.contract.audit.AuditFixtures.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertAcknowledgement;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AuditRecord;
import io.coldchain.schemas.Severity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The audit hash chain")
class AuditChainTest {

    private static final int PARTITION = 2;

    private final AlertAuditRule rule = new AlertAuditRule();

    /** OPENED, UPDATED, ACKNOWLEDGED, RESOLVED, sealed one after the other as the processor does. */
    private List<AuditRecord> chain() {
        final List<AuditRecord> records = new ArrayList<>();
        ChainHead head = ChainHead.start(PARTITION);
        AlertAuditState state = null;
        for (final Object input : List.of(alert(AlertStatus.OPEN, Severity.MEDIUM, 10),
                alert(AlertStatus.UPDATED, Severity.HIGH, 20), ack("ack-1", "dana", "calling the carrier", 25),
                alert(AlertStatus.RESOLVED, Severity.HIGH, 40))) {
            final AlertAuditRule.Outcome outcome = input instanceof Alert a
                    ? rule.onAlert(state, a) : rule.onAcknowledgement(state, (AlertAcknowledgement) input);
            state = outcome.state();
            final AuditRecord sealed = AuditChain.seal(head, outcome.change().orElseThrow());
            records.add(sealed);
            head = ChainHead.after(sealed);
        }
        return records;
    }

    private static Optional<ChainBreak> verify(final List<AuditRecord> records) {
        final ChainVerifier verifier = new ChainVerifier();
        for (int i = 0; i < records.size(); i++) {
            final Optional<ChainBreak> broken = verifier.accept(PARTITION, 100 + i, records.get(i));
            if (broken.isPresent()) {
                return broken;
            }
        }
        return Optional.empty();
    }

    private static AuditRecord copy(final AuditRecord record) {
        return AuditRecord.newBuilder(record).build();
    }

    @Test
    void shouldLinkEachRecordToThePreviousOneFromGenesis() {
        final List<AuditRecord> records = chain();

        assertThat(records).extracting(AuditRecord::getSequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(records.get(0).getPreviousHash()).isEqualTo(AuditChain.GENESIS).hasSize(64);
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).getPreviousHash()).isEqualTo(records.get(i - 1).getHash());
        }
        assertThat(records).extracting(AuditRecord::getHash).doesNotHaveDuplicates()
                .allSatisfy(hash -> assertThat(hash).matches("[0-9a-f]{64}"));
        assertThat(verify(records)).isEmpty();
    }

    @Test
    void shouldGiveTheSameHashesWhenTheSameInputsAreSealedAgain() {
        assertThat(chain()).isEqualTo(chain());
    }

    @Test
    void shouldNameTheRecordWhoseFieldWasAltered() {
        final List<AuditRecord> records = new ArrayList<>(chain());
        final AuditRecord altered = copy(records.get(2));
        altered.setBy("mallory");
        records.set(2, altered);

        assertThat(verify(records)).hasValueSatisfying(broken -> {
            assertThat(broken.position()).isEqualTo(102);
            assertThat(broken.sequence()).isEqualTo(3);
            assertThat(broken.check()).isEqualTo("hash");
            assertThat(broken.partition()).isEqualTo(PARTITION);
        });
    }

    @Test
    void shouldNameTheRecordWhoseHashHasOneByteFlipped() {
        final List<AuditRecord> records = new ArrayList<>(chain());
        final AuditRecord altered = copy(records.get(1));
        final byte[] hash = altered.getHash().getBytes(StandardCharsets.US_ASCII);
        hash[10] = (byte) (hash[10] == 'a' ? 'b' : 'a');
        altered.setHash(new String(hash, StandardCharsets.US_ASCII));
        records.set(1, altered);

        // The altered hash no longer matches the content; were it rewritten consistently, the next link would break.
        assertThat(verify(records)).hasValueSatisfying(broken -> {
            assertThat(broken.sequence()).isEqualTo(2);
            assertThat(broken.check()).isEqualTo("hash");
        });
    }

    @Test
    void shouldNameTheNextRecordWhenAnAlteredRecordWasResealed() {
        final List<AuditRecord> records = new ArrayList<>(chain());
        final AuditRecord altered = copy(records.get(1));
        altered.setEventTime(altered.getEventTime() + 1);
        altered.setHash(AuditChain.hash(altered.getPreviousHash(), altered));
        records.set(1, altered);

        assertThat(verify(records)).hasValueSatisfying(broken -> {
            assertThat(broken.position()).isEqualTo(102);
            assertThat(broken.sequence()).isEqualTo(3);
            assertThat(broken.check()).isEqualTo("previousHash");
        });
    }

    @Test
    void shouldNameTheRecordAfterARemovedOne() {
        final List<AuditRecord> records = new ArrayList<>(chain());
        records.remove(1);

        assertThat(verify(records)).hasValueSatisfying(broken -> {
            assertThat(broken.position()).isEqualTo(101);
            assertThat(broken.sequence()).isEqualTo(3);
            assertThat(broken.check()).isEqualTo("sequence");
            assertThat(broken.detail()).contains("expected sequence 2");
        });
    }

    @Test
    void shouldNameTheFirstRecordOutOfOrder() {
        final List<AuditRecord> records = new ArrayList<>(chain());
        Collections.swap(records, 2, 3);

        assertThat(verify(records)).hasValueSatisfying(broken -> {
            assertThat(broken.position()).isEqualTo(102);
            assertThat(broken.sequence()).isEqualTo(4);
            assertThat(broken.check()).isEqualTo("sequence");
        });
    }

    @Test
    void shouldRefuseAFirstRecordThatDoesNotStartFromGenesis() {
        final List<AuditRecord> records = new ArrayList<>(chain());
        final AuditRecord forged = copy(records.get(0));
        forged.setPreviousHash("1".repeat(64));
        forged.setHash(AuditChain.hash(forged.getPreviousHash(), forged));
        records.set(0, forged);

        assertThat(verify(records)).hasValueSatisfying(broken -> assertThat(broken.check()).isEqualTo("previousHash"));
    }

    @Test
    void shouldNameARecordReadFromAnotherPartitionThanItsChain() {
        final List<AuditRecord> records = chain();
        final ChainVerifier verifier = new ChainVerifier();

        assertThat(verifier.accept(PARTITION + 1, 7, records.get(0))).hasValueSatisfying(broken -> {
            assertThat(broken.check()).isEqualTo("partition");
            assertThat(broken.position()).isEqualTo(7);
        });
    }

    @Test
    void shouldCheckEveryLinkAfterTheFirstWhenTheWalkStartsInsideTheChain() {
        final List<AuditRecord> window = new ArrayList<>(chain().subList(1, 4));
        assertThat(verify(window)).isEmpty();

        final AuditRecord altered = copy(window.get(2));
        altered.setComment("nothing to see");
        window.set(2, altered);
        assertThat(verify(window)).hasValueSatisfying(broken -> assertThat(broken.sequence()).isEqualTo(4));
    }

    @Test
    void shouldKeepChainsOfDifferentPartitionsApart() {
        final List<AuditRecord> records = chain();
        final ChainVerifier verifier = new ChainVerifier();
        final AuditRecord other = AuditChain.seal(ChainHead.start(0),
                rule.onAlert(null, alert(AlertStatus.OPEN, Severity.LOW, 5)).change().orElseThrow());

        assertThat(verifier.accept(PARTITION, 0, records.get(0))).isEmpty();
        assertThat(verifier.accept(0, 0, other)).isEmpty();
        assertThat(verifier.accept(PARTITION, 1, records.get(1))).isEmpty();
        assertThat(verifier.records()).isEqualTo(3);
        assertThat(verifier.partitions()).isEqualTo(2);
    }

    @Test
    @DisplayName("the canonical encoding is unambiguous: a value cannot pose as another field")
    void shouldEncodeFieldsUnambiguously() {
        final AuditRecord plain = chain().get(2);
        final AuditRecord forged = copy(plain);
        forged.setBy("dana\ncomment:19:calling the carrier");
        forged.setComment(null);

        assertThat(AuditChain.canonical(forged)).isNotEqualTo(AuditChain.canonical(plain));
        assertThat(AuditChain.canonical(plain)).contains("by:4:dana\n").doesNotContain("hash:");
    }
}
