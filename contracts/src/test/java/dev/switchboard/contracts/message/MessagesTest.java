package dev.switchboard.contracts.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class MessagesTest {
    private final Instant now = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void shouldWriteVersionAndIsoDatesAndReadTheSameTaskBack() {
        Task task = Task.create(Ids.newId(), "sentiment", Document.ofText("Great product."), null, now, now.plusSeconds(60));
        JsonSerde<Task> serde = JsonSerde.of(Task.class);

        byte[] bytes = serde.serialize("t", task);
        JsonNode json = Json.fromBytes(bytes, JsonNode.class);

        assertThat(json.path("version").asInt()).isEqualTo(1);
        assertThat(json.path("submittedAt").asText()).isEqualTo("2026-11-28T12:00:00Z");
        assertThat(json.path("document").path("contentType").asText()).isEqualTo("text/plain");
        assertThat(serde.deserialize("t", bytes)).isEqualTo(task);
    }

    @Test
    void shouldIgnoreFieldsAddedByNewerWritersOfTheSameVersion() {
        String json = "{\"version\":1,\"jobId\":\"" + UUID.randomUUID() + "\",\"taskId\":\"" + UUID.randomUUID()
                + "\",\"agent\":\"a\",\"attempt\":1,\"document\":{\"text\":\"x\"},\"submittedAt\":\"2026-11-28T12:00:00Z\","
                + "\"deadline\":\"2026-11-28T12:01:00Z\",\"priority\":\"high\"}";
        Task task = JsonSerde.of(Task.class).deserialize("t", json.getBytes(StandardCharsets.UTF_8));
        assertThat(task.version()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAVersionThisCodeDoesNotKnow() {
        // Given a task written by a future (or broken) writer with version 99, and one with version 0
        String body = ",\"jobId\":\"" + UUID.randomUUID() + "\",\"taskId\":\"" + UUID.randomUUID()
                + "\",\"agent\":\"a\",\"attempt\":1,\"document\":{\"text\":\"x\"},\"submittedAt\":\"2026-11-28T12:00:00Z\","
                + "\"deadline\":\"2026-11-28T12:01:00Z\"}";
        JsonSerde<Task> serde = JsonSerde.of(Task.class);
        // Then both are unreadable records, naming the version, so they take the dead-letter/skip paths
        assertThatThrownBy(() -> serde.deserialize("t", ("{\"version\":99" + body).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 99");
        assertThatThrownBy(() -> serde.deserialize("t", ("{\"version\":0" + body).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 0");
    }

    @Test
    void shouldRefuseUnreadableOrIncompleteRecordsWithASerializationException() {
        JsonSerde<Task> serde = JsonSerde.of(Task.class);
        assertThatThrownBy(() -> serde.deserialize("t", "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserialize("t", "{\"version\":1,\"attempt\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("jobId");
    }

    @Test
    void shouldKeepTheContractFieldsOfResultsAndReports() {
        Task task = Task.create(Ids.newId(), "entities", Document.ofText("x"), null, now, now.plusSeconds(5));
        AgentResult failed = AgentResult.failed(task, ErrorInfo.of(ErrorType.DEADLINE_EXCEEDED, "late"), null, null, now, now);
        JsonNode json = Json.toTree(failed);
        assertThat(json.fieldNames()).toIterable().contains("version", "jobId", "taskId", "agent", "status", "error",
                "attempts", "usage", "startedAt", "finishedAt");
        assertThat(json.path("error").path("type").asText()).isEqualTo("DEADLINE_EXCEEDED");

        Report report = new Report(1, task.jobId(), Report.Status.PARTIAL, Map.of("entities", failed), List.of(),
                List.of("entities"), "text", now);
        assertThat(Json.fromBytes(Json.toBytes(report), Report.class)).isEqualTo(report);
        assertThatThrownBy(() -> AgentResult.ok(task, null, "m", null, now, now)).hasMessageContaining("output");
    }

    @Test
    void shouldReadAReportWrittenBeforeRevisionsExistedAsTheFirstRevision() {
        // Given a report as written before the revision field existed, and an amended one
        Task task = Task.create(Ids.newId(), "sentiment", Document.ofText("x"), null, now, now.plusSeconds(5));
        com.fasterxml.jackson.databind.node.ObjectNode old = (com.fasterxml.jackson.databind.node.ObjectNode) Json.toTree(
                new Report(1, task.jobId(), Report.Status.COMPLETED, Map.of(), List.of(), List.of(), "s", now));
        old.remove("revision");
        Report amended = new Report(1, task.jobId(), 2, Report.Status.COMPLETED, Map.of(), List.of(), List.of(), "s", now, null);

        // Then the old one reads as revision 1, and the amended one keeps its revision
        assertThat(Json.fromString(old.toString(), Report.class).revision()).isEqualTo(Report.FIRST_REVISION);
        assertThat(Json.fromString(old.toString(), Report.class).isAmendment()).isFalse();
        assertThat(Json.fromBytes(Json.toBytes(amended), Report.class)).isEqualTo(amended);
        assertThat(Json.toTree(amended).path("revision").asInt()).isEqualTo(2);
    }

    @Test
    void shouldParseADeadLetterRefAndRefuseAStrangeOne() {
        DeadLetterRef ref = DeadLetterRef.parse("sentiment:3:1042");
        assertThat(ref).isEqualTo(new DeadLetterRef("sentiment", 3, 1042));
        assertThat(DeadLetterRef.parse(ref.toString())).isEqualTo(ref);
        for (String bad : new String[] {"", "sentiment", "sentiment:3", "a:b:c", "sentiment:-1:0", ":1:2", "a:1:2:3",
                "x".repeat(DeadLetterRef.MAX_LENGTH) + ":1:2"}) {
            assertThatThrownBy(() -> DeadLetterRef.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ref");
        }
    }

    @Test
    void shouldReadAResultWrittenBeforeHeadlinesExistedAndKeepAHeadlineBounded() {
        // Given a version-1 result as written before the headline field existed
        Task task = Task.create(Ids.newId(), "sentiment", Document.ofText("x"), null, now, now.plusSeconds(5));
        com.fasterxml.jackson.databind.node.ObjectNode old = (com.fasterxml.jackson.databind.node.ObjectNode)
                Json.toTree(AgentResult.ok(task, Json.toTree(Map.of("label", "positive")), "m", null, now, now));
        assertThat(old.has("headline")).isFalse();

        // Then it still reads, without a headline, and the version stays 1
        AgentResult read = Json.fromString(old.toString(), AgentResult.class);
        assertThat(read.headline()).isNull();
        assertThat(read.version()).isEqualTo(1);

        // And a headline round-trips, blank means none, and a long one is cut with an ellipsis
        AgentResult withHeadline = AgentResult.ok(task, old.path("output"), "Overall sentiment: positive.", "m", null, now, now);
        assertThat(Json.fromBytes(Json.toBytes(withHeadline), AgentResult.class)).isEqualTo(withHeadline);
        assertThat(AgentResult.ok(task, old.path("output"), "  ", "m", null, now, now).headline()).isNull();
        String cut = AgentResult.ok(task, old.path("output"), "y".repeat(5_000), "m", null, now, now).headline();
        assertThat(cut).hasSize(AgentResult.MAX_HEADLINE_CHARS).endsWith("\u2026");
    }

    @Test
    void shouldReadAManifestWrittenBeforeOwnersExistedAndRoundTripAnOwner() {
        // Given a version-1 manifest exactly as written before the owner field existed
        UUID jobId = Ids.newId();
        String legacy = "{\"version\":1,\"jobId\":\"" + jobId + "\",\"agents\":[\"sentiment\"],"
                + "\"submittedAt\":\"2026-11-28T12:00:00Z\",\"deadline\":\"2026-11-28T12:05:00Z\",\"metadata\":{},"
                + "\"requestHash\":\"abc\"}";

        // Then it reads through the production serde, without an owner
        JobManifest read = JsonSerde.of(JobManifest.class).deserialize("jobs", legacy.getBytes(StandardCharsets.UTF_8));
        assertThat(read.jobId()).isEqualTo(jobId);
        assertThat(read.requestHash()).isEqualTo("abc");
        assertThat(read.owner()).isNull();
        assertThat(Json.toTree(read).has("owner")).isFalse();

        // And an owner round-trips at the same version
        JobManifest owned = read.withOwner("0123456789abcdef");
        byte[] bytes = JsonSerde.of(JobManifest.class).serialize("jobs", owned);
        assertThat(Json.fromBytes(bytes, JsonNode.class).path("owner").asText()).isEqualTo("0123456789abcdef");
        assertThat(JsonSerde.of(JobManifest.class).deserialize("jobs", bytes)).isEqualTo(owned);
        assertThat(owned.version()).isEqualTo(1);
    }

    @Test
    void shouldKeepAHeadlineOneLineOfPlainTextAndNeverSplitACharacter() {
        // Given headlines from a hostile agent: newlines, an ANSI escape, a bidi override, an emoji at the cut
        Task task = Task.create(Ids.newId(), "sentiment", Document.ofText("x"), null, now, now.plusSeconds(5));
        com.fasterxml.jackson.databind.JsonNode out = Json.toTree(java.util.Map.of("a", 1));
        String hostile = "line one\nline two\r\u001b[31mred\u001b[0m \u202Eevil";
        String emojiAtCut = "y".repeat(AgentResult.MAX_HEADLINE_CHARS - 2) + "\uD83D\uDE00" + "tail";

        // Then each is one line without control or bidi characters, and a cut keeps surrogate pairs whole
        assertThat(AgentResult.ok(task, out, hostile, "m", null, now, now).headline())
                .isEqualTo("line one line two  [31mred [0m  evil");
        String cut = AgentResult.ok(task, out, emojiAtCut, "m", null, now, now).headline();
        assertThat(cut).endsWith("y\u2026").hasSizeLessThanOrEqualTo(AgentResult.MAX_HEADLINE_CHARS);
        assertThat(AgentResult.ok(task, out, "\n\t\u0000", "m", null, now, now).headline()).isNull();
    }

    @Test
    void shouldMakeTimeOrderedVersion7Ids() {
        UUID a = Ids.uuidV7(1_000);
        UUID b = Ids.uuidV7(2_000);
        assertThat(a.version()).isEqualTo(7);
        assertThat(a.variant()).isEqualTo(2);
        assertThat(a.compareTo(b)).isNegative();
    }

    @Test
    void shouldReadAHeartbeatWhoseQuotaListHoldsANullDroppingTheNull() {
        // Given a heartbeat whose signals name a quota entry as null
        String heartbeat = "{\"version\":1,\"agent\":\"sentiment\",\"instanceId\":\"i-1\",\"concurrency\":1,\"status\":\"UP\","
                + "\"heartbeatAt\":\"2026-11-29T10:00:00Z\",\"signals\":{\"lagRecords\":3,\"oldestTaskAgeSeconds\":1.5,"
                + "\"inFlight\":2,\"quota\":[null,{\"account\":\"a\",\"members\":1}]}}";

        // When it is read through the production serde
        AgentRegistration read = JsonSerde.of(AgentRegistration.class).deserialize("agents", heartbeat.getBytes(StandardCharsets.UTF_8));

        // Then it reads, keeping the real entry and dropping the null
        assertThat(read.signals().lagRecords()).isEqualTo(3);
        assertThat(read.signals().quota()).extracting(AgentRegistration.Quota::account).containsExactly("a");
    }
}
