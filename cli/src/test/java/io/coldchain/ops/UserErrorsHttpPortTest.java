package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import java.util.List;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code streams}: a taken ops port is named, as the command resolved it; Kafka's own refusals are one line. */
class UserErrorsHttpPortTest {

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
    }
}
