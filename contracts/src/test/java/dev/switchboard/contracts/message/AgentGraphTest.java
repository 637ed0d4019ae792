package dev.switchboard.contracts.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AgentGraphTest {

    @Test
    void shouldPutEveryNeedBeforeItsFirstDependentAndNumberTheStages() {
        // Given a diamond: b and c need a, d needs b and c
        AgentGraph graph = AgentGraph.of(Map.of("b", List.of("a"), "c", List.of("a"), "d", List.of("b", "c")));

        // Then asking for d runs all four, each after what it needs, and d is stage 3
        assertThat(graph.closure(List.of("d"))).containsExactly("a", "b", "c", "d");
        assertThat(graph.closure(List.of("c", "x"))).containsExactly("a", "c", "x");
        assertThat(graph.stage("a")).isEqualTo(1);
        assertThat(graph.stage("b")).isEqualTo(2);
        assertThat(graph.stage("d")).isEqualTo(3);
        assertThat(graph.stages(List.of("a", "b"))).isEqualTo(2);
        assertThat(graph.restrictedTo(List.of("a", "b")).asMap()).containsOnlyKeys("b");
    }

    @Test
    void shouldRefuseACycleAndNameIt() {
        Map<String, List<String>> needs = new LinkedHashMap<>();
        needs.put("translate", List.of("summary"));
        needs.put("summary", List.of("verify"));
        needs.put("verify", List.of("translate"));

        assertThatThrownBy(() -> AgentGraph.of(needs)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle: translate \u2192 summary \u2192 verify \u2192 translate");
        assertThatThrownBy(() -> AgentGraph.of(Map.of("a", List.of("a")))).hasMessageContaining("cycle: a \u2192 a");
    }

    @Test
    void shouldWalkAWideLatticeWithoutRevisitingPaths() {
        // Given 120 layers of two agents, each needing both of the layer below (2^119 paths to the bottom)
        Map<String, List<String>> needs = new LinkedHashMap<>();
        for (int layer = 1; layer < 120; layer++) {
            List<String> below = List.of("l" + (layer - 1) + "a", "l" + (layer - 1) + "b");
            needs.put("l" + layer + "a", below);
            needs.put("l" + layer + "b", below);
        }

        // Then the stage of the top is found at once
        assertThat(AgentGraph.of(needs).stage("l119a")).isEqualTo(120);
    }

    @Test
    void shouldRefuseAManifestWhoseNeedsNameAnAgentItDoesNotRun() {
        Instant now = Instant.now();
        assertThatThrownBy(() -> new JobManifest(1, UUID.randomUUID(), List.of("synthesis"), now, now.plusSeconds(60), null,
                null, null, null, null, Map.of("synthesis", List.of("summary")), Document.ofText("x")))
                .hasMessageContaining("summary");
    }

    @Test
    void shouldCarryAWorkflowInTheManifestAndInputsInATaskThroughJson() {
        // Given a manifest running synthesis after summary, and synthesis's task with summary's result as input
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        UUID job = UUID.randomUUID();
        JobManifest manifest = JobManifest.create(job, List.of("summary", "synthesis"), now, now.plusSeconds(60), null, null)
                .withWorkflow(AgentGraph.of(Map.of("synthesis", List.of("summary"), "other", List.of("x"))), Document.ofText("doc"));
        Task summary = Task.create(job, "summary", Document.ofText("doc"), null, now, now.plusSeconds(60));
        AgentResult result = AgentResult.ok(summary, Json.toTree(Map.of("summary", "s")), "offline", null, now, now);
        Task synthesis = Task.create(job, "synthesis", Document.ofText("doc"), null, now, now.plusSeconds(60))
                .withInputs(Map.of("summary", result)).nextAttempt();

        // When they go through JSON
        JobManifest readManifest = Json.fromBytes(Json.toBytes(manifest), JobManifest.class);
        Task readTask = Json.fromBytes(Json.toBytes(synthesis), Task.class);

        // Then the workflow keeps only the job's own agents, the document comes along, and the input survives a retry
        assertThat(readManifest.needs()).containsExactly(Map.entry("synthesis", List.of("summary")));
        assertThat(readManifest.document().text()).isEqualTo("doc");
        assertThat(readManifest.firstStage()).containsExactly("summary");
        assertThat(readManifest.withoutDocument().document()).isNull();
        assertThat(readTask.inputs()).containsOnlyKeys("summary");
        assertThat(readTask.inputs().get("summary").output().get("summary").asText()).isEqualTo("s");
        // and a first-stage task or manifest writes no workflow fields at all
        assertThat(Json.toString(summary)).doesNotContain("inputs");
        assertThat(Json.toString(JobManifest.create(job, List.of("a"), now, now, null, null))).doesNotContain("needs")
                .doesNotContain("document");
    }
}
