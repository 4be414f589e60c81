package io.coldchain.sim.command;

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

    /** The command with bad flags reported in one line, as the {@code coldchain} launcher reports them. */
    static CommandLine commandLine() {
        final CommandLine cli = new CommandLine(new SimulateCommand());
        cli.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("coldchain simulate: " + ex.getMessage() + " (see 'simulate --help')");
            return SimulateCommand.EXIT_USER_ERROR;
        });
        return cli;
    }
}
