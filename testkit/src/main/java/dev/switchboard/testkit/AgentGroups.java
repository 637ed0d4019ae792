package dev.switchboard.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.awaitility.Awaitility;

/** Looks at agents' consumer groups, for tests and benchmarks that need work spread before they start. */
public final class AgentGroups {
    private AgentGroups() {
    }

    /**
     * Blocks until every agent's group ({@code switchboard-agent-<name>}) has exactly {@code members} members and each
     * of them owns a partition of that agent's task topic; Awaitility's timeout error after {@code timeout}.
     */
    public static void awaitMembersWithTaskPartitions(String bootstrap, List<String> agents, int members, Duration timeout) {
        Awaitility.await("groups of " + agents + " with " + members + " member(s) owning task partitions").atMost(timeout)
                .pollInterval(Duration.ofMillis(250)).until(() -> haveMembersWithTaskPartitions(bootstrap, agents, members));
    }

    /** Whether every agent's group has exactly {@code members} members, each owning a partition of the agent's task topic. */
    public static boolean haveMembersWithTaskPartitions(String bootstrap, List<String> agents, int members) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<String, ConsumerGroupDescription> groups;
            try {
                groups = admin.describeConsumerGroups(agents.stream().map(a -> "switchboard-agent-" + a).toList()).all()
                        .get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException notYet) {
                return false; // a group does not exist until its first member joins
            }
            return agents.stream().allMatch(agent -> {
                ConsumerGroupDescription g = groups.get("switchboard-agent-" + agent);
                String tasks = "switchboard.tasks." + agent;
                return g != null && g.members().size() == members && g.members().stream()
                        .allMatch(m -> m.assignment().topicPartitions().stream().anyMatch(tp -> tp.topic().equals(tasks)));
            });
        }
    }
}
