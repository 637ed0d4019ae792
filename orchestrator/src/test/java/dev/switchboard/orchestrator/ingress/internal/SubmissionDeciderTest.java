package dev.switchboard.orchestrator.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.orchestrator.http.SubmitRequestParser;
import dev.switchboard.orchestrator.jobs.JobIds;
import dev.switchboard.orchestrator.view.AgentDirectory;
import dev.switchboard.orchestrator.view.JobView;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** How the ingress decides a submission record: as {@code POST /v1/jobs} decides the same body under the same key. */
class SubmissionDeciderTest {
    private static final String OWNER = "kafka-ingress";
    private final TopicCatalogue topics = TopicCatalogue.bundled();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    private final JobView view = new JobView(new AgentDirectory(Duration.ofSeconds(45)), clock, 1000);
    private final OrchestratorConfig config = OrchestratorConfig.custom().build();
    private final SubmissionDecider decider = new SubmissionDecider(new SubmitRequestParser(config, topics.graph()), view, topics, OWNER, clock);
    private final Map<UUID, String> pending = SubmissionDecider.newPending();

    private static ConsumerRecord<String, byte[]> record(String key, String json, long offset) {
        return new ConsumerRecord<>("switchboard.submissions", 2, offset, key, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldWriteAValidSubmissionAsTheJobItsKeyNamesForTheIngressOwner() {
        // Given a valid body under key "order-1"
        ConsumerRecord<String, byte[]> r = record("order-1", "{\"version\":1,\"document\":\"Great.\",\"agents\":[\"sentiment\"]}", 5);

        // When decided
        Decision d = decider.decide(r, pending);

        // Then it is a job of the ingress owner, with the id an HTTP submit of that owner and key gets
        assertThat(d).isInstanceOf(Decision.Write.class);
        Decision.Write w = (Decision.Write) d;
        assertThat(w.job().manifest().jobId()).isEqualTo(JobIds.newJobId(OWNER, "order-1"));
        assertThat(w.job().manifest().owner()).isEqualTo(OWNER);
        assertThat(w.job().manifest().agents()).containsExactly("sentiment");
        assertThat(w.job().entries()).hasSize(3); // manifest, one task, SUBMITTED
        assertThat(pending).containsKey(w.job().manifest().jobId());
    }

    @Test
    void shouldUseTheRecordsPositionAsTheKeyOfAKeylessRecord() {
        ConsumerRecord<String, byte[]> r = record(null, "{\"document\":\"No key.\"}", 17);

        assertThat(SubmissionDecider.keyOf(r)).isEqualTo("kafka:2:17");
        Decision.Write w = (Decision.Write) decider.decide(r, pending);
        assertThat(w.job().manifest().jobId()).isEqualTo(JobIds.newJobId(OWNER, "kafka:2:17"));
    }

    @Test
    void shouldReplayTheSameRequestUnderAKnownKeyAndRefuseAnotherWith409() {
        // Given a job written for key "order-2" and in the view
        String body = "{\"document\":\"Once.\",\"agents\":[\"sentiment\"]}";
        Decision.Write first = (Decision.Write) decider.decide(record("order-2", body, 1), SubmissionDecider.newPending());
        view.accepted(first.job().manifest().withoutDocument());

        // When the same record comes again, and another body under the same key
        Decision again = decider.decide(record("order-2", body, 2), pending);
        Decision other = decider.decide(record("order-2", "{\"document\":\"Twice?\"}", 3), pending);

        // Then the first is a replay of that job, the second refused as the HTTP API refuses a reused key
        assertThat(again).isEqualTo(new Decision.Replay(first.job().manifest().jobId()));
        assertThat(other).isInstanceOf(Decision.Refuse.class);
        assertThat(((Decision.Refuse) other).problem().status()).isEqualTo(409);
        assertThat(((Decision.Refuse) other).problem().type()).isEqualTo("/problems/idempotency-key-reused");
    }

    @Test
    void shouldTreatAJobOfThisPollNotYetCommittedAsKnown() {
        String body = "{\"document\":\"Twice in one poll.\"}";
        assertThat(decider.decide(record("order-3", body, 1), pending)).isInstanceOf(Decision.Write.class);

        assertThat(decider.decide(record("order-3", body, 2), pending)).isInstanceOf(Decision.Replay.class);
    }

    @Test
    void shouldRefuseAnInvalidBodyWithTheProblemTheHttpApiAnswers() {
        // Given bodies the HTTP API refuses: malformed JSON (400), an unknown agent (422), an empty value (400)
        Decision.Refuse malformed = (Decision.Refuse) decider.decide(record("bad-1", "{not json", 1), pending);
        Decision.Refuse unknown = (Decision.Refuse) decider.decide(record("bad-2", "{\"document\":\"x\",\"agents\":[\"nope\"]}", 2), pending);
        Decision.Refuse empty = (Decision.Refuse) decider.decide(record("bad-3", null, 3), pending);

        // Then each carries that status and problem, field errors included
        assertThat(malformed.problem().status()).isEqualTo(400);
        assertThat(malformed.problem().type()).isEqualTo("/problems/malformed-json");
        assertThat(unknown.problem().status()).isEqualTo(422);
        assertThat(unknown.problem().extensions()).containsKey("unknownAgents");
        assertThat(empty.problem().status()).isEqualTo(400);
        assertThat(pending).isEmpty();
    }

    @Test
    void shouldRefuseAKeyTheHttpApiWouldRefuse() {
        Decision.Refuse d = (Decision.Refuse) decider.decide(record("k".repeat(256), "{\"document\":\"x\"}", 1), pending);

        assertThat(d.problem().type()).isEqualTo("/problems/invalid-idempotency-key");
    }

    @Test
    void shouldRefuseAKeyThatIsNotUtf8RatherThanMergeItWithAnother() {
        // Given two keys that differ only in invalid UTF-8 bytes (a lenient decoder makes both "a\uFFFD")
        StrictUtf8Keys keys = new StrictUtf8Keys();
        String first = keys.deserialize("switchboard.submissions", new byte[] {'a', (byte) 0xC3});
        String second = keys.deserialize("switchboard.submissions", new byte[] {'a', (byte) 0xFF});
        String body = "{\"document\":\"x\"}";

        // When each is decided
        Decision a = decider.decide(record(first, body, 1), pending);
        Decision b = decider.decide(record(second, body, 2), pending);

        // Then both are dead letters (400), not one job; a UTF-8 key is read as itself
        assertThat(first).isNotEqualTo(second);
        assertThat(List.of(a, b)).allSatisfy(d -> assertThat(((Decision.Refuse) d).problem().status()).isEqualTo(400));
        assertThat(keys.deserialize("t", "ä-1".getBytes(StandardCharsets.UTF_8))).isEqualTo("ä-1");
    }

    @Test
    void shouldRefuseABodyOverTheDocumentLimitWith413() {
        SubmissionDecider small = new SubmissionDecider(new SubmitRequestParser(OrchestratorConfig.custom().maxDocumentBytes(100).build(),
                topics.graph()), view, topics, OWNER, clock);

        Decision.Refuse d = (Decision.Refuse) small.decide(record("big", "{\"document\":\"" + "x".repeat(200) + "\"}", 1), pending);

        assertThat(d.problem().status()).isEqualTo(413);
    }
}
