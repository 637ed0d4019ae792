package dev.switchboard.spring;

import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code switchboard} in {@code /actuator/health}: UP with each agent's state while every worker consumes, DOWN with the
 * cause once one has stopped on its own.
 */
final class SwitchboardHealthIndicator implements HealthIndicator {
    private final AgentWorkers workers;

    SwitchboardHealthIndicator(AgentWorkers workers) {
        this.workers = workers;
    }

    @Override
    public Health health() {
        Map<String, AgentWorkers.State> states = workers.states();
        Health.Builder health = states.containsValue(AgentWorkers.State.FAILED) ? Health.down() : Health.up();
        health.withDetail("agents", states);
        workers.failures().forEach((agent, failure) -> health.withDetail(agent + ".failure", String.valueOf(failure)));
        return health.build();
    }
}
