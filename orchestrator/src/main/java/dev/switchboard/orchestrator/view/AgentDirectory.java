package dev.switchboard.orchestrator.view;

import dev.switchboard.contracts.message.AgentRegistration;
import dev.switchboard.orchestrator.port.AgentType;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Agent types and their instances, as announced on {@code switchboard.agents}. */
public final class AgentDirectory {
    private final Map<String, Map<String, AgentRegistration>> byAgent = new ConcurrentHashMap<>();
    private final Duration liveWithin;

    public AgentDirectory(Duration liveWithin) {
        this.liveWithin = liveWithin;
    }

    void register(AgentRegistration r) {
        byAgent.computeIfAbsent(r.agent(), a -> new ConcurrentHashMap<>()).merge(r.instanceId(), r,
                (old, fresh) -> fresh.heartbeatAt().isBefore(old.heartbeatAt()) ? old : fresh);
    }

    /** Every agent name ever announced. */
    public Set<String> names() {
        return Set.copyOf(byAgent.keySet());
    }

    public List<AgentType> types(Instant now) {
        Map<String, AgentType> sorted = new TreeMap<>();
        byAgent.forEach((name, instances) -> {
            List<AgentRegistration> newestFirst = instances.values().stream()
                    .sorted(Comparator.comparing(AgentRegistration::heartbeatAt).reversed())
                    .toList();
            List<AgentType.Instance> list = newestFirst.stream()
                    .map(r -> new AgentType.Instance(r.instanceId(), r.status().name(), isLive(r, now), r.concurrency(), r.startedAt(),
                            r.heartbeatAt(), r.signals()))
                    .toList();
            AgentRegistration newest = newestFirst.get(0);
            sorted.put(name, new AgentType(name, (int) list.stream().filter(AgentType.Instance::live).count(), newest.heartbeatAt(),
                    newest.outputSchema(), list, AgentSignals.combine(newestFirst.stream().filter(r -> isLive(r, now)).toList())));
        });
        return List.copyOf(sorted.values());
    }

    private boolean isLive(AgentRegistration r, Instant now) {
        return r.status() == AgentRegistration.Status.UP && r.heartbeatAt().plus(liveWithin).isAfter(now);
    }
}
