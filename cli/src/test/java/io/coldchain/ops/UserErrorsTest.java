package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.errors.UserError;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * One line for a user's mistake, a stack trace for a bug: {@code streams}' taken ops port is named as the command resolved
 * it, Kafka's own refusals are one line, {@link UserError} is said as it stands, anything else keeps its trace.
 */
class UserErrorsTest {

    @Test
    void shouldNameTheOpsPortTheStreamsCommandTriedToBind() {
        final StreamsCommand command = new StreamsCommand();
        new CommandLine(command).parseArgs("--http-port", "8123");

        assertThat(UserErrors.message(new BindException("Address already in use"), command, List.of()))
                .hasValue("port 8123 (--http-port, COLDCHAIN_HTTP_PORT, coldchain.http.port) is already in use: "
                        + "pass --http-port with a free port, or -1 to turn the ops endpoints off");
    }

    @Test
    void shouldSayAnAuthenticationFailureInOneLine() {
        assertThat(UserErrors.message(new SaslAuthenticationException("invalid credentials"), null, List.of()))
                .hasValueSatisfying(m -> assertThat(m).startsWith("authentication failed"));
    }

    @Test
    void shouldLeaveBugsToTheirStackTrace() {
        assertThat(UserErrors.message(new NullPointerException(), null, List.of())).isEmpty();
        assertThat(UserErrors.message(new IllegalStateException("a buffer out of order"), null, List.of())).isEmpty();
        assertThat(UserErrors.message(new IllegalArgumentException("negative index"), null, List.of())).isEmpty();
    }

    @Test
    void shouldSayAUserErrorAsItStands() {
        assertThat(UserErrors.message(new UserError("--shipments must be 0 or more, got -3"), null, List.of()))
                .hasValue("--shipments must be 0 or more, got -3");
    }

    @Test
    void shouldPrintAUserErrorAsOneLineWithExitCode2AndABugWithItsTrace() {
        final StringWriter err = new StringWriter();
        final CommandLine mistake = UserErrors.commandLine(new Failing(() -> new UserError("no such profile 'cold'")));
        mistake.setErr(new PrintWriter(err, true));

        assertThat(mistake.execute()).isEqualTo(UserErrors.EXIT_USER_ERROR);
        assertThat(err.toString()).isEqualTo("coldchain failing: no such profile 'cold'" + System.lineSeparator());

        final StringWriter bugErr = new StringWriter();
        final CommandLine bug = UserErrors.commandLine(new Failing(() -> new IllegalStateException("state out of order")));
        bug.setErr(new PrintWriter(bugErr, true));

        assertThat(bug.execute()).isNotEqualTo(UserErrors.EXIT_USER_ERROR);
        assertThat(bugErr.toString()).contains("java.lang.IllegalStateException: state out of order")
                .contains("\tat io.coldchain.ops.UserErrorsTest$Failing.run");
    }

    @CommandLine.Command(name = "failing")
    private static final class Failing implements Runnable {

        private final Supplier<RuntimeException> failure;

        Failing(final Supplier<RuntimeException> failure) {
            this.failure = failure;
        }

        @Override
        public void run() {
            throw failure.get();
        }
    }
}
