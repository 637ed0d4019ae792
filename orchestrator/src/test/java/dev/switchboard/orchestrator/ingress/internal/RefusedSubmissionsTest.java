package dev.switchboard.orchestrator.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.DeadLetterHeaders;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.http.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The dead letter of a refused submission: the record as it came, and why, in headers. */
class RefusedSubmissionsTest {
    private final TopicCatalogue topics = TopicCatalogue.bundled();
    private final RefusedSubmissions deadLetters = new RefusedSubmissions(topics);
    private final Instant now = Instant.parse("2026-11-29T12:00:00Z");
    private final Decision.Refuse unknownAgent = new Decision.Refuse(
            Problem.of(422, "unknown-agent", "Unknown agent", "Unknown agent(s) [nope]").with("unknownAgents", java.util.List.of("nope")),
            "dev.switchboard.orchestrator.http.ProblemException");

    private static String header(ProducerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldKeepKeyAndValueAndSayWhereFromAndWhyInHeaders() throws Exception {
        // Given a refused record at partition 1, offset 9
        byte[] body = "{\"document\":\"x\",\"agents\":[\"nope\"]}".getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<String, byte[]> source = new ConsumerRecord<>("switchboard.submissions", 1, 9, "order-9", body);

        // When its dead letter is made
        ProducerRecord<String, byte[]> dl = deadLetters.deadLetter(source, unknownAgent, now);

        // Then it goes to the submissions DLQ with the same key and value and the HTTP status and problem
        assertThat(dl.topic()).isEqualTo("switchboard.submissions.dlq");
        assertThat(dl.key()).isEqualTo("order-9");
        assertThat(dl.value()).isEqualTo(body);
        assertThat(header(dl, DeadLetterHeaders.ERROR_STATUS)).isEqualTo("422");
        assertThat(Json.mapper().readTree(header(dl, DeadLetterHeaders.ERROR_PROBLEM)).path("unknownAgents").get(0).asText()).isEqualTo("nope");
        assertThat(header(dl, DeadLetterHeaders.ERROR_CLASS)).endsWith("ProblemException");
        assertThat(header(dl, DeadLetterHeaders.ERROR_MESSAGE)).isEqualTo("Unknown agent(s) [nope]");
        assertThat(header(dl, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("switchboard.submissions");
        assertThat(header(dl, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("1");
        assertThat(header(dl, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("9");
        assertThat(header(dl, DeadLetterHeaders.FAILED_AT)).isEqualTo("2026-11-29T12:00:00Z");
        assertThat(dl.headers().lastHeader(DeadLetterHeaders.TRUNCATED)).isNull();
    }

    @Test
    void shouldTruncateAValueThatWouldNotFitTheRecordLimitAndSaySo() {
        byte[] huge = new byte[topics.maxValueBytes() + 10];
        ConsumerRecord<String, byte[]> source = new ConsumerRecord<>("switchboard.submissions", 0, 1, "big", huge);

        ProducerRecord<String, byte[]> dl = deadLetters.deadLetter(source, unknownAgent, now);

        assertThat(dl.value().length).isLessThan(topics.maxValueBytes());
        assertThat(header(dl, DeadLetterHeaders.TRUNCATED)).isEqualTo("true");
        assertThat(header(dl, DeadLetterHeaders.ORIGINAL_BYTES)).isEqualTo(Integer.toString(huge.length));
    }
}
