package dev.switchboard.contracts.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UsageAndBudgetTest {
    private final Instant now = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void shouldReadAResultWrittenBeforeCallsAndCostWereCountedAsZeroCallsAndNoCost() {
        String json = "{\"version\":1,\"jobId\":\"" + UUID.randomUUID() + "\",\"taskId\":\"" + UUID.randomUUID()
                + "\",\"agent\":\"a\",\"status\":\"OK\",\"output\":{},\"attempts\":1,\"model\":\"m\","
                + "\"usage\":{\"inputTokens\":12,\"outputTokens\":3},\"startedAt\":\"2026-11-29T12:00:00Z\","
                + "\"finishedAt\":\"2026-11-29T12:00:01Z\"}";
        AgentResult result = JsonSerde.of(AgentResult.class).deserialize("r", json.getBytes(StandardCharsets.UTF_8));
        assertThat(result.usage()).isEqualTo(new Usage(0, 0, 12, 3, null));
    }

    @Test
    void shouldSumUsageAndKeepCostUnknownOnlyWhenNoCallWasPriced() {
        Usage paid = Usage.ofCall(100, 20, 0.5);
        Usage replayed = Usage.ofReplay(10, 2, null);
        assertThat(paid.plus(replayed)).isEqualTo(new Usage(2, 1, 110, 22, 0.5));
        assertThat(replayed.plus(paid)).isEqualTo(new Usage(2, 1, 110, 22, 0.5));
        assertThat(replayed.plus(replayed).estimatedCost()).isNull();
        assertThat(paid.plus(paid).estimatedCost()).isEqualTo(1.0);
        assertThatThrownBy(() -> new Usage(-1, 0, 0, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Usage(0, 0, 0, 0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTotalAReportsUsagePerAgentAndPerJobAndWriteIt() {
        Task a = Task.create(Ids.newId(), "sentiment", Document.ofText("x"), null, now, now.plusSeconds(60));
        Task b = Task.create(a.jobId(), "summary", Document.ofText("x"), null, now, now.plusSeconds(60));
        Map<String, AgentResult> results = new LinkedHashMap<>();
        results.put("sentiment", AgentResult.ok(a, Json.toTree(Map.of()), "m", Usage.ofCall(100, 10, 0.25), now, now));
        results.put("summary", AgentResult.ok(b, Json.toTree(Map.of()), "m",
                Usage.ofCall(50, 5, 0.5).plus(Usage.ofReplay(7, 1, null)), now, now));
        Report report = new Report(1, a.jobId(), Report.Status.COMPLETED, results, List.of(), List.of(), "s", now);

        assertThat(report.usage().total()).isEqualTo(new Usage(3, 1, 157, 16, 0.75));
        assertThat(report.usage().byAgent()).containsOnlyKeys("sentiment", "summary");
        JsonNode json = Json.fromBytes(JsonSerde.of(Report.class).serialize("r", report), JsonNode.class);
        assertThat(json.path("usage").path("total").path("replayedCalls").asLong()).isEqualTo(1);
        assertThat(json.path("usage").path("byAgent").path("summary").path("calls").asLong()).isEqualTo(2);
        assertThat(JsonSerde.of(Report.class).deserialize("r", JsonSerde.of(Report.class).serialize("r", report))).isEqualTo(report);
    }

    @Test
    void shouldShareAJobBudgetOutAmongItsTasksAndCarryItAcrossAttempts() {
        Budget job = new Budget(1000);
        assertThat(job.perTask(3)).isEqualTo(new Budget(333));
        assertThat(new Budget(2).perTask(5)).isEqualTo(new Budget(1));
        assertThatThrownBy(() -> new Budget(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Budget(Budget.MAX_TOKENS + 1)).isInstanceOf(IllegalArgumentException.class);

        Task task = Task.create(Ids.newId(), "a", Document.ofText("x"), null, now, now.plusSeconds(60)).withBudget(job.perTask(3));
        Task again = JsonSerde.of(Task.class).deserialize("t", JsonSerde.of(Task.class).serialize("t", task)).nextAttempt();
        assertThat(again.budget()).isEqualTo(new Budget(333));
        assertThat(again.attempt()).isEqualTo(2);
    }
}
