package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.config.Configuration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Every command of the launcher resolves its options along the one path and prints them with --print-config. */
class ConfigurationCommandsTest {

    @TempDir
    Path dir;

    private static CommandLine launcher(final Map<String, String> env) {
        return Configuration.install(new CommandLine(new ColdchainCli()), env);
    }

    /** The value of {@code option} of {@code command} after parsing {@code args} with {@code env} as the environment. */
    private static <T> T resolved(final Map<String, String> env, final String command, final String option,
                                  final String... args) {
        final CommandLine cli = launcher(env);
        cli.parseArgs(args);
        return cli.getSubcommands().get(command).getCommandSpec().findOption(option).getValue();
    }

    @Test
    void shouldResolveAToolsOptionsDefaultThenFileThenEnvironmentThenFlag() throws Exception {
        final String file = Files.writeString(dir.resolve("ops.properties"),
                "coldchain.export.timeout=40s\nbootstrap.servers=file:9092\n").toString();
        final Map<String, String> env = Map.of("COLDCHAIN_EXPORT_TIMEOUT", "50s", "COLDCHAIN_BOOTSTRAP_SERVERS", "env:9092");

        assertThat((Duration) resolved(Map.of(), "export", "--timeout", "export", "--topic", "alerts"))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat((Duration) resolved(Map.of(), "export", "--timeout", "export", "--topic", "alerts", "--config-file", file))
                .isEqualTo(Duration.ofSeconds(40));
        assertThat((Duration) resolved(env, "export", "--timeout", "export", "--topic", "alerts", "--config-file", file))
                .isEqualTo(Duration.ofSeconds(50));
        assertThat((Duration) resolved(env, "export", "--timeout", "export", "--topic", "alerts", "--config-file", file,
                "--timeout", "1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat((String) resolved(Map.of(), "export", "--bootstrap-server", "export", "--topic", "alerts",
                "--config-file", file)).isEqualTo("file:9092");
        assertThat((String) resolved(env, "export", "--bootstrap-server", "export", "--topic", "alerts",
                "--config-file", file)).isEqualTo("env:9092");
    }

    @Test
    void shouldKeepEachCommandsOwnVariablesToItself() {
        final Map<String, String> env = Map.of("COLDCHAIN_EXPORT_TIMEOUT", "50s");

        assertThat((Duration) resolved(env, "epcis", "--timeout", "epcis", "--shipment", "S", "--out", "x.jsonld"))
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldStillTakeTheOldNameOfTheSettingsFile() throws Exception {
        final String file = Files.writeString(dir.resolve("ops.properties"), "bootstrap.servers=old:9092\n").toString();

        assertThat((String) resolved(Map.of(), "export", "--bootstrap-server", "export", "--topic", "alerts",
                "--client-config-file", file)).isEqualTo("old:9092");
    }

    @Test
    void shouldPrintAToolsResolvedConfigurationWithItsPasswordsMasked() throws Exception {
        final String file = Files.writeString(dir.resolve("integrator.properties"),
                "bootstrap.servers=broker:9093\nsecurity.protocol=SASL_PLAINTEXT\n"
                        + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"integrator\" password=\"S3cretPw\";\n").toString();
        final StringWriter out = new StringWriter();
        final CommandLine cli = launcher(Map.of()).setOut(new PrintWriter(out, true));

        // --file is required to publish, not to print the configuration
        final int exit = cli.execute("publish", "--config-file", file, "--print-config", "--client-config",
                "ssl.truststore.password=Tru5tPw");

        assertThat(exit).isZero();
        assertThat(out.toString()).doesNotContain("S3cretPw", "Tru5tPw")
                .containsPattern("--bootstrap-server +broker:9093 +file .*integrator.properties bootstrap.servers")
                .containsPattern("security.protocol +SASL_PLAINTEXT +file")
                .containsPattern("sasl.jaas.config +\\*\\*\\*\\* +file")
                .containsPattern("ssl.truststore.password +\\*\\*\\*\\* +flag");
    }

    @Test
    void shouldSayWhereABadValueOutsideTheCommandLineComesFrom() throws Exception {
        final Path file = Files.writeString(dir.resolve("ops.properties"), "coldchain.export.timeout=soon\n");
        final StringWriter err = new StringWriter();
        final CommandLine cli = ColdchainCli.commandLine().setErr(new PrintWriter(err, true));

        final int exit = cli.execute("export", "--topic", "alerts", "--config-file", file.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("coldchain: Invalid value for option '--timeout'")
                .contains("(from file " + file + " coldchain.export.timeout)").hasLineCount(1);
    }

    @Test
    void shouldGiveEveryCommandTheSettingsFileAndThePrintOut() {
        final CommandLine launcher = ColdchainCli.commandLine();
        for (final CommandLine command : launcher.getSubcommands().values()) {
            final CommandSpec spec = command.getSubcommands().isEmpty() ? command.getCommandSpec()
                    : command.getSubcommands().values().iterator().next().getCommandSpec();
            assertThat(spec.findOption("--config-file")).as(spec.qualifiedName()).isNotNull();
            assertThat(spec.findOption("--print-config")).as(spec.qualifiedName()).isNotNull();
        }
    }
}
