package io.coldchain.cli;

import io.coldchain.schemas.Alert;
import io.coldchain.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows the alerts topic as an operations centre would ({@code read_committed}, so only alerts of
 * committed transactions) and hands each alert to a sink, on its own thread.
 */
final class AlertPrinter implements AutoCloseable {

    private final KafkaConsumer<String, Alert> consumer;
    private final Thread thread;
    private final AtomicLong count = new AtomicLong();
    private volatile boolean running = true;

    AlertPrinter(final String bootstrapServers, final TopicSpec<String, Alert> alerts, final Consumer<Alert> sink) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "coldchain-demo-printer-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                alerts.keySerde().deserializer(), alerts.valueSerde().deserializer());
        consumer.subscribe(List.of(alerts.name()));
        this.thread = new Thread(() -> {
            try {
                while (running) {
                    for (final ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofMillis(200))) {
                        count.incrementAndGet();
                        sink.accept(record.value());
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }, "coldchain-alert-printer");
        thread.setDaemon(true);
    }

    AlertPrinter start() {
        thread.start();
        return this;
    }

    long count() {
        return count.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
