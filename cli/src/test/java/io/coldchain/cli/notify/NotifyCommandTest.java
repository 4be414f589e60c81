package io.coldchain.cli.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.cli.ColdchainCliAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mistakes in notify's flags: one line, exit 2, before any broker or receiver is contacted. */
class NotifyCommandTest {

    private static List<String> errLines(final int expectedExit, final String... args) {
        final StringWriter err = new StringWriter();
        final int exit = ColdchainCliAccess.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true)).execute(args);
        assertThat(exit).as("exit code; stderr:%n%s", err).isEqualTo(expectedExit);
        return err.toString().lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void shouldSayWhatIsWrongWithTheFlagsInOneLine() {
        assertThat(errLines(2, "notify", "--url", "ftp://example.com/x")).singleElement().asString()
                .startsWith("coldchain notify: --url must be an http:// or https:// address");
        assertThat(errLines(2, "notify", "--url", "http://localhost:1/x", "--header", "Authorization")).singleElement()
                .asString().startsWith("coldchain notify: --header expects 'Name: value'");
        assertThat(errLines(2, "notify", "--url", "http://localhost:1/x", "--retry-initial", "5s", "--retry-max", "1s"))
                .containsExactly("coldchain notify: --retry-max (1s) must not be shorter than --retry-initial (5s)");
        assertThat(errLines(2, "notify", "--url", "http://localhost:1/x", "--on-refusal", "ignore"))
                .containsExactly("coldchain notify: --on-refusal is stop or skip, got 'ignore'");
        assertThat(errLines(2, "notify", "--url", "http://localhost:1/x", "--timeout", "0"))
                .containsExactly("coldchain notify: --timeout must be longer than 0, got 0");
        assertThat(errLines(2, "notify")).singleElement().asString()
                .startsWith("coldchain: Missing required option: '--url=URL'");
    }
}
