package dev.switchboard.core.testagents;

import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.contracts.message.Task;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A test agent written against the public SDK only, whose behaviour each test scripts. */
public final class ScriptedAgent implements Agent<Echo> {

    /** What the agent does with one task. */
    @FunctionalInterface
    public interface Behaviour {
        Echo handle(Task task, AgentContext context) throws Exception;
    }

    private final String name;
    private final Behaviour behaviour;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private final Set<UUID> taskIds = ConcurrentHashMap.newKeySet();

    public ScriptedAgent(String name, Behaviour behaviour) {
        this.name = name;
        this.behaviour = behaviour;
    }

    public static ScriptedAgent echo(String name) {
        return new ScriptedAgent(name, (task, ctx) -> new Echo(task.document().text(), ctx.attempt()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Class<Echo> outputType() {
        return Echo.class;
    }

    @Override
    public Echo handle(Task task, AgentContext context) throws Exception {
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
