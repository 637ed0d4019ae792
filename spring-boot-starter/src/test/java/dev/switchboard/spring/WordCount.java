package dev.switchboard.spring;

import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.Prompt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A test agent that counts words offline; with a closed gate each task waits in {@code handle} until it opens. */
final class WordCount implements Agent<WordCount.Count> {
    record Count(int words) {
    }

    private final String name;
    final CountDownLatch gate;
    final AtomicInteger started = new AtomicInteger();

    WordCount(String name, boolean gated) {
        this.name = name;
        this.gate = new CountDownLatch(gated ? 1 : 0);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Count handle(AgentTask task, AgentContext context) throws Exception {
        started.incrementAndGet();
        if (!gate.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never opened the gate");
        }
        return context.llm().generate(Prompt.forDocument("You count words.", "Count the words.", task.text()), Count.class);
    }

    @Override
    public OfflineModel<Count> offlineModel() {
        return task -> new Count(task.text().split("\\s+").length);
    }
}
