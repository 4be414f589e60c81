package io.coldchain.cli.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.cli.ColdchainCliAccess;
import io.coldchain.schemas.AlertType;
import io.coldchain.schemas.Severity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The options of {@code alerts} as they are parsed, and the one line each mistake gives, without a broker. */
class AlertsCommandTest {

    private record Run(int exit, String out, List<String> errLines) {
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = ColdchainCliAccess.commandLine().setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString().lines().filter(l -> !l.isBlank()).toList());
    }

    private static AlertsCommand parse(final String... args) {
        final AlertsCommand command = new AlertsCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void shouldFollowNewAlertsOfEveryKindByDefault() {
        final AlertsCommand command = parse();

        assertThat(command.follow).isTrue();
        assertThat(command.since).isNull();
        assertThat(command.minSeverity).isNull();
        assertThat(command.types).isEmpty();
        assertThat(command.shipments).isEmpty();
        assertThat(command.status).isEqualTo(AlertsCommand.Status.ALL);
        assertThat(command.json).isFalse();
        assertThat(command.group).isNull();
    }

    @Test
    void shouldReadFiltersInAnyCaseRepeatedOrCommaSeparated() {
        final AlertsCommand command = parse("--no-follow", "--min-severity", "high", "--type", "temperature_excursion",
                "--type", "Diversion,mkt-exceeded", "--shipment", "SHP-1,SHP-2", "--shipment", "SHP-3",
                "--status", "OPEN", "--zone", "Europe/Berlin", "--json", "--group", "ops");

        assertThat(command.follow).isFalse();
        assertThat(command.minSeverity).isEqualTo(Severity.HIGH);
        assertThat(command.types).containsExactly(AlertType.TEMPERATURE_EXCURSION, AlertType.DIVERSION,
                AlertType.MKT_EXCEEDED);
        assertThat(command.shipments).containsExactly("SHP-1", "SHP-2", "SHP-3");
        assertThat(command.status).isEqualTo(AlertsCommand.Status.OPEN);
        assertThat(command.zone).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(command.json).isTrue();
        assertThat(command.group).isEqualTo("ops");
        assertThat(parse("--follow").follow).isTrue();
    }

    @Test
    void shouldSayInOneLineWhatIsWrongWithAFlagAndExit2() {
        assertThat(run("alerts", "--min-severity", "urgent")).isEqualTo(new Run(2, "", List.of(
                "coldchain: Invalid value for option '--min-severity': 'urgent' is not a severity; expected one of "
                        + "NOTIFICATION, LOW, MEDIUM, HIGH, CRITICAL (see 'coldchain alerts --help')")));
        assertThat(run("alerts", "--type", "fire").errLines()).singleElement().asString()
                .startsWith("coldchain: Invalid value for option '--type' (TYPE): 'fire' is not an alert type; expected one "
                        + "of TEMPERATURE_EXCURSION, MKT_EXCEEDED,");
        assertThat(run("alerts", "--status", "closed").errLines()).containsExactly("coldchain: Invalid value for "
                + "option '--status': 'closed' is not a status filter; expected one of ALL, OPEN (see 'coldchain "
                + "alerts --help')");
        assertThat(run("alerts", "--zone", "Mars/Olympus").errLines()).containsExactly("coldchain: Invalid value "
                + "for option '--zone': 'Mars/Olympus' is not a time zone: write a region such as Europe/Berlin, UTC, "
                + "or an offset such as +02:00 (see 'coldchain alerts --help')");
        final Run since = run("alerts", "--since", "yesterday");
        assertThat(since.exit()).isEqualTo(2);
        assertThat(since.errLines()).containsExactly("coldchain: --since 'yesterday' is neither a duration back from "
                + "now (2h, 30m, 1d) nor a point in time (2026-03-03T10:00:00Z) (see 'coldchain alerts --help')");
    }

    @Test
    void shouldSayInOneLineThatTheBrokerCannotBeFound() {
        final Run run = run("alerts", "--bootstrap-server", "no-such-host.invalid:9092");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).hasSize(2);
        assertThat(run.errLines().get(0)).startsWith("coldchain alerts: coldchain.alerts (read_committed) from now "
                + "(new alerts only), all alerts, following (Ctrl-C to stop); kafka no-such-host.invalid:9092");
        assertThat(run.errLines().get(1)).startsWith("coldchain alerts: cannot resolve host no-such-host.invalid of "
                + "bootstrap servers no-such-host.invalid:9092");
    }
}
