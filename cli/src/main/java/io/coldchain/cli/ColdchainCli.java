package io.coldchain.cli;

import io.coldchain.cli.alerts.AlertsCommand;
import io.coldchain.cli.audit.AckCommand;
import io.coldchain.cli.audit.AuditCommand;
import io.coldchain.cli.epcis.EpcisCommand;
import io.coldchain.cli.jsonl.ExportCommand;
import io.coldchain.cli.jsonl.PublishCommand;
import io.coldchain.cli.notify.NotifyCommand;
import io.coldchain.cli.replay.ReplayCommand;
import io.coldchain.cli.score.ScoreCommand;
import io.coldchain.kafka.LocalKafkaException;
import io.coldchain.ops.StreamsCommand;
import io.coldchain.ops.UserErrors;
import io.coldchain.sim.command.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code coldchain}: the launcher behind the {@code ./coldchain} script. */
@Command(name = "coldchain", mixinStandardHelpOptions = true, version = "coldchain 0.1.0",
        description = "Real-time cold-chain, route and serial-fraud monitoring for vaccine and medicine shipments.",
        subcommands = {DemoCommand.class, BrokerCommand.class, StreamsCommand.class, SimulateCommand.class,
            PublishCommand.class, ExportCommand.class, AlertsCommand.class, NotifyCommand.class, AckCommand.class,
            AuditCommand.class, EpcisCommand.class, ScoreCommand.class, ReplayCommand.class},
        footer = {"", "Start with:  ./coldchain demo"})
public final class ColdchainCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the user-error handling every subcommand shares. */
    static CommandLine commandLine() {
        return UserErrors.commandLine(new ColdchainCli(), LocalKafkaException.class, KafkaOptions.UserError.class);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
