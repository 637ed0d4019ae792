package dev.switchboard.core.testagents;

import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.OfflineModel;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A test agent written against the public SDK only, whose behaviour each test scripts. */
public class ScriptedAgent implements Agent<Echo> {

    /** What the agent does with one task. */
    @FunctionalInterface
    public interface Behaviour {
        Echo handle(AgentTask task, AgentContext context) throws Exception;
    }

    private final String name;
    private final Behaviour behaviour;
    private final OfflineModel<Echo> offlineModel;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private final Set<UUID> taskIds = ConcurrentHashMap.newKeySet();

    public ScriptedAgent(String name, Behaviour behaviour) {
        this(name, behaviour, OfflineModel.none());
    }

    public ScriptedAgent(String name, Behaviour behaviour, OfflineModel<Echo> offlineModel) {
        this.name = name;
        this.behaviour = behaviour;
        this.offlineModel = offlineModel;
    }

    public static ScriptedAgent echo(String name) {
        return new ScriptedAgent(name, (task, ctx) -> new Echo(task.text(), task.attempt()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public OfflineModel<Echo> offlineModel() {
        return offlineModel;
    }

    @Override
    public Echo handle(AgentTask task, AgentContext context) throws Exception {
        calls.incrementAndGet();
        taskIds.add(task.taskId());
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            return behaviour.handle(task, context);
        } finally {
            running.decrementAndGet();
        }
    }

    public int calls() {
        return calls.get();
    }

    public int maxConcurrent() {
        return maxRunning.get();
    }

    public int running() {
        return running.get();
    }

    public Set<UUID> seenTaskIds() {
        return taskIds;
    }
}
