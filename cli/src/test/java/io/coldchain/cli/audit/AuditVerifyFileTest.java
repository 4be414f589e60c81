package io.coldchain.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.cli.ColdchainCliAccess;
import io.coldchain.contract.audit.AuditChain;
import io.coldchain.contract.audit.ChainHead;
import io.coldchain.schemas.AlertStatus;
import io.coldchain.schemas.AuditChange;
import io.coldchain.schemas.AuditRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("audit verify --file")
class AuditVerifyFileTest {

    private static final long T0 = 1_772_524_800_000L;

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = ColdchainCliAccess.commandLine().setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString().strip(), err.toString().strip());
    }

    /** Two partitions' chains, interleaved as an export of the topic interleaves them. */
    private static List<AuditRecord> chains() {
        final List<AuditRecord> records = new ArrayList<>();
        ChainHead zero = ChainHead.start(0);
        ChainHead one = ChainHead.start(1);
        for (int i = 0; i < 3; i++) {
            final AuditRecord a = AuditChain.seal(zero, draft("alert-a", "SHP-A", i));
            final AuditRecord b = AuditChain.seal(one, draft("alert-b", "SHP-B", i));
            records.add(a);
            records.add(b);
            zero = ChainHead.after(a);
            one = ChainHead.after(b);
        }
        return records;
    }

    private static AuditRecord.Builder draft(final String alertId, final String shipment, final int step) {
        final boolean ack = step == 1;
        return AuditRecord.newBuilder().setAlertId(alertId).setShipmentId(shipment)
                .setChange(step == 0 ? AuditChange.OPENED : ack ? AuditChange.ACKNOWLEDGED : AuditChange.RESOLVED)
                .setStatus(step == 2 ? AlertStatus.RESOLVED : AlertStatus.OPEN)
                .setBy(ack ? "dana" : null).setComment(ack ? "carrier called" : null)
                .setEventTime(T0 + step * 60_000L).setSourceId(ack ? "ack-" + alertId : alertId);
    }

    private Path export(final List<AuditRecord> records) throws IOException {
        final AuditLines lines = new AuditLines();
        final StringBuilder text = new StringBuilder();
        records.forEach(r -> text.append(lines.write(r)).append('\n'));
        return Files.writeString(dir.resolve("audit.jsonl"), text.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldReportAnIntactCopyAndExit0() throws IOException {
        final Path file = export(chains());

        final Run run = run("audit", "verify", "--file", file.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("6 records in 2 partitions of " + file + ", chain intact");
    }

    @Test
    void shouldNameTheRecordWithOneByteFlippedAndExit1() throws IOException {
        final Path file = export(chains());
        final byte[] bytes = Files.readAllBytes(file);
        final int at = new String(bytes, StandardCharsets.UTF_8).indexOf("carrier called");
        assertThat(at).as("the first comment, on line 3").isPositive();
        bytes[at] = (byte) 'C';
        Files.write(file, bytes);

        final Run run = run("audit", "verify", "--file", file.toString());

        assertThat(run.exit()).isOne();
        assertThat(run.out()).startsWith("chain broken at partition 0 line 3 (sequence 2): hash check failed");
    }

    @Test
    void shouldNameTheRecordAfterOneRemovedAndExit1() throws IOException {
        final List<AuditRecord> records = new ArrayList<>(chains());
        records.remove(3); // partition 1, sequence 2
        final Path file = export(records);

        final Run run = run("audit", "verify", "--file", file.toString());

        assertThat(run.exit()).isOne();
        assertThat(run.out()).startsWith("chain broken at partition 1 line 5 (sequence 3): sequence check failed");
    }

    @Test
    void shouldNameALineThatIsNoAuditRecordAndExit1() throws IOException {
        final Path file = export(chains());
        final List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(1, lines.get(1).substring(0, 40));
        Files.write(file, lines);

        final Run run = run("audit", "verify", "--file", file.toString());

        assertThat(run.exit()).isOne();
        assertThat(run.out()).contains("line 2").contains("readable check failed");
    }

    @Test
    void shouldSayInOneLineThatTheFileIsMissingAndExit2() {
        final Run run = run("audit", "verify", "--file", dir.resolve("nope.jsonl").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("coldchain audit verify: no such file: " + dir.resolve("nope.jsonl"));
    }
}
