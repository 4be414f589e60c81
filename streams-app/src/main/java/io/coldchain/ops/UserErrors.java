package io.coldchain.ops;

import io.coldchain.topics.TopicAdmin;
import picocli.CommandLine;

/**
 * Turns the errors a user can cause (bad flag values, unreachable cluster, missing topics, bad
 * config file) into one line on stderr and exit code 2, instead of a stack trace.
 */
public final class UserErrors {

    private UserErrors() {
    }

    public static CommandLine commandLine(final Object command) {
        final CommandLine cli = new CommandLine(command);
        cli.setParameterExceptionHandler((ex, args) -> {
            final CommandLine failed = ex.getCommandLine();
            failed.getErr().println("coldchain: " + ex.getMessage() + " (see '" + failed.getCommandSpec().qualifiedName()
                    + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (isUserError(ex)) {
                commandLine.getErr().println("coldchain " + commandLine.getCommandName() + ": " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli;
    }

    static boolean isUserError(final Throwable ex) {
        return ex instanceof TopicAdmin.ClusterUnavailableException
                || ex instanceof IllegalArgumentException
                || ex instanceof IllegalStateException
                || ex instanceof org.apache.kafka.common.config.ConfigException;
    }
}
