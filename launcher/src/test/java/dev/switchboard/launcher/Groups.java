package dev.switchboard.launcher;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;

/** Waits on consumer groups, for tests that need work spread before they start. */
final class Groups {
    private Groups() {
    }

    /** Every agent's group has {@code members} members, each owning partitions. */
    static void awaitMembersWithPartitions(String bootstrap, List<String> agents, int members) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                var groups = admin.describeConsumerGroups(agents.stream().map(a -> "switchboard-agent-" + a).toList())
                        .all().get(10, TimeUnit.SECONDS);
                return groups.values().stream().allMatch(g -> g.members().size() == members
                        && g.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty()));
            });
        }
    }
}
