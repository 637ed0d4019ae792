package dev.switchboard.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

/** Waits on agents' consumer groups, for tests and benchmarks that need work spread before they start. */
public final class AgentGroups {
    private AgentGroups() {
    }

    /**
     * Blocks until every agent's group ({@code switchboard-agent-<name>}) has exactly {@code members} members and each
     * of them owns a partition of that agent's task topic; throws {@link IllegalStateException} after {@code timeout}.
     */
    public static void awaitMembersWithTaskPartitions(String bootstrap, List<String> agents, int members, Duration timeout) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!settled(admin, agents, members)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Groups of " + agents + " did not reach " + members + " member(s) with task partitions within "
                            + timeout);
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for agent groups", e);
        }
    }

    private static boolean settled(Admin admin, List<String> agents, int members) throws InterruptedException {
        Map<String, ConsumerGroupDescription> groups;
        try {
            groups = admin.describeConsumerGroups(agents.stream().map(a -> "switchboard-agent-" + a).toList()).all()
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
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
