package io.coldchain.cli;

import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.serde.AvroSerdes;
import io.coldchain.topics.TopicCatalogue;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coldchain broker}: a standalone local Kafka broker with the catalogue's topics. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a local single-node Kafka broker (KRaft) with coldchain's topics until stopped (Ctrl-C).")
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "${env:COLDCHAIN_BROKER_PORT:-9092}",
            description = "Client port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--controller-port", defaultValue = "${env:COLDCHAIN_CONTROLLER_PORT:-9093}",
            description = "KRaft controller port (default ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--data-dir", description = "Keep the broker's data here across restarts (default: a temporary directory deleted on exit).")
    Path dataDir;

    @Option(names = "--topic-prefix", defaultValue = TopicCatalogue.DEFAULT_PREFIX, description = "Prefix of the topics to create (default ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions per topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        final LocalKafka kafka = new LocalKafka(LocalKafkaSettings.builder()
                .brokerPort(port).controllerPort(controllerPort).dataDir(dataDir).build());
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "coldchain-broker-shutdown"));
        kafka.start();
        kafka.createTopics(new TopicCatalogue(topicPrefix, partitions, AvroSerdes.local()));
        System.out.println("Kafka broker ready at " + kafka.bootstrapServers() + " (data: " + kafka.dataDir()
                + "); coldchain topics created. Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
