package dev.switchboard.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.orchestrator.callback.CallbackSignature;
import dev.switchboard.orchestrator.callback.RawReceiver;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Callback delivery on a real broker to real (and misbehaving) HTTP receivers. */
@KafkaTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallbackDeliveryIT {
    private static final Logger log = LoggerFactory.getLogger(CallbackDeliveryIT.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SECRET = "it-callback-signing-7c1e";
    private final TopicCatalogue topics = TopicCatalogue.bundled();
    private TestKafka kafka;
    private TestRecords records;

    @BeforeAll
    void start(TestKafka kafka) {
        this.kafka = kafka;
        TopicProvisioner.provision(KafkaSettings.of(kafka.bootstrapServers()), topics);
        this.records = new TestRecords(kafka, topics);
    }

    @AfterAll
    void stop() {
        records.close();
    }

    private Orchestrator orchestrator(Duration callbackTimeout, int attempts) {
        Orchestrator o = new Orchestrator(OrchestratorIT.config().callbackTimeout(callbackTimeout).callbackMaxAttempts(attempts).build(),
                KafkaSettings.of(kafka.bootstrapServers()), topics).start();
        await().atMost(WAIT).until(() -> o.view().caughtUp());
        return o;
    }

    private static UUID submit(Http http, String callbackUrl) {
        Http.Response r = http.postJson("/v1/jobs", "{\"document\":\"Call me back.\",\"agents\":[\"sentiment\"],\"callbackUrl\":\""
                + callbackUrl + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return UUID.fromString(r.json().path("jobId").asText());
    }

    private void report(UUID jobId) {
        records.report(jobId, Report.Status.COMPLETED, Map.of("sentiment", records.ok(jobId, "sentiment")));
    }

    private static Set<String> webhookIds(CallbackReceiver receiver) {
        return receiver.deliveries().stream().map(CallbackReceiver.Delivery::webhookId).collect(Collectors.toSet());
    }

    private static Set<String> webhookIds(List<UUID> jobs) {
        return jobs.stream().map(id -> "msg_" + id).collect(Collectors.toSet());
    }

    @Test
    void shouldDeliverOtherJobsCallbacksWhileATricklingAndABlackHoledReceiverHang() {
        // Given a receiver that trickles its answer, one that never answers, and a healthy one
        try (Orchestrator orchestrator = orchestrator(Duration.ofSeconds(15), 1);
             RawReceiver trickle = RawReceiver.trickling();
             RawReceiver hole = RawReceiver.blackHole();
             CallbackReceiver healthy = CallbackReceiver.start()) {
            Http http = new Http(orchestrator.port(), null);
            UUID trickled = submit(http, trickle.url());
            UUID holed = submit(http, hole.url());
            List<UUID> others = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                others.add(submit(http, healthy.url()));
            }

            // When the slow jobs' reports come first, then the others'
            report(trickled);
            report(holed);
            await().atMost(WAIT).until(() -> trickle.connections() == 1 && hole.connections() == 1);
            others.forEach(this::report);

            // Then every other callback arrives while both slow exchanges are still open
            await().atMost(Duration.ofSeconds(10)).until(() -> webhookIds(healthy).containsAll(webhookIds(others)));
            assertThat(trickle.open()).isEqualTo(1);
            assertThat(hole.open()).isEqualTo(1);
            // and the whole-exchange deadline ends both, each recorded as a failed callback
            try (TopicProbe events = new TopicProbe(kafka, topics.events().name())) {
                assertThat(events.awaitMatching(r -> (r.key().equals(trickled.toString()) || r.key().equals(holed.toString()))
                        && Json.fromBytes(r.value(), JobEvent.class).type() == JobEvent.Type.CALLBACK_FAILED, 2, WAIT)).hasSize(2);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> trickle.open() == 0 && hole.open() == 0);
        }
    }

    @Test
    void shouldDeliverEveryPendingCallbackAfterARestartExactlyOncePerWebhookId() {
        // Given 200 jobs with reports whose callbacks go to a slow receiver
        try (CallbackReceiver receiver = CallbackReceiver.slow(Duration.ofSeconds(1))) {
            List<UUID> jobs = new ArrayList<>();
            int beforeRestart;
            try (Orchestrator first = orchestrator(Duration.ofSeconds(30), 3)) {
                Http http = new Http(first.port(), null);
                for (int i = 0; i < 200; i++) {
                    jobs.add(submit(http, receiver.url()));
                }
                jobs.forEach(this::report);

                // When the orchestrator is closed mid-way through the deliveries
                await().atMost(WAIT).until(() -> webhookIds(receiver).size() >= 30);
                beforeRestart = webhookIds(receiver).size();
            }
            assertThat(beforeRestart).isLessThan(200);
            long started = System.nanoTime();
            try (Orchestrator second = new Orchestrator(OrchestratorIT.config().callbackTimeout(Duration.ofSeconds(30)).build(),
                    KafkaSettings.of(kafka.bootstrapServers()), topics).start()) {

                // Then a new one on the same broker delivers the rest: every job's webhook-id arrives, signed
                await().atMost(WAIT.multipliedBy(2)).until(() -> webhookIds(receiver).containsAll(webhookIds(jobs)));
                log.info("200 callbacks: {} delivered before the restart, all {} after {} ms, {} requests in all ({} redelivered)",
                        beforeRestart, jobs.size(), Duration.ofNanos(System.nanoTime() - started).toMillis(),
                        receiver.deliveries().size(), receiver.deliveries().size() - 200);
            }
            Set<String> ours = webhookIds(jobs);
            List<CallbackReceiver.Delivery> mine = receiver.deliveries().stream().filter(d -> ours.contains(d.webhookId())).toList();
            assertThat(mine).allSatisfy(d -> assertThat(CallbackSignature.verify(SECRET, d.headers(), d.body())).isTrue());
            assertThat(mine.stream().map(CallbackReceiver.Delivery::webhookId).collect(Collectors.toSet())).isEqualTo(ours);
        }
    }
}
