package io.coldchain.cli;

import io.coldchain.cli.security.LocalUsers;
import io.coldchain.config.ConfigName;
import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code coldchain broker}: a standalone local Kafka broker with the catalogue's topics. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a local single-node Kafka broker (KRaft) with coldchain's topics until stopped (Ctrl-C).")
public final class BrokerCommand implements Callable<Integer> {

    /** How clients authenticate. */
    enum Security { none, scram }

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--controller-port", defaultValue = "9093", description = "KRaft controller port (default ${DEFAULT-VALUE}).")
    @ConfigName(env = "COLDCHAIN_CONTROLLER_PORT")
    int controllerPort;

    @Option(names = "--data-dir", description = "Keep the broker's data here across restarts (default: a temporary directory deleted on exit).")
    Path dataDir;

    @Option(names = "--topic-prefix", defaultValue = TopicCatalogue.DEFAULT_PREFIX, description = "Prefix of the topics to create (default ${DEFAULT-VALUE}).")
    @ConfigName(key = "coldchain.topic.prefix", env = "COLDCHAIN_TOPIC_PREFIX")
    String topicPrefix;

    @Option(names = "--partitions", defaultValue = "" + TopicCatalogue.DEFAULT_PARTITIONS, description = "Partitions per topic (default ${DEFAULT-VALUE}).")
    @ConfigName(key = "coldchain.topic.partitions", env = "COLDCHAIN_TOPIC_PARTITIONS")
    int partitions;

    @Option(names = "--security", defaultValue = "none", paramLabel = "none|scram",
            description = {"none (default): plaintext, no authorization.",
                "scram: SASL/SCRAM-SHA-512 and ACLs (KRaft StandardAuthorizer); creates the users admin, "
                        + LocalUsers.STREAMS + ", " + LocalUsers.INTEGRATOR + " and " + LocalUsers.OPS_CENTRE
                        + " with random passwords and the README's least-privilege ACLs, and prints each user's "
                        + "client settings."})
    Security security;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        final LocalKafkaSettings.Scram users = security == Security.scram
                ? LocalUsers.withRandomPasswords(new SecureRandom()) : null;
        final LocalKafka kafka = new LocalKafka(LocalKafkaSettings.builder()
                .brokerPort(port).controllerPort(controllerPort).dataDir(dataDir).scram(users).build());
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "coldchain-broker-shutdown"));
        final Path brokerLog = BrokerLog.toTemporaryFile();
        kafka.start();
        final TopicCatalogue catalogue = new TopicCatalogue(topicPrefix, partitions, AvroSerdes.local());
        kafka.createTopics(catalogue);
        if (users != null) {
            LocalUsers.grant(kafka, LocalUsers.acls(catalogue, LocalUsers.STREAMS), Duration.ofSeconds(30));
            System.out.println("Client settings per user (save one as FILE; 'streams --config-file FILE', "
                    + "'publish|export|score --client-config-file FILE', or any Kafka client):");
            System.out.println();
            for (final String user : List.of(LocalUsers.ADMIN, LocalUsers.STREAMS, LocalUsers.INTEGRATOR,
                    LocalUsers.OPS_CENTRE)) {
                System.out.println(LocalUsers.snippet(kafka, user));
            }
        }
        System.out.println("Kafka broker ready at " + kafka.bootstrapServers()
                + (users != null ? " (SASL/SCRAM-SHA-512, ACLs)" : "") + " (data: " + kafka.dataDir()
                + (brokerLog == null ? "" : "; log: " + brokerLog) + "); coldchain topics created. Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    /** Option values that cannot work, said before anything starts. */
    private void checkOptions() {
        checkPort("--port", port);
        checkPort("--controller-port", controllerPort);
        if (port != 0 && port == controllerPort) {
            throw new ParameterException(spec.commandLine(), "--port and --controller-port must differ, both are "
                    + port);
        }
        if (partitions < 1) {
            throw new ParameterException(spec.commandLine(), "--partitions must be at least 1, got " + partitions);
        }
        if (security == Security.scram && dataDir != null && Files.exists(dataDir.resolve("meta.properties"))) {
            throw new ParameterException(spec.commandLine(), "--security scram creates its users when the data "
                    + "directory is formatted, and " + dataDir + " already is: pass a new --data-dir, or none");
        }
    }

    private void checkPort(final String option, final int value) {
        if (value < 0 || value > 65_535) {
            throw new ParameterException(spec.commandLine(), option
                    + " must be within 0..65535 (0 = any free port), got " + value);
        }
    }
}
