package io.coldchain.config;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code docs/CONFIGURATION.md}, generated from the picocli model: one table per command (option, environment
 * variable, file key, default, description). A test compares the committed file with it.
 */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    /** The page for the commands under {@code root}, which must be {@linkplain Configuration#install installed}. */
    public static String markdown(final CommandLine root, final String regenerate) {
        final StringBuilder md = new StringBuilder();
        md.append("# Configuration\n\n")
                .append("<!-- Generated from the commands' picocli model by io.coldchain.config.ConfigDocs: do not edit.\n")
                .append("     ").append(regenerate).append(" -->\n\n")
                .append("Every command resolves each option along one path, lowest precedence first: the default in code, ")
                .append("then the\n`--config-file` (a Java properties file), then the environment, then the flag. ")
                .append("`--print-config` prints the\nresolved configuration, each value with its source, secrets masked, ")
                .append("and exits. Keys of the `--config-file` that\nname no option are Kafka client properties ")
                .append("(security, tuning), as are the repeatable `--client-config KEY=VALUE`\nflags, which win over ")
                .append("the file. Repeatable options (lists, maps) are flags only. The file may be shared by every\n")
                .append("command: a command reads the keys of its own options and the shared ones (`bootstrap.servers`, ")
                .append("`coldchain.topic.prefix`,\n`schema.registry.url`).\n\n")
                .append("Former names still accepted, not shown below: `--client-config-file` (now `--config-file`); `-D`, ")
                .append("`--streams-config`\n(streams) and `--producer-config` (simulate), now `--client-config`.\n");
        for (final CommandLine command : leaves(root)) {
            table(md, command.getCommandSpec());
        }
        return md.toString();
    }

    private static void table(final StringBuilder md, final CommandSpec spec) {
        md.append("\n## `").append(spec.qualifiedName()).append("`\n\n")
                .append("| option | environment | file key | default | description |\n")
                .append("|---|---|---|---|---|\n");
        for (final OptionSpec option : spec.options()) {
            if (option.hidden() || option.usageHelp() || option.versionHelp()) {
                continue;
            }
            final Optional<ConfigNames.Names> names = ConfigNames.of(option);
            md.append("| `").append(String.join("`, `", option.names())).append("` | ")
                    .append(names.map(n -> code(n.env())).orElse("")).append(" | ")
                    .append(names.map(n -> code(n.key())).orElse("")).append(" | ")
                    .append(code(defaultOf(option))).append(" | ")
                    .append(cell(String.join(" ", option.description()))).append(" |\n");
        }
    }

    private static String defaultOf(final OptionSpec option) {
        if (option.defaultValue() != null) {
            return option.defaultValue();
        }
        final Object initial = option.initialValue();
        if (initial == null || initial instanceof Collection<?> || initial instanceof Map<?, ?>) {
            return null;
        }
        return String.valueOf(initial);
    }

    private static String code(final String text) {
        return text == null || text.isEmpty() ? "" : "`" + text + "`";
    }

    private static String cell(final String text) {
        return text.replace("%%", "%").replace("%n", " ").replace("|", "\\|").strip();
    }

    /** The commands without subcommands, in the order they were registered; an alias only once. */
    private static Set<CommandLine> leaves(final CommandLine root) {
        final Set<CommandLine> leaves = new LinkedHashSet<>();
        collect(root, leaves);
        return leaves;
    }

    private static void collect(final CommandLine command, final Set<CommandLine> leaves) {
        if (command.getSubcommands().isEmpty()) {
            leaves.add(command);
            return;
        }
        command.getSubcommands().values().forEach(sub -> collect(sub, leaves));
    }
}
