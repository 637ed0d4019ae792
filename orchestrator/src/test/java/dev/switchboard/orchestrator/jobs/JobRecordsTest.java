package dev.switchboard.orchestrator.jobs;

import dev.switchboard.orchestrator.port.JobTooLargeException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
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
