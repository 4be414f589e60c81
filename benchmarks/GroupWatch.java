import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches one consumer group for benchmarks/standby-failover.sh: every INTERVAL ms it describes the group and reads
 * its committed offsets, and prints a line (epoch milliseconds first) whenever something changed:
 * <pre>
 *   MS group STATE MEMBER=topic-p,topic-p MEMBER=...     the group's state and every member's assigned partitions
 *   MS offset topic-p OFFSET                             a committed offset that moved (under exactly-once: a
 *                                                        transaction of the task owning the partition committed)
 *   MS error MESSAGE                                     a request that failed (the poll goes on)
 * </pre>
 * Run with the launcher's jar on the class path (kafka-clients is in it), as a single-file program:
 * {@code java -cp cli/target/coldchain-cli-*-all.jar benchmarks/GroupWatch.java BOOTSTRAP GROUP INTERVAL_MS}.
 * Not part of the build (outside src/).
 */
public final class GroupWatch {

    public static void main(final String[] args) throws Exception {
        final String group = args[1];
        final long interval = Long.parseLong(args[2]);
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "standby-failover-watch");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(props)) {
            String lastGroup = "";
            final Map<TopicPartition, Long> lastOffsets = new HashMap<>();
            while (true) {
                final long t = System.currentTimeMillis();
                try {
                    final ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group))
                            .describedGroups().get(group).get();
                    final StringBuilder line = new StringBuilder(d.groupState().toString());
                    final Map<String, String> members = new TreeMap<>();
                    for (final MemberDescription m : d.members()) {
                        final TreeSet<String> parts = new TreeSet<>();
                        m.assignment().topicPartitions().forEach(tp -> parts.add(tp.toString()));
                        members.put(m.consumerId(), String.join(",", parts));
                    }
                    members.forEach((id, parts) -> line.append(' ').append(id).append('=').append(parts));
                    if (!line.toString().equals(lastGroup)) {
                        System.out.println(t + " group " + line);
                        lastGroup = line.toString();
                    }
                    final Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata().get();
                    final List<String> moved = new ArrayList<>();
                    offsets.forEach((tp, om) -> {
                        if (om != null && !Long.valueOf(om.offset()).equals(lastOffsets.put(tp, om.offset()))) {
                            moved.add(t + " offset " + tp + " " + om.offset());
                        }
                    });
                    moved.forEach(System.out::println);
                } catch (ExecutionException e) {
                    System.out.println(t + " error " + e.getCause());
                }
                System.out.flush();
                Thread.sleep(Math.max(0, interval - (System.currentTimeMillis() - t)));
            }
        }
    }
}
