package io.coldchain.cli.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.ops.UserErrors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code epcis} mistakes, each one line and exit 2, found before or without a broker. */
class EpcisCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldExitWith2AndOneLineWhenItCannotReachTheBroker() {
        final EpcisCommand command = new EpcisCommand();
        command.kafka.clusterTimeout = Duration.ofSeconds(1);
        final String noBroker = "127.0.0.1:1";

        final int exit = run(command, "--shipment", "SHP-1", "--out", "x.jsonld", "--bootstrap-server", noBroker);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(2).last().asString()
                .startsWith("coldchain epcis: cannot reach Kafka at " + noBroker);
    }

    @Test
    void shouldAskForExactlyOneOfShipmentAndSerial() {
        assertThat(run(new EpcisCommand(), "--out", "x.jsonld")).isEqualTo(2);
        assertThat(err.toString()).contains("--shipment=ID").contains("--serial=SGTIN");

        assertThat(run(new EpcisCommand(), "--shipment", "S", "--serial", "00614141123452.A1", "--out", "x"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void shouldNameWhatIsWrongWithASerialOrACompanyPrefixBeforeReading() {
        assertThat(run(new EpcisCommand(), "--serial", "00614141123453.A1", "--out", "x.jsonld")).isEqualTo(2);
        assertThat(err.toString()).contains("--serial: ").contains("check digit");

        assertThat(run(new EpcisCommand(), "--shipment", "S", "--company-prefix-length", "13", "--out", "x"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("must be 6..12 digits");
    }

    private int run(final Object command, final String... args) {
        final CommandLine cli = UserErrors.commandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
