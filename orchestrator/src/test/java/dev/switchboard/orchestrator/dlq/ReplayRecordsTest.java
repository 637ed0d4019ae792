package dev.switchboard.orchestrator.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.message.Versioned;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReplayRecordsTest {
    private static final Instant SUBMITTED = Instant.parse("2026-11-29T10:00:00Z");

    private static Task task(UUID jobId, String agent, int attempt) {
        return new Task(Versioned.CURRENT_VERSION, jobId, Ids.taskId(jobId, agent), agent, attempt, Document.ofText("doc"), null,
                SUBMITTED, SUBMITTED.plusSeconds(60));
    }

    @Test
    void shouldReplayALaterStagesTaskWithTheInputsItWasReleasedWith() {
        // Given the dead letter of a synthesis task released with the summary's result (decision 0030), days past its deadline
        UUID jobId = Ids.newId();
        AgentResult summary = AgentResult.ok(task(jobId, "summary", 1), JsonNodeFactory.instance.objectNode().put("summary", "s"),
                "offline", null, SUBMITTED, SUBMITTED);
        Task dead = task(jobId, "synthesis", 4).withInputs(Map.of("summary", summary));

        // When it is replayed
        Task replayed = ReplayRecords.replayed(dead, SUBMITTED.plusSeconds(3 * 86_400));

        // Then it starts again at attempt 1 with the same id, a new deadline and the same inputs
        assertThat(replayed.attempt()).isEqualTo(1);
        assertThat(replayed.taskId()).isEqualTo(dead.taskId());
        assertThat(replayed.deadline()).isAfter(dead.deadline());
        assertThat(replayed.inputs()).isEqualTo(dead.inputs()).containsOnlyKeys("summary");
    }
}
