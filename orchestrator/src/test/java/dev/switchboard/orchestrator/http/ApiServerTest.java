package dev.switchboard.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.observability.management.ReadinessChecks;
import dev.switchboard.orchestrator.jobs.JobRecords;
import dev.switchboard.orchestrator.jobs.KafkaJobSubmissions;
import dev.switchboard.orchestrator.jobs.JobWriter;
import dev.switchboard.orchestrator.view.AgentDirectory;
import dev.switchboard.orchestrator.view.JobView;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP layer on Javalin over the Kafka submit port with a fake job writer: no broker. */
class ApiServerTest {
    private static final int MIB = 1024 * 1024;
    private final TopicCatalogue topics = TopicCatalogue.bundled();
    private final List<JobRecords> written = new CopyOnWriteArrayList<>();
    private final JobWriter writer = written::add;
    private final AtomicBoolean workersUp = new AtomicBoolean(true);
    private ApiServer server;
    private Http http;

    @BeforeEach
    void start() {
        OrchestratorConfig config = OrchestratorConfig.custom().port(0).build();
        JobView view = new JobView(new AgentDirectory(Duration.ofSeconds(45)), Clock.systemUTC(), 1000);
        view.markCaughtUp(); // job reads and submits wait for the view (0020)
        ReadinessChecks readiness = new ReadinessChecks().add("kafka", () -> true).add("agent-sentiment", workersUp::get);
        server = new ApiServer(config, topics, new KafkaJobSubmissions(writer, view, topics, Clock.systemUTC()), view,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), readiness, Clock.systemUTC()).start();
        http = new Http(server.port(), null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Http.Response postText(String text) {
        return http.post("/v1/jobs", "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldAnswer413NamingTheRecordLimitForADocumentOfControlCharactersUnderTheDocumentLimit() {
        // Given 600 KB of control characters: under the 1 MiB body limit, over 3.6 MB once JSON-escaped in a task
        String document = "\u0001".repeat(600_000);

        // When it is submitted
        Http.Response r = postText(document);

        // Then it is refused as too large, naming the limit and its serialized size, and nothing is written
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.path("type").asText()).isEqualTo("/problems/record-too-large");
        assertThat(problem.path("maxBytes").asLong()).isEqualTo(topics.maxValueBytes());
        assertThat(problem.path("serializedBytes").asLong()).isGreaterThan(3_600_000);
        assertThat(problem.path("detail").asText()).contains(Integer.toString(topics.maxValueBytes()));
        assertThat(written).isEmpty();
    }

    @Test
    void shouldAnswer413ForADocumentOfQuotesAtTheDocumentLimit() {
        Http.Response r = postText("\"".repeat(MIB));

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().path("serializedBytes").asLong()).isGreaterThan(topics.maxValueBytes());
        assertThat(written).isEmpty();
    }

    @Test
    void shouldAcceptAPlainDocumentOfExactlyTheDocumentLimit() {
        // Given plain text of exactly SWITCHBOARD_MAX_DOCUMENT_BYTES
        String text = "word ".repeat(MIB / 5) + "a".repeat(MIB % 5);
        assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize((int) OrchestratorConfig.DEFAULT_MAX_DOCUMENT_BYTES);

        // When it is submitted
        Http.Response r = postText(text);

        // Then it is accepted and every task carries the whole document
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(written).hasSize(1);
        JobRecords.Entry task = written.get(0).entries().get(1);
        assertThat(Json.fromBytes(task.record().value(), Task.class).document().text()).isEqualTo(text);
    }

    @Test
    void shouldAnswer503NamingEachFailingReadinessCheckAnd200OnceItRecovers() {
        // Given a registered check that is down
        workersUp.set(false);

        // When readiness is asked, then it is 503 and names the check
        Http.Response down = http.get("/health/ready");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().path("failing")).extracting(JsonNode::asText).containsExactly("agent-sentiment");
        assertThat(down.json().path("checks").path("agent-sentiment").asText()).isEqualTo("DOWN");
        assertThat(down.json().path("checks").path("kafka").asText()).isEqualTo("UP");

        // And once it is up again, readiness is 200 with nothing failing (after the cached answer expires)
        workersUp.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/health/ready").status() == 200);
        assertThat(http.get("/health/ready").json().path("failing")).isEmpty();
    }
}
