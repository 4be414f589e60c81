package io.coldchain.config;

import io.coldchain.logging.Secrets;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The one configuration model of every command: {@link #install} gives each command of a command line the
 * {@link ConfigOptions} ({@code --config-file}, {@code --print-config}) and resolves every option along one path,
 * lowest precedence first: default in code → {@code --config-file} → environment → flag ({@link LayeredDefaults}).
 * {@link #describe} is the resolved configuration as {@code --print-config} prints it, each value with its source,
 * secrets masked.
 */
public final class Configuration {

    private Configuration() {
    }

    /** One resolved value: the option (or client property), its value as printed (masked) and where it came from. */
    public record Entry(String name, String value, ConfigSource source, String where) {

        /** One aligned line: name, value, source. */
        String line(final int nameWidth, final int valueWidth) {
            return String.format("  %-" + nameWidth + "s  %-" + valueWidth + "s  %s", name, value,
                    where.isEmpty() ? source.toString() : source + " " + where).stripTrailing();
        }
    }

    /** {@link #install(CommandLine, Map)} with the process environment. */
    public static CommandLine install(final CommandLine root) {
        return install(root, System.getenv());
    }

    /**
     * Adds {@link ConfigOptions} to every command without subcommands under {@code root} (itself included), installs
     * the {@link LayeredDefaults} on the whole tree and handles {@code --print-config} before the command runs.
     * Call it once the subcommands are registered.
     */
    public static CommandLine install(final CommandLine root, final Map<String, String> env) {
        addConfigOptions(root);
        final LayeredDefaults defaults = new LayeredDefaults(env);
        root.setDefaultValueProvider(defaults);
        final IExecutionStrategy run = root.getExecutionStrategy();
        root.setExecutionStrategy(parseResult -> {
            final ParseResult leaf = leaf(parseResult);
            if (leaf.hasMatchedOption(ConfigNames.PRINT_CONFIG) && !helpRequested(parseResult)) {
                final CommandLine command = leaf.commandSpec().commandLine();
                print(command.getOut(), leaf.commandSpec(), describe(leaf, defaults));
                return 0;
            }
            return run.execute(parseResult);
        });
        return root;
    }

    /** The resolved configuration of a parsed command: its options, then its Kafka client properties. */
    public static List<Entry> describe(final ParseResult parsed, final LayeredDefaults defaults) {
        final CommandSpec spec = parsed.commandSpec();
        final OptionSpec clientConfig = spec.findOption(ClientOptions.CLIENT_CONFIG);
        final List<Entry> entries = new ArrayList<>();
        for (final OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp() || option.hidden()
                    || ConfigNames.PRINT_CONFIG.equals(option.longestName()) || option == clientConfig) {
                continue;
            }
            final String value = shown(option);
            if (parsed.hasMatchedOption(option)) {
                entries.add(new Entry(option.longestName(), value, ConfigSource.FLAG, ""));
            } else {
                final Optional<LayeredDefaults.Found> found = defaults.find(option);
                entries.add(new Entry(option.longestName(), value,
                        found.map(LayeredDefaults.Found::source).orElse(ConfigSource.DEFAULT),
                        found.map(LayeredDefaults.Found::where).orElse("")));
            }
        }
        if (clientConfig != null) {
            final String file = ConfigFile.path(spec, Map.of()).map(Object::toString).orElse("");
            Secrets.maskConfig(ConfigFile.clientProperties(spec))
                    .forEach((k, v) -> entries.add(new Entry(k, v, ConfigSource.FILE, file)));
            for (final OptionSpec option : List.of(spec.findOption(ClientOptions.LEGACY_CLIENT_CONFIG), clientConfig)) {
                final Map<?, ?> values = option.getValue();
                Secrets.maskConfig(values).forEach((k, v) -> entries.add(new Entry(k, v, ConfigSource.FLAG,
                        ClientOptions.CLIENT_CONFIG)));
            }
        }
        return entries;
    }

    /**
     * Where the bad value of a parse error came from when it was not the command line: " (from env VAR)" or
     * " (from FILE KEY)", else "". picocli names the option and the value, not the variable or file that set it.
     */
    public static String origin(final CommandLine.ParameterException error) {
        if (!(error.getArgSpec() instanceof OptionSpec option) || error.getValue() == null
                || !(option.command().defaultValueProvider() instanceof LayeredDefaults defaults)) {
            return "";
        }
        try {
            return defaults.find(option).filter(found -> found.value().equals(error.getValue()))
                    .map(found -> " (from " + found.source() + " " + found.where() + ")").orElse("");
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    private static void print(final PrintWriter out, final CommandSpec spec, final List<Entry> entries) {
        final int nameWidth = entries.stream().mapToInt(e -> e.name().length()).max().orElse(0);
        final int valueWidth = Math.min(60, entries.stream().mapToInt(e -> e.value().length()).max().orElse(0));
        out.println(spec.qualifiedName() + ": resolved configuration (lowest precedence first: default, file, env, flag)");
        entries.forEach(e -> out.println(e.line(nameWidth, valueWidth)));
        out.flush();
    }

    /** The value of {@code option} as it may be printed: a secret masked, a URL's credentials masked. */
    private static String shown(final OptionSpec option) {
        final Object value = option.getValue();
        if (value == null || value instanceof Collection<?> c && c.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty()) {
            return "(none)";
        }
        if (ConfigNames.isSecret(option)) {
            return Secrets.MASK;
        }
        if (value instanceof Map<?, ?> map) {
            return Secrets.maskConfig(map).toString();
        }
        return Secrets.mask(String.valueOf(value));
    }

    private static ParseResult leaf(final ParseResult parsed) {
        ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        return leaf;
    }

    private static boolean helpRequested(final ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
                return true;
            }
        }
        return false;
    }

    private static void addConfigOptions(final CommandLine command) {
        if (command.getSubcommands().isEmpty()) {
            if (command.getCommandSpec().findOption(ConfigNames.CONFIG_FILE) == null) {
                command.getCommandSpec().addMixin("config", CommandSpec.forAnnotatedObject(new ConfigOptions()));
            }
            return;
        }
        command.getSubcommands().values().forEach(Configuration::addConfigOptions);
    }
}
