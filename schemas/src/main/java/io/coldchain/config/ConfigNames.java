package io.coldchain.config;

import io.coldchain.logging.Secrets;
import java.lang.reflect.AnnotatedElement;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The file key and environment variable of each option: as its {@link ConfigName} says, else
 * {@code coldchain.<command>.<option>} and {@code COLDCHAIN_<COMMAND>_<OPTION>} (command = the subcommand's path
 * under the launcher, {@code audit verify} → {@code audit.verify}). Scoped by command, so that
 * {@code COLDCHAIN_EXPORT_FILE} cannot reach {@code publish --file}.
 */
public final class ConfigNames {

    /** The one settings file of every command. */
    public static final String CONFIG_FILE = "--config-file";
    /** The former name of {@link #CONFIG_FILE} on the Kafka tools, still accepted. */
    public static final String LEGACY_CONFIG_FILE = "--client-config-file";
    public static final String CONFIG_FILE_ENV = "COLDCHAIN_CONFIG_FILE";
    public static final String PRINT_CONFIG = "--print-config";

    private ConfigNames() {
    }

    /**
     * The names of a setting.
     *
     * @param key    its key in a {@code --config-file}, or null when a file cannot set it ({@code --config-file})
     * @param env    its environment variable
     * @param secret whether its value must never be printed
     */
    public record Names(String key, String env, boolean secret) {
    }

    /**
     * The names of {@code option}, or empty when it is not a setting: help and version, hidden options (old names),
     * repeatable options (lists and maps: flags only), options of an argument group (a choice made on the command line),
     * actions ({@link ConfigName#flagOnly()}), {@code --print-config}.
     */
    public static Optional<Names> of(final OptionSpec option) {
        final ConfigName declared = annotation(option);
        final String name = option.longestName();
        if (option.usageHelp() || option.versionHelp() || option.hidden() || option.isMultiValue() || option.group() != null
                || PRINT_CONFIG.equals(name) || declared != null && declared.flagOnly()) {
            return Optional.empty();
        }
        if (CONFIG_FILE.equals(name)) {
            return Optional.of(new Names(null, CONFIG_FILE_ENV, false));
        }
        final String bare = name.replaceFirst("^-+", "");
        final String command = commandPath(option.command());
        final String key = declared != null && !declared.key().isEmpty() ? declared.key()
                : "coldchain." + command + "." + bare;
        final String env = declared != null && !declared.env().isEmpty() ? declared.env()
                : "COLDCHAIN_" + (command + "_" + bare).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        return Optional.of(new Names(key, env, isSecret(option)));
    }

    /** Whether the value of {@code option} must never be printed: declared so, or named like a credential. */
    public static boolean isSecret(final OptionSpec option) {
        final ConfigName declared = annotation(option);
        return declared != null && (declared.secret() || Secrets.isSecretKey(declared.key()))
                || Secrets.isSecretKey(option.longestName());
    }

    /** Every file key of the commands under {@code root}: the rest of a file is Kafka client properties. */
    public static Set<String> keys(final CommandSpec root) {
        final Set<String> keys = new TreeSet<>();
        collectKeys(root, keys);
        return keys;
    }

    private static void collectKeys(final CommandSpec spec, final Set<String> keys) {
        for (final OptionSpec option : spec.options()) {
            of(option).map(Names::key).ifPresent(keys::add);
        }
        spec.subcommands().values().forEach(sub -> collectKeys(sub.getCommandSpec(), keys));
    }

    /** {@code streams}, {@code audit.verify}: the command's path under the root, or its own name if it is the root. */
    static String commandPath(final CommandSpec spec) {
        if (spec.parent() == null) {
            return spec.name();
        }
        final String qualified = spec.qualifiedName(".");
        return qualified.substring(qualified.indexOf('.') + 1);
    }

    private static ConfigName annotation(final OptionSpec option) {
        return option.userObject() instanceof AnnotatedElement element ? element.getAnnotation(ConfigName.class) : null;
    }
}
