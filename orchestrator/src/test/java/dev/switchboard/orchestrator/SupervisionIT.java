package dev.switchboard.orchestrator;

import dev.switchboard.contracts.topic.TopicProvisioner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.health.SupervisedLoop;
import dev.switchboard.orchestrator.health.Supervisor;
import dev.switchboard.orchestrator.view.ViewUpdater;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The orchestrator's supervised loops and readiness over real HTTP on a real broker. */
@KafkaTest
class SupervisionIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Wraps a supervised loop so the test can kill its running thread and hold its restart. */
    private static final class Killable implements SupervisedLoop {
        private final SupervisedLoop delegate;
        private final AtomicInteger runs = new AtomicInteger();
        private final CountDownLatch restartAllowed = new CountDownLatch(1);
        private volatile Thread running;

        Killable(SupervisedLoop delegate) {
            this.delegate = delegate;
        }

        @Override
        public void run(Runnable up) throws Exception {
            if (runs.incrementAndGet() > 1) {
                restartAllowed.await();
            }
            running = Thread.currentThread();
            delegate.run(up);
        }

        /** Interrupts the loop's thread: Kafka's poll then throws InterruptException, which ends the run. */
        void kill() {
            running.interrupt();
        }

        @Override
        public void stop() {
            restartAllowed.countDown();
            delegate.stop();
        }
    }

    @Test
    void shouldAnswer503NamingAKilledViewUpdaterAndRecoverOnceItIsRestarted(TestKafka kafka) {
        // Given an orchestrator whose view updater the test can kill
        Killable[] updater = new Killable[1];
        TopicProvisioner.provision(KafkaSettings.of(kafka.bootstrapServers()), TopicCatalogue.bundled());
        try (Orchestrator orchestrator = new Orchestrator(OrchestratorIT.config().build(), KafkaSettings.of(kafka.bootstrapServers()),
                TopicCatalogue.bundled(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC(),
                new Supervisor.Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(1)),
                (name, loop) -> name.equals(ViewUpdater.PART) ? (updater[0] = new Killable(loop)) : loop).start()) {
            Http http = new Http(orchestrator.port(), null);
            await().atMost(WAIT).until(() -> http.get("/health/ready").status() == 200);
            Http.Response submitted = http.postJson("/v1/jobs", "{\"document\":\"keep me posted\",\"agents\":[\"sentiment\"]}");
            UUID jobId = UUID.fromString(submitted.json().path("jobId").asText());

            // When its loop is killed (and its restart held)
            updater[0].kill();

            // Then readiness is 503 and names the view updater
            await().atMost(WAIT).until(() -> http.get("/health/ready").status() == 503);
            JsonNode down = http.get("/health/ready").json();
            assertThat(down.path("failing")).extracting(JsonNode::asText).containsExactly(ViewUpdater.PART);
            assertThat(down.path("checks").path(ViewUpdater.PART).asText()).isEqualTo("DOWN");

            // And once it is restarted, readiness is 200 again and the view has what was written while it was down
            try (TestRecords records = new TestRecords(kafka, TopicCatalogue.bundled())) {
                records.report(jobId, Report.Status.COMPLETED, Map.of("sentiment", records.ok(jobId, "sentiment")));
            }
            updater[0].restartAllowed.countDown();
            await().atMost(WAIT).until(() -> http.get("/health/ready").status() == 200);
            assertThat(http.get("/health/ready").json().path("failing")).isEmpty();
            await().atMost(WAIT).until(() -> http.get("/v1/jobs/" + jobId).json().path("status").asText().equals("COMPLETED"));
            assertThat(orchestrator.readiness().ready()).isTrue();
        }
    }

    @Test
    void shouldAnswer503WhileACheckTheEmbeddingProcessAddedIsDown(TestKafka kafka) {
        // Given an orchestrator embedded with a check of its own, down
        AtomicBoolean aggregatorUp = new AtomicBoolean(false);
        TopicProvisioner.provision(KafkaSettings.of(kafka.bootstrapServers()), TopicCatalogue.bundled());
        try (Orchestrator orchestrator = new Orchestrator(OrchestratorIT.config().build(), KafkaSettings.of(kafka.bootstrapServers()),
                TopicCatalogue.bundled()).addReadinessCheck("aggregator", aggregatorUp::get).start()) {
            Http http = new Http(orchestrator.port(), null);
            await().atMost(WAIT).until(() -> orchestrator.view().caughtUp());

            // Then readiness is 503 naming only that check, once the Kafka ingress's own check is up
            await().atMost(WAIT).until(() -> http.get("/health/ready").json().path("failing").size() == 1);
            Http.Response down = http.get("/health/ready");
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().path("failing")).extracting(JsonNode::asText).containsExactly("aggregator");

            // And once it is up, readiness is 200 (after the cached answer expires)
            aggregatorUp.set(true);
            await().atMost(WAIT).until(() -> http.get("/health/ready").status() == 200);
        }
    }
}
