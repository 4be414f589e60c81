package io.coldchain.ops;

import io.coldchain.config.Configuration;
import io.coldchain.errors.UserError;
import io.coldchain.logging.Secrets;
import io.coldchain.topics.TopicAdmin;
import io.coldchain.topics.TopicAdminErrors;
import java.net.BindException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import picocli.CommandLine;

/**
 * Turns the errors a user can cause (bad flag values, an unknown command, unreachable cluster, failed
 * authentication, a denied operation, missing topics, bad config file, a port in use) into one line on stderr
 * and exit code 2, instead of a stack trace. Secrets in the line (a URL's credentials, a password quoted by a
 * configuration error) are masked. A mistake is an exception of a type that says so ({@link UserError}, Kafka's
 * {@link ConfigException}, the types a command adds); anything else, {@code IllegalArgumentException} and
 * {@code IllegalStateException} included, is a bug and keeps its stack trace.
 */
public final class UserErrors {

    /** Exit code of every mistake the user can fix. */
    public static final int EXIT_USER_ERROR = 2;

    private UserErrors() {
    }

    /**
     * The command line of {@code command} with the one configuration model installed ({@link Configuration}: options
     * from defaults, {@code --config-file}, environment, flags; {@code --print-config}) and user errors in one line.
     *
     * @param alsoUserErrors further exception types whose message is meant for the user as it stands (e.g. the
     *                       local broker's "port 9092 is already in use: pass --port to choose another")
     */
    @SafeVarargs
    public static CommandLine commandLine(final Object command, final Class<? extends Throwable>... alsoUserErrors) {
        final List<Class<? extends Throwable>> more = List.of(alsoUserErrors);
        final CommandLine cli = new CommandLine(command);
        cli.setParameterExceptionHandler((ex, args) -> {
            final CommandLine failed = ex.getCommandLine();
            failed.getErr().println("coldchain: " + Secrets.mask(parameterMessage(ex) + Configuration.origin(ex)) + " (see '"
                    + failed.getCommandSpec().qualifiedName() + " --help')");
            return EXIT_USER_ERROR;
        });
        Configuration.install(cli);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            final Optional<String> message = message(ex, commandLine.getCommand(), more);
            if (message.isPresent()) {
                commandLine.getErr().println("coldchain " + commandLine.getCommandName() + ": "
                        + Secrets.mask(message.get()));
                return EXIT_USER_ERROR;
            }
            throw ex;
        });
        return cli;
    }

    /** An unknown subcommand is named as such; anything else keeps picocli's message. */
    static String parameterMessage(final CommandLine.ParameterException ex) {
        final CommandLine failed = ex.getCommandLine();
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !failed.getSubcommands().isEmpty()
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + unmatched.getUnmatched().get(0) + "': expected one of "
                    + String.join(", ", failed.getSubcommands().keySet());
        }
        return ex.getMessage();
    }

    /** The one line for {@code ex}, or empty when it is not a mistake the user can fix (a bug: stack trace). */
    static Optional<String> message(final Exception ex, final Object command,
                                    final List<Class<? extends Throwable>> more) {
        if (ex instanceof UserError || ex instanceof TopicAdmin.ClusterUnavailableException || ex instanceof ConfigException
                || more.stream().anyMatch(type -> type.isInstance(ex))) {
            return Optional.of(ex.getMessage());
        }
        if (ex instanceof AuthenticationException || ex instanceof AuthorizationException) {
            return TopicAdminErrors.explain(ex, Map.of(), "use");
        }
        if (ex instanceof KafkaException && ex.getCause() instanceof ConfigException config) {
            return Optional.of(ex.getMessage() + ": " + config.getMessage());
        }
        if (ex instanceof BindException && command instanceof StreamsCommand streams) {
            return Optional.of(httpPortInUse(streams));
        }
        return Optional.empty();
    }

    /** "port 8080 (--http-port) is already in use: ...", the port as the command resolved it. */
    private static String httpPortInUse(final StreamsCommand command) {
        return "port " + command.httpPort + " (--http-port, COLDCHAIN_HTTP_PORT, " + StreamsSettings.HTTP_PORT_KEY
                + ") is already in use: pass --http-port with a free port, or -1 to turn the ops endpoints off";
    }
}
