package io.coldchain.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.kafka.LocalKafka;
import io.coldchain.kafka.LocalKafkaSettings;
import io.coldchain.streams.InputProgress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What only a broker shows: the end offset a {@code read_committed} reader sees (a transaction's records and its commit
 * marker count, an open transaction's do not) and the group's committed offset, as the sampler reads them.
 */
@DisplayName("The input progress sampler reads a partition's end and the application's commit from the broker")
class InputProgressSamplerIT {

    private static final String GROUP = "input-progress-it";

    @Test
    void shouldSampleTheEndAReadCommittedReaderSeesAndTheGroupsCommit() throws Exception {
        try (LocalKafka kafka = new LocalKafka(LocalKafkaSettings.defaults()).start();
             Admin admin = kafka.createAdmin()) {
            final TopicPartition partition = new TopicPartition("coldchain.it.readings", 0);
            admin.createTopics(List.of(new NewTopic(partition.topic(), 1, (short) 1))).all().get();
            try (KafkaProducer<String, String> plain = producer(kafka, null)) {
                for (int i = 0; i < 3; i++) {
                    plain.send(new ProducerRecord<>(partition.topic(), "SHP-1", "plain-" + i)).get(); // offsets 0..2
                }
            }
            final InputProgress progress = InputProgress.create();
            progress.watch(partition);
            try (InputProgressSampler sampler = new InputProgressSampler(kafka.clientProperties(), GROUP, progress);
                 KafkaProducer<String, String> transactional = producer(kafka, "input-progress-it-tx")) {
                transactional.initTransactions();
                transactional.beginTransaction();
                transactional.send(new ProducerRecord<>(partition.topic(), "SHP-1", "tx-0")); // offset 3
                transactional.send(new ProducerRecord<>(partition.topic(), "SHP-1", "tx-1")); // offset 4
                transactional.flush();
                final long open = System.currentTimeMillis();
                assertThat(sampler.sample()).isEqualTo(1);
                assertThat(progress.readPast(partition, open, 3, open)).as("an open transaction is not yet to read")
                        .isTrue();
                assertThat(progress.readPast(partition, open, 1, open)).isFalse();

                transactional.commitTransaction(); // its marker is offset 5, written by the coordinator soon after
                final long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (endOffset(admin, partition) < 6 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(endOffset(admin, partition)).as("the coordinator wrote the commit marker").isEqualTo(6);
                final long committed = System.currentTimeMillis();
                sampler.sample();
                assertThat(progress.readPast(partition, committed, 3, committed)).isFalse();
                assertThat(progress.readPast(partition, committed, 5, committed))
                        .as("read to the last record; the commit marker is not handed to a processor").isFalse();

                try (KafkaConsumer<String, String> group = consumer(kafka)) {
                    // A read_committed consumer's position steps over the marker: what Kafka Streams commits.
                    group.assign(List.of(partition));
                    group.seek(partition, 5);
                    group.poll(Duration.ofSeconds(5));
                    final long position = group.position(partition);
                    assertThat(position).as("past the marker").isEqualTo(6);
                    group.commitSync(Map.of(partition, new OffsetAndMetadata(position)));
                }
                sampler.sample();
                assertThat(progress.readPast(partition, committed, 5, committed))
                        .as("the application committed past the end").isTrue();
            }
        }
    }

    @Test
    void shouldDescribeATopicWatchedWholeAndCountWhatRetentionDeletedAsRead() throws Exception {
        try (LocalKafka kafka = new LocalKafka(LocalKafkaSettings.defaults()).start();
             Admin admin = kafka.createAdmin()) {
            final String topic = "coldchain.it.custody";
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
            final TopicPartition expiring = new TopicPartition(topic, 0);
            try (KafkaProducer<String, String> plain = producer(kafka, null)) {
                for (int i = 0; i < 3; i++) {
                    plain.send(new ProducerRecord<>(topic, 0, "SHP-1", "scan-" + i)).get(); // offsets 0..2
                }
            }
            final InputProgress progress = InputProgress.create();
            progress.watchTopic(topic, System.currentTimeMillis());
            try (InputProgressSampler sampler = new InputProgressSampler(kafka.clientProperties(), GROUP, progress)) {
                assertThat(sampler.sample()).as("both partitions, found by describing the topic").isEqualTo(2);
                assertThat(progress.committedUpTo(topic, System.currentTimeMillis()))
                        .as("three records the group has not read").isEqualTo(Long.MIN_VALUE);

                // Retention deletes them before the application ever read them: the group never commits there.
                admin.deleteRecords(Map.of(expiring, RecordsToDelete.beforeOffset(3))).all().get();
                final long deleted = System.currentTimeMillis();
                sampler.sample();
                assertThat(progress.committedUpTo(topic, System.currentTimeMillis()))
                        .as("nothing left to read on either partition").isGreaterThanOrEqualTo(deleted);
            }
        }
    }

    @Test
    void shouldCountAnAbortedTransactionAfterTheGroupsCommitAsNothingToReadButNotARecord() throws Exception {
        try (LocalKafka kafka = new LocalKafka(LocalKafkaSettings.defaults()).start();
             Admin admin = kafka.createAdmin()) {
            final TopicPartition partition = new TopicPartition("coldchain.it.plans", 0);
            admin.createTopics(List.of(new NewTopic(partition.topic(), 1, (short) 1))).all().get();
            try (KafkaProducer<String, String> plain = producer(kafka, null);
                 KafkaProducer<String, String> transactional = producer(kafka, "input-progress-it-abort");
                 KafkaConsumer<String, String> group = consumer(kafka)) {
                for (int i = 0; i < 3; i++) {
                    plain.send(new ProducerRecord<>(partition.topic(), "SHP-1", "plain-" + i)).get(); // offsets 0..2
                }
                group.assign(List.of(partition));
                group.commitSync(Map.of(partition, new OffsetAndMetadata(3))); // the application processed them
                // An integrator's transaction aborted: two records no read_committed reader gets, and the marker.
                transactional.initTransactions();
                transactional.beginTransaction();
                transactional.send(new ProducerRecord<>(partition.topic(), "SHP-2", "aborted-0"));
                transactional.send(new ProducerRecord<>(partition.topic(), "SHP-2", "aborted-1"));
                transactional.flush();
                transactional.abortTransaction();
                final long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (endOffset(admin, partition) < 6 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(endOffset(admin, partition)).as("the coordinator wrote the abort marker").isEqualTo(6);

                final InputProgress progress = InputProgress.create();
                progress.watch(partition);
                try (InputProgressSampler sampler = new InputProgressSampler(kafka.clientProperties(), GROUP, progress,
                        Duration.ZERO)) {
                    final long aborted = System.currentTimeMillis();
                    sampler.sample(); // the commit is seen below the end for the first time
                    assertThat(progress.readPast(partition, aborted, 0, System.currentTimeMillis()))
                            .as("not read from the commit yet").isFalse();
                    sampler.sample(); // it stood still: read from it, only the aborted records and the marker
                    assertThat(progress.readPast(partition, aborted, 0, System.currentTimeMillis()))
                            .as("nothing to read between the commit and the end").isTrue();

                    plain.send(new ProducerRecord<>(partition.topic(), "SHP-3", "plain-3")).get(); // offset 6
                    final long written = System.currentTimeMillis();
                    sampler.sample();
                    sampler.sample();
                    assertThat(progress.readPast(partition, written, 0, System.currentTimeMillis()))
                            .as("a record the application has still to process").isFalse();
                }
            }
        }
    }

    private static long endOffset(final Admin admin, final TopicPartition partition) throws Exception {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(partition).get().offset();
    }

    private static KafkaProducer<String, String> producer(final LocalKafka kafka, final String transactionalId) {
        final Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        if (transactionalId != null) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(final LocalKafka kafka) {
        final Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
