package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.topic.TopicCatalogue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The documents that used to stop agent workers for good, end to end on {@code up} (the whole
 * stack in one JVM, as a user runs it): each gets a report ({@code PARTIAL} naming the error type
 * where an agent failed), a document too large once JSON-escaped is refused at the door with 413,
 * a document of exactly the document limit gets a report, an ordinary document after all of them
 * completes, readiness stays green and no worker stopped.
 */
class HostileDocumentsIT {
    private static final Duration REPORT_WAIT = Duration.ofSeconds(180);

    @Test
    void shouldReportOnEveryHostileDocumentAndKeepEveryWorkerRunning(@TempDir Path dataDir) throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        int documentLimit = 1024 * 1024;
        try (Stack stack = Stack.start(new Settings().set("SWITCHBOARD_ORCHESTRATOR_PORT", 0), dataDir, null)) {
            ApiClient api = new ApiClient(stack.url(), null);
            HttpClient http = HttpClient.newHttpClient();

            // Given the documents of the bug report, and a document that needs much escaping but fits once escaped
            Map<String, String> documents = new LinkedHashMap<>();
            documents.put("a- x3000", "a-".repeat(3000));
            documents.put("'? ' x6000", "? ".repeat(6000));
            documents.put("250 KB of names", IntStream.range(0, 20_000).mapToObj(i -> "Name" + i + " Surname" + (i % 97))
                    .collect(Collectors.joining(", ")).substring(0, 250_000));
            documents.put("1 MiB, half quotes", "a\"".repeat(documentLimit / 2));
            documents.put("exactly the document limit", "The quick brown fox jumps over the lazy dog. ".repeat(documentLimit / 45)
                    + "x".repeat(documentLimit % 45));
            assertThat(documents.get("exactly the document limit").getBytes(StandardCharsets.UTF_8)).hasSize(documentLimit);

            // When each is submitted (text/plain: the body is the document)
            Map<String, String> jobs = new LinkedHashMap<>();
            for (Map.Entry<String, String> d : documents.entrySet()) {
                jobs.put(d.getKey(), api.submit(d.getValue(), null));
            }
            // and one whose escaped task would not fit the task topic is refused before anything reaches Kafka
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(stack.url() + "/v1/jobs"))
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString("\u0001".repeat(documentLimit))).build(), HttpResponse.BodyHandlers.ofString());
            String ordinary = api.submit("The delivery was late but the support team was great.", null);

            // Then every accepted job gets a report; a failed agent names its error type
            for (Map.Entry<String, String> job : jobs.entrySet()) {
                Report report = api.awaitReport(job.getValue(), REPORT_WAIT)
                        .orElseThrow(() -> new AssertionError("no report for " + job.getKey()));
                assertThat(report.status()).as(job.getKey()).isIn(Report.Status.COMPLETED, Report.Status.PARTIAL);
                for (AgentResult r : report.results().values()) {
                    if (r.status() == AgentResult.Status.FAILED) {
                        assertThat(r.error().type()).as(job.getKey() + " " + r.agent()).isNotBlank();
                    }
                }
                assertThat(report.results()).as(job.getKey()).containsKeys("sentiment", "entities", "summary");
            }
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
            assertThat(refused.body()).contains(Integer.toString(TopicCatalogue.bundled().maxValueBytes()));
            assertThat(api.awaitReport(ordinary, REPORT_WAIT).orElseThrow().status()).isEqualTo(Report.Status.COMPLETED);

            // and readiness stayed green: no worker stopped
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(stack.url() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains("stopped on its own")
                || e.getFormattedMessage().contains("Could not write the outputs"));
    }
}
