package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command's help renders cleanly: picocli formats descriptions, so a bare '%' breaks them. */
class ColdchainCliHelpTest {

    static List<String> commands() {
        return List.copyOf(new CommandLine(new ColdchainCli()).getSubcommands().keySet());
    }

    @Test
    void shouldListEveryCommand() {
        assertThat(commands()).contains("demo", "broker", "streams", "simulate", "publish", "export", "alerts", "notify", "ack", "audit",
                "epcis", "score", "replay");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void shouldRenderHelpWithoutPicocliWarnings(final String command) {
        final StringWriter out = new StringWriter();
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final PrintStream original = System.err;
        final int exit;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            exit = new CommandLine(new ColdchainCli()).setOut(new PrintWriter(out, true))
                    .execute(command, "--help");
        } finally {
            System.setErr(original);
        }

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage: coldchain " + command).doesNotContain("%n");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }
}
