package dev.switchboard.orchestrator.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.AgentRegistration;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Versioned;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewBoundsTest {
    private static final Instant YEAR_1E9 = Instant.parse("+1000000000-01-01T00:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ViewBounds bounds = new ViewBounds(Duration.ofHours(24), registry);

    private double clamped(String field) {
        return registry.get("switchboard.orchestrator.view.clamped").tag("field", field).counter().count();
    }

    @Test
    void shouldClampADeadlineInTheYearOneBillionToTheLongestDeadline() {
        // Given a manifest whose deadline overflows epoch milliseconds
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        JobManifest hostile = JobManifest.create(Ids.newId(), List.of("sentiment"), now, YEAR_1E9, null, Map.of());

        // When the view bounds it
        JobManifest m = bounds.manifest(hostile, "switchboard.jobs-0@7");

        // Then the deadline is the longest one the API grants, and counted
        assertThat(m.deadline()).isEqualTo(now.plus(Duration.ofHours(24)));
        assertThat(m.deadline().toEpochMilli()).isPositive();
        assertThat(clamped("deadline")).isEqualTo(1);
    }

    @Test
    void shouldClampASubmissionTimeBeyondTheYear9999SoArithmeticCannotOverflow() {
        JobManifest hostile = JobManifest.create(Ids.newId(), List.of("sentiment"), Instant.MAX, Instant.MAX, null, Map.of());

        JobManifest m = bounds.manifest(hostile, "here");

        assertThat(m.submittedAt()).isEqualTo(ViewBounds.LATEST);
        assertThat(m.deadline()).isEqualTo(ViewBounds.LATEST);
        assertThat(m.deadline().plus(Duration.ofDays(1)).toEpochMilli()).isPositive();
    }

    @Test
    void shouldTrimHugeMetadataAndAgentListsAndDropAHugeCallbackUrl() {
        // Given 1 000 metadata entries of 2 000 characters, 1 000 agents and a 1 MB callback URL
        Map<String, String> metadata = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            metadata.put("k" + i, "v".repeat(2000));
        }
        List<String> agents = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "agent-" + i).toList();
        Instant now = Instant.now();
        JobManifest hostile = JobManifest.create(Ids.newId(), agents, now, now.plusSeconds(60),
                "https://example.com/" + "x".repeat(1_000_000), metadata);

        // When the view bounds it
        JobManifest m = bounds.manifest(hostile, "here");

        // Then what it keeps is within the API's own limits
        assertThat(m.metadata()).hasSize(ViewBounds.MAX_METADATA_ENTRIES)
                .allSatisfy((k, v) -> assertThat(v).hasSize(ViewBounds.MAX_METADATA_CHARS));
        assertThat(m.agents()).hasSize(ViewBounds.MAX_AGENTS);
        assertThat(m.callbackUrl()).isNull();
        assertThat(m.deadline()).isEqualTo(hostile.deadline());
    }

    @Test
    void shouldLeaveAnOrdinaryManifestAsItIs() {
        Instant now = Instant.now();
        JobManifest ordinary = JobManifest.create(Ids.newId(), List.of("sentiment"), now, now.plusSeconds(300),
                "https://example.com/hook", Map.of("source", "test"));

        assertThat(bounds.manifest(ordinary, "here")).isSameAs(ordinary);
        assertThat(registry.find("switchboard.orchestrator.view.clamped").counters()).isEmpty();
    }

    @Test
    void shouldKeepAManifestsWorkflowWithoutItsDocumentAndOnlyTheNeedsAmongTheAgentsItKeeps() {
        // Given a manifest of 1 000 agents whose needs name agents kept and cut, with the document later stages work on
        List<String> agents = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "agent-" + i).toList();
        Instant now = Instant.now();
        JobManifest staged = new JobManifest(Versioned.CURRENT_VERSION, Ids.newId(), agents, now, now.plusSeconds(60), null,
                Map.of(), null, null, null, Map.of("agent-2", List.of("agent-0", "agent-1"), "agent-3", List.of("agent-999"),
                "agent-998", List.of("agent-0")), Document.ofText("x".repeat(100_000)));
        JobManifest ordinary = staged.withWorkflow(dev.switchboard.contracts.message.AgentGraph.of(
                Map.of("agent-2", List.of("agent-0"))), Document.ofText("small"));

        // When the view bounds them
        JobManifest trimmed = bounds.manifest(staged, "here");
        JobManifest kept = bounds.manifest(ordinary, "here");

        // Then neither keeps the document, and the trimmed one keeps only the needs among its 256 agents
        assertThat(trimmed.document()).isNull();
        assertThat(trimmed.needs()).containsOnlyKeys("agent-2").containsEntry("agent-2", List.of("agent-0", "agent-1"));
        assertThat(kept.document()).isNull();
        assertThat(kept.needs()).isEqualTo(ordinary.needs()).isNotEmpty();
    }

    @Test
    void shouldBoundEventMessagesAndHeartbeats() {
        JobEvent event = new JobEvent(Versioned.CURRENT_VERSION, Ids.newId(), JobEvent.Type.TASK_FAILED, "sentiment", null, 1,
                "m".repeat(1_900_000), YEAR_1E9);
        AgentRegistration registration = new AgentRegistration(Versioned.CURRENT_VERSION, "sentiment", "i-1", "x", null, 1,
                AgentRegistration.Status.UP, YEAR_1E9, YEAR_1E9);

        JobEvent e = bounds.event(event, "here");
        AgentRegistration r = bounds.registration(registration, "here");

        assertThat(e.message()).hasSize(ViewBounds.MAX_MESSAGE_CHARS);
        assertThat(e.at()).isEqualTo(ViewBounds.LATEST);
        assertThat(r.heartbeatAt().plus(Duration.ofSeconds(45))).isAfter(ViewBounds.LATEST);
    }
}
