package io.coldchain.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.cli.ColdchainCliAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Mistakes in {@code ack}'s arguments: one line, exit 2, before any broker is contacted. */
class AckCommandTest {

    private static String[] run(final int expectedExit, final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = ColdchainCliAccess.commandLine().setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
        assertThat(exit).as("exit; stderr:%n%s", err).isEqualTo(expectedExit);
        assertThat(out.toString()).isEmpty();
        return err.toString().lines().filter(l -> !l.isBlank()).toArray(String[]::new);
    }

    @Test
    void shouldRequireWhoAcknowledges() {
        assertThat(run(2, "ack", "alert-1", "--bootstrap-server", "127.0.0.1:1")).singleElement().asString()
                .contains("--by");
    }

    @Test
    void shouldRefuseBlankIdsInOneLine() {
        assertThat(run(2, "ack", " ", "--by", "dana", "--bootstrap-server", "127.0.0.1:1")).singleElement()
                .asString().contains("must not be blank");
    }

    @Test
    void shouldRefuseAFileTogetherWithTopicOptionsInOneLine() {
        assertThat(run(2, "audit", "verify", "--file", "a.jsonl", "--from", "2h")).singleElement().asString()
                .contains("--file verifies a whole copy");
    }
}
