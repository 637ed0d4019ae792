package dev.switchboard.orchestrator.view;

import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts what the jobs' model calls cost, by agent and model, from each report that arrives while the orchestrator runs
 * (never from the replay at start, so the counters do not jump at every restart: decision 0024):
 * {@code switchboard.usage.calls}, {@code switchboard.usage.replayed.calls}, {@code switchboard.usage.tokens{direction}}
 * and {@code switchboard.usage.cost}, each tagged {@code agent} and {@code model}. At most {@link #MAX_SERIES} agent and
 * model pairs get their own series; more count under agent and model {@value #OTHER}, so a foreign writer cannot grow the registry.
 */
public final class UsageMeters {
    static final int MAX_SERIES = 200;
    static final int MAX_TAG_CHARS = 64;
    static final String OTHER = "other";
    private final MeterRegistry registry;
    private final Set<String> series = ConcurrentHashMap.newKeySet();

    public UsageMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one report's results: each agent's usage under the model its result names. */
    public void record(Report report) {
        for (Map.Entry<String, AgentResult> e : report.results().entrySet()) {
            Usage u = e.getValue().usage();
            if (u.calls() == 0 && u.totalTokens() == 0 && u.estimatedCost() == null) {
                continue;
            }
            String agent = tag(e.getKey());
            String model = tag(e.getValue().model());
            if (!ownSeries(agent, model)) {
                agent = OTHER;
                model = OTHER;
            }
            count("switchboard.usage.calls", "Model answers the jobs used, replayed ones included", agent, model, null, u.calls());
            count("switchboard.usage.replayed.calls", "Model answers replayed from the call journal instead of paid again",
                    agent, model, null, u.replayedCalls());
            count("switchboard.usage.tokens", "Tokens of the answers the jobs used", agent, model, "input", u.inputTokens());
            count("switchboard.usage.tokens", "Tokens of the answers the jobs used", agent, model, "output", u.outputTokens());
            if (u.estimatedCost() != null) {
                count("switchboard.usage.cost", "Estimated cost of the jobs' model calls, from the agents' price table",
                        agent, model, null, u.estimatedCost());
            }
        }
    }

    private boolean ownSeries(String agent, String model) {
        String pair = agent + '\n' + model;
        return series.contains(pair) || series.size() < MAX_SERIES && series.add(pair);
    }

    private void count(String name, String description, String agent, String model, String direction, double amount) {
        Counter.Builder b = Counter.builder(name).description(description).tag("agent", agent).tag("model", model);
        if (direction != null) {
            b.tag("direction", direction);
        }
        b.register(registry).increment(amount);
    }

    private static String tag(String s) {
        if (s == null || s.isBlank()) {
            return "unknown";
        }
        return s.length() > MAX_TAG_CHARS ? s.substring(0, MAX_TAG_CHARS) : s;
    }
}
