package dev.switchboard.orchestrator.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.message.Usage;
import dev.switchboard.contracts.message.Versioned;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The usage counters' label cardinality stays bounded whatever agent and model names the reports carry (decision 0024). */
class UsageMetersTest {
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final UsageMeters meters = new UsageMeters(registry);

    private static Report report(String agent, String model, long inputTokens) {
        UUID jobId = UUID.randomUUID();
        AgentResult result = AgentResult.ok(Task.create(jobId, agent, Document.ofText("x"), null, NOW, NOW.plusSeconds(60)),
                JsonNodeFactory.instance.objectNode(), model, new Usage(1, 0, inputTokens, 1, null), NOW, NOW);
        return new Report(Versioned.CURRENT_VERSION, jobId, Report.Status.COMPLETED, Map.of(agent, result), List.of(), List.of(),
                "done", NOW);
    }

    private double inputTokens(String agent, String model) {
        Counter c = registry.find("switchboard.usage.tokens").tags("agent", agent, "model", model, "direction", "input").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void shouldCountPairsPastTheCapUnderOtherAndKeepTheSeriesBounded() {
        // Given reports of more agent and model pairs than the cap (names longer than a tag may be, too)
        String longModel = "m".repeat(UsageMeters.MAX_TAG_CHARS + 50);
        for (int i = 0; i < UsageMeters.MAX_SERIES + 50; i++) {
            meters.record(report("agent-" + i, longModel, 2));
        }

        // When a pair within the cap reports again, and a new pair past it reports
        meters.record(report("agent-0", longModel, 3));
        meters.record(report("agent-new", "model-new", 5));

        // Then the first pairs have their own series (the model cut to the tag length), the rest count under other
        String cut = longModel.substring(0, UsageMeters.MAX_TAG_CHARS);
        assertThat(inputTokens("agent-0", cut)).isEqualTo(5);
        assertThat(inputTokens("agent-" + (UsageMeters.MAX_SERIES - 1), cut)).isEqualTo(2);
        assertThat(inputTokens("agent-" + UsageMeters.MAX_SERIES, cut)).isZero();
        assertThat(inputTokens("agent-new", "model-new")).isZero();
        assertThat(inputTokens(UsageMeters.OTHER, UsageMeters.OTHER)).isEqualTo(50 * 2 + 5);
        // and each counter has at most the cap plus one series
        assertThat(registry.find("switchboard.usage.calls").counters()).hasSize(UsageMeters.MAX_SERIES + 1);
    }
}
