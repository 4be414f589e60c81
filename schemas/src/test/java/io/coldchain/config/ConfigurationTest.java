package io.coldchain.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class ConfigurationTest {

    @TempDir
    Path dir;

    @Command(name = "root")
    static final class Root implements Runnable {
        @Override
        public void run() {
        }
    }

    @Command(name = "tool")
    static final class Tool implements Callable<Integer> {

        @Mixin
        ClientOptions kafka = new ClientOptions();

        @Option(names = "--retries", defaultValue = "3")
        int retries;

        @Option(names = "--target", required = true)
        String target;

        @Option(names = "--store-password")
        String storePassword;

        @Option(names = "--name")
        List<String> names = List.of();

        @Option(names = "--dry-run")
        boolean dryRun;

        boolean ran;

        @Override
        public Integer call() {
            ran = true;
            return 0;
        }
    }

    /** The command of the latest {@link #cli}. */
    private Tool tool;

    /** {@code root tool} with the configuration model installed, {@code env} as the environment. */
    private CommandLine cli(final Map<String, String> env) {
        tool = new Tool();
        return Configuration.install(new CommandLine(new Root()).addSubcommand(new CommandLine(tool)), env);
    }

    private Path file(final String content) throws Exception {
        return Files.writeString(dir.resolve("coldchain.properties"), content);
    }

    @Test
    void shouldNameEachOptionByItsCommandUnlessItSaysOtherwise() {
        final var spec = cli(Map.of()).getSubcommands().get("tool").getCommandSpec();

        assertThat(ConfigNames.of(spec.findOption("--retries"))).hasValue(
                new ConfigNames.Names("coldchain.tool.retries", "COLDCHAIN_TOOL_RETRIES", false));
        assertThat(ConfigNames.of(spec.findOption("--bootstrap-server"))).hasValue(
                new ConfigNames.Names("bootstrap.servers", "COLDCHAIN_BOOTSTRAP_SERVERS", false));
        assertThat(ConfigNames.of(spec.findOption("--store-password")).orElseThrow().secret()).isTrue();
        assertThat(ConfigNames.of(spec.findOption("--name"))).as("repeatable: flags only").isEmpty();
        assertThat(ConfigNames.of(spec.findOption("--print-config"))).isEmpty();
        assertThat(ConfigNames.of(spec.findOption("-D"))).as("an old name").isEmpty();
    }

    @Test
    void shouldResolveDefaultThenFileThenEnvironmentThenFlag() throws Exception {
        final String file = file("coldchain.tool.retries=4\ncoldchain.tool.target=t\n").toString();
        final Map<String, String> env = Map.of("COLDCHAIN_TOOL_RETRIES", "5");

        cli(Map.of()).parseArgs("tool", "--target", "t");
        assertThat(tool.retries).isEqualTo(3);
        cli(Map.of()).parseArgs("tool", "--config-file", file);
        assertThat(tool.retries).isEqualTo(4);
        assertThat(tool.target).as("a required option set in the file").isEqualTo("t");
        cli(env).parseArgs("tool", "--config-file", file);
        assertThat(tool.retries).isEqualTo(5);
        cli(env).parseArgs("tool", "--config-file", file, "--retries", "6");
        assertThat(tool.retries).isEqualTo(6);
        cli(Map.of("COLDCHAIN_CONFIG_FILE", file)).parseArgs("tool");
        assertThat(tool.retries).as("the file named by the environment").isEqualTo(4);
    }

    @Test
    void shouldShareTheConnectionSettingsAcrossCommands() throws Exception {
        final String file = file("bootstrap.servers=file:9092\ncoldchain.topic.prefix=acme.\n").toString();

        cli(Map.of("COLDCHAIN_BOOTSTRAP_SERVERS", "env:9092")).parseArgs("tool", "--target", "t", "--config-file", file);

        assertThat(tool.kafka.bootstrapServers()).isEqualTo("env:9092");
        assertThat(tool.kafka.topicPrefix()).isEqualTo("acme.");
        assertThat(tool.kafka.schemaRegistryUrl()).isNull();
    }

    @Test
    void shouldPassTheFileKeysThatNameNoOptionAndTheClientConfigToTheClients() throws Exception {
        final String file = file("coldchain.tool.retries=4\nbootstrap.servers=b:9092\nacks=1\nlinger.ms=10\n").toString();

        cli(Map.of()).parseArgs("tool", "--target", "t", "--config-file", file, "--client-config", "linger.ms=20");

        assertThat(tool.kafka.clientProperties()).containsExactlyInAnyOrderEntriesOf(Map.of("acks", "1", "linger.ms", "20"));
    }

    @Test
    void shouldStillTakeTheOldNames() throws Exception {
        final String file = file("acks=all\n").toString();

        cli(Map.of()).parseArgs("tool", "--target", "t", "--client-config-file", file, "-D", "a=1", "--streams-config",
                "b=2", "--producer-config", "c=3");

        assertThat(tool.kafka.clientProperties()).containsExactlyInAnyOrderEntriesOf(
                Map.of("acks", "all", "a", "1", "b", "2", "c", "3"));
    }

    @Test
    void shouldPrintTheResolvedConfigurationWithSourcesAndSecretsMaskedAndNotRun() throws Exception {
        final String file = file("coldchain.tool.retries=4\nsasl.jaas.config=x required password=\"JaasPw\";\n"
                + "schema.registry.url=https://user:RegPw@registry:8081\n").toString();
        final StringWriter out = new StringWriter();
        final CommandLine cli = cli(Map.of("COLDCHAIN_TOOL_STORE_PASSWORD", "StorePw")).setOut(new PrintWriter(out, true));

        final int exit = cli.execute("tool", "--config-file", file, "--print-config", "--dry-run",
                "--client-config", "ssl.key.password=KeyPw");

        assertThat(exit).isZero();
        assertThat(tool.ran).isFalse();
        assertThat(out.toString()).doesNotContain("JaasPw", "RegPw", "StorePw", "KeyPw")
                .contains("root tool: resolved configuration")
                .containsPattern("--retries +4 +file .*coldchain.properties coldchain.tool.retries")
                .containsPattern("--store-password +\\*\\*\\*\\* +env COLDCHAIN_TOOL_STORE_PASSWORD")
                .containsPattern("--dry-run +true +flag")
                .containsPattern("--bootstrap-server +localhost:9092 +default")
                .containsPattern("--schema-registry-url +https://\\*\\*\\*\\*@registry:8081 +file")
                .containsPattern("--target +\\(none\\) +default")
                .containsPattern("sasl.jaas.config +\\*\\*\\*\\* +file")
                .containsPattern("ssl.key.password +\\*\\*\\*\\* +flag --client-config");
    }

    @Test
    void shouldSayInOneLineThatTheFileCannotBeRead() {
        final StringWriter err = new StringWriter();
        final CommandLine cli = cli(Map.of()).setErr(new PrintWriter(err, true));

        final int exit = cli.execute("tool", "--target", "t", "--config-file", dir.resolve("nope").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("cannot read --config-file " + dir.resolve("nope") + ": no such file");
    }
}
