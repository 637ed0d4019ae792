package dev.switchboard.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.awaitility.Awaitility;

/**
 * Scenario 10: agents past the partition count (decision 0038). The scaling method ({@link AgentDrain}) with the agent
 * processes in share mode ({@code SWITCHBOARD_AGENT_CONSUMPTION=share}) on a {@value #PARTITIONS}-partition task topic:
 * 1 process, then {@value #PROCESSES}; {@code share_scaling_12} = tasks/s of {@value #PROCESSES} ÷ ({@value #PROCESSES} × 1).
 * A consumer group could use at most {@value #PARTITIONS} of them.
 */
final class ShareScalingScenario {
    static final String AGENT = "share-bench";
    static final int PARTITIONS = 6;
    static final int PROCESSES = 12;

    record Result(double oneProcess, double manyProcesses) {
        double efficiency() {
            return manyProcesses / (PROCESSES * oneProcess);
        }
    }

    private ShareScalingScenario() {
    }

    static Result run(String bootstrap, Path jar, boolean quick) throws Exception {
        AgentDrain drain = new AgentDrain(bootstrap, jar, AGENT, PARTITIONS, Map.of("SWITCHBOARD_AGENT_CONSUMPTION", "share"));
        int perInstance = quick ? 120 : 400;
        double one = drain.run(1, perInstance, ShareScalingScenario::awaitShareMembers, false).tasksPerSecond();
        double many = drain.run(PROCESSES, perInstance, ShareScalingScenario::awaitShareMembers, false).tasksPerSecond();
        return new Result(one, many);
    }

    /** Blocks until the agent's share group has {@code members} members, each assigned a partition of its task topic. */
    static void awaitShareMembers(String bootstrap, String agent, int members) {
        String group = "switchboard-agent-" + agent;
        String tasks = "switchboard.tasks." + agent;
        Awaitility.await("share group " + group + " with " + members + " member(s)").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                        ShareGroupDescription g = admin.describeShareGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
                        return g != null && g.members().size() == members && g.members().stream()
                                .allMatch(m -> m.assignment().topicPartitions().stream().anyMatch(tp -> tp.topic().equals(tasks)));
                    } catch (ExecutionException | TimeoutException notYet) {
                        return false; // the group does not exist until its first member joins
                    }
                });
    }
}
