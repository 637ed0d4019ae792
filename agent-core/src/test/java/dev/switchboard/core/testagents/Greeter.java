package dev.switchboard.core.testagents;

import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.AgentTask;

/** A test agent found by {@link java.util.ServiceLoader} (listed in the test resources' services file). */
public class Greeter implements Agent<Echo> {
    @Override
    public String name() {
        return "greeter";
    }

    @Override
    public Echo handle(AgentTask task, AgentContext context) {
        return new Echo("hello " + task.text(), task.attempt());
    }

    /** Another class with the same agent name, which discovery must refuse. */
    public static final class Twin extends Greeter {
    }
}
