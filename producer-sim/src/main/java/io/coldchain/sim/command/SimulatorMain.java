package io.coldchain.sim.command;

import io.coldchain.config.Configuration;
import io.coldchain.logging.Secrets;
import picocli.CommandLine;

/** Runs {@link SimulateCommand} on its own, as the shaded jar's entry point. */
public final class SimulatorMain {

    /** Logging config of the standalone jar; named apart so it never shadows the launcher's logback.xml. */
    static final String LOGBACK_CONFIG = "io/coldchain/sim/logback-simulator.xml";

    private SimulatorMain() {
    }

    public static void main(final String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * The command with the configuration model of every coldchain command ({@link Configuration}: defaults,
     * {@code --config-file}, environment, flags; {@code --print-config}) and bad flags reported in one line, as the
     * {@code coldchain} launcher reports them.
     */
    static CommandLine commandLine() {
        final CommandLine cli = Configuration.install(new CommandLine(new SimulateCommand()));
        cli.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("coldchain simulate: " + Secrets.mask(ex.getMessage() + Configuration.origin(ex))
                    + " (see 'simulate --help')");
            return SimulateCommand.EXIT_USER_ERROR;
        });
        return cli;
    }
}
