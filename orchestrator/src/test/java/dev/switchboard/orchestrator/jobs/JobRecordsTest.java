package dev.switchboard.orchestrator.jobs;

import dev.switchboard.orchestrator.port.JobTooLargeException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.message.Budget;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.topic.TopicCatalogue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRecordsTest {
    private static final int MIB = 1024 * 1024;
    private final TopicCatalogue topics = TopicCatalogue.bundled();

    private static JobManifest manifest(String... agents) {
        Instant now = Instant.now();
        return JobManifest.create(Ids.newId(), List.of(agents), now, now.plusSeconds(60), null, Map.of());
    }

    @Test
    void shouldRefuseATaskWhoseEscapedDocumentIsOverTheRecordLimitThoughTheDocumentIsNot() {
        // Given 600 000 control characters: under the 1 MiB document limit, 6 bytes each once JSON-escaped
        String document = "\u0001".repeat(600_000);

        // When the job's records are made, then the task is refused, naming the limit and its size
        assertThatThrownBy(() -> JobRecords.of(manifest("sentiment"), Document.ofText(document), topics))
                .isInstanceOfSatisfying(JobTooLargeException.class, e -> {
                    assertThat(e.maxBytes()).isEqualTo(topics.maxValueBytes());
                    assertThat(e.serializedBytes()).isGreaterThan(3_600_000);
                    assertThat(e.record()).isEqualTo("task for agent 'sentiment'");
                    assertThat(e.topic()).isEqualTo(topics.agent("sentiment").tasks().name());
                    assertThat(e.getMessage()).contains(Integer.toString(topics.maxValueBytes()));
                });
    }

    @Test
    void shouldRefuseADocumentOfQuotesAtTheDocumentLimit() {
        // Given 1 MiB of '"': 2 bytes each once escaped, over the 2 MiB - 32 KiB record value limit
        String quotes = "\"".repeat(MIB);

        assertThatThrownBy(() -> JobRecords.of(manifest("summary"), Document.ofText(quotes), topics))
                .isInstanceOf(JobTooLargeException.class);
    }

    @Test
    void shouldSerializeAPlainDocumentOfExactlyTheDocumentLimit() {
        // Given plain ASCII text of exactly the default document limit
        String text = "a".repeat(MIB);

        // When the job's records are made
        JobRecords job = JobRecords.of(manifest("sentiment", "summary"), Document.ofText(text), topics);

        // Then there are the manifest, one task per agent and the event, each task carrying the whole document
        assertThat(job.entries()).extracting(JobRecords.Entry::what)
                .containsExactly("manifest", "task for agent 'sentiment'", "task for agent 'summary'", "SUBMITTED event");
        Task task = Json.fromBytes(job.entries().get(1).record().value(), Task.class);
        assertThat(task.document().text()).isEqualTo(text);
        assertThat(job.entries().get(1).valueBytes()).isLessThanOrEqualTo(topics.maxValueBytes());
    }

    @Test
    void shouldWriteTasksOnlyForTheFirstStageAndTheWorkflowWithTheDocumentInTheManifest() {
        // Given a job running synthesis, which needs the three others (decision 0030)
        Document document = Document.ofText("Staged words.");
        JobManifest staged = manifest("sentiment", "entities", "summary", "synthesis").withWorkflow(topics.graph(), document);

        // When its records are made
        JobRecords job = JobRecords.of(staged, document, topics);

        // Then only the first stage gets tasks, the manifest carries the workflow and the document, the event names all four
        assertThat(job.entries()).extracting(JobRecords.Entry::what).containsExactly("manifest", "task for agent 'sentiment'",
                "task for agent 'entities'", "task for agent 'summary'", "SUBMITTED event");
        JobManifest written = Json.fromBytes(job.entries().get(0).record().value(), JobManifest.class);
        assertThat(written.needs()).containsExactly(Map.entry("synthesis", List.of("sentiment", "entities", "summary")));
        assertThat(written.document()).isEqualTo(document);
        assertThat(Json.fromBytes(job.entries().get(4).record().value(), JobEvent.class).message())
                .isEqualTo("sentiment,entities,summary,synthesis");
    }

    @Test
    void shouldShareTheBudgetAmongEveryStagesAgents() {
        // Given a staged job of four agents and 400 tokens
        Document document = Document.ofText("Budgeted.");
        JobManifest staged = manifest("sentiment", "entities", "summary", "synthesis").withBudget(new Budget(400))
                .withWorkflow(topics.graph(), document);

        // Then each first-stage task gets a quarter: the released synthesis will get its own quarter
        Task task = Json.fromBytes(JobRecords.of(staged, document, topics).entries().get(1).record().value(), Task.class);
        assertThat(task.budget()).isEqualTo(new Budget(100));
    }

    @Test
    void shouldRefuseAStagedJobWhoseManifestWithTheDocumentIsOverTheLimitThoughItsTasksAreNot() {
        // Given the largest plain document a task takes, in a job whose manifest carries it with some metadata
        String text = "a".repeat((int) (topics.maxValueBytes() - JobRecords.taskEnvelopeBytes()));
        Document document = Document.ofText(text);
        Instant now = Instant.now();
        JobManifest staged = JobManifest.create(Ids.newId(), List.of("sentiment", "entities", "summary", "synthesis"), now,
                now.plusSeconds(60), null, Map.of("source", "x".repeat(200))).withWorkflow(topics.graph(), document);

        // When its records are made, then the manifest is refused, named, while a task of it would fit
        assertThatThrownBy(() -> JobRecords.of(staged, document, topics))
                .isInstanceOfSatisfying(JobTooLargeException.class, e -> {
                    assertThat(e.record()).isEqualTo("manifest");
                    assertThat(e.topic()).isEqualTo(topics.jobs().name());
                    assertThat(e.serializedBytes()).isGreaterThan(topics.maxValueBytes());
                });
        assertThatCode(() -> JobRecords.of(manifest("sentiment"), document, topics)).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseADocumentLimitUnderWhichAPlainDocumentCouldNotFitATask() {
        // Given the bundled record limit
        long largestFitting = topics.maxValueBytes() - JobRecords.taskEnvelopeBytes();

        // Then the largest fitting document limit passes and one byte more is refused with what to change
        assertThatCode(() -> JobRecords.requireDocumentLimitFits(largestFitting, topics)).doesNotThrowAnyException();
        assertThatCode(() -> JobRecords.requireDocumentLimitFits(MIB, topics)).doesNotThrowAnyException();
        assertThatThrownBy(() -> JobRecords.requireDocumentLimitFits(largestFitting + 1, topics))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SWITCHBOARD_MAX_DOCUMENT_BYTES")
                .hasMessageContaining("defaults.maxMessageBytes")
                .hasMessageContaining(Long.toString(largestFitting));
    }

    @Test
    void shouldSizeTheTaskEnvelopeForTheLongestAgentName() {
        // Given a task of the longest agent name and an empty document
        long envelope = JobRecords.taskEnvelopeBytes();
        Instant now = Instant.now();
        String agent = "a".repeat(JobRecords.LONGEST_AGENT_NAME);
        JobManifest m = JobManifest.create(Ids.newId(), List.of(agent), now, now.plusSeconds(60), null, Map.of());

        // Then a real task of that agent with a plain document is no larger than document + envelope
        JobRecords job = JobRecords.of(m, Document.ofText("x".repeat(1000)), topics.withAgent(agent));
        assertThat(job.entries().get(1).valueBytes()).isLessThanOrEqualTo((int) (1000 + envelope));
    }
}
