package dev.switchboard.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.orchestrator.callback.CallbackSignature;
import dev.switchboard.orchestrator.callback.RawReceiver;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void start(TestKafka kafka) {
        this.kafka = kafka;
        TopicProvisioner.provision(KafkaSettings.of(kafka.bootstrapServers()), topics);
        this.records = new TestRecords(kafka, topics);
        this.producer = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void stop() {
        records.close();
        producer.close();
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

            // Then every other callback arrives, and the whole-exchange deadline ends both slow ones,
            // each recorded as a failed callback
            await().atMost(WAIT).until(() -> webhookIds(healthy).containsAll(webhookIds(others)));
            try (TopicProbe events = new TopicProbe(kafka, topics.events().name())) {
                assertThat(events.awaitMatching(r -> (r.key().equals(trickled.toString()) || r.key().equals(holed.toString()))
                        && Json.fromBytes(r.value(), JobEvent.class).type() == JobEvent.Type.CALLBACK_FAILED, 2, WAIT)).hasSize(2);
            }
            await().atMost(WAIT).until(() -> trickle.open() == 0 && hole.open() == 0);
            // and (by the receivers' clocks, not by a timed wait) the others all arrived before either slow exchange ended
            long lastOther = lastReceivedAt(healthy, others);
            assertThat(lastOther).isLessThan(trickle.firstEndedAtNanos()).isLessThan(hole.firstEndedAtNanos());
        }
    }

    @Test
    void shouldKeepDeliveringToAHealthyReceiverWhileMoreBlackHoledDeliveriesToOneHostThanThreadsHang() {
        // Given reports that name their callback target in a header (as the aggregator writes them), for jobs the
        // view does not hold: more of them to one black-holed host than there are delivery threads
        try (Orchestrator orchestrator = orchestrator(Duration.ofSeconds(20), 1);
             RawReceiver hole = RawReceiver.blackHole();
             CallbackReceiver healthy = CallbackReceiver.start()) {
            List<UUID> holed = new ArrayList<>();
            for (int i = 0; i < 136; i++) {
                UUID id = UUID.randomUUID();
                holed.add(id);
                reportWithCallbackHeader(id, hole.url());
            }
            await().atMost(WAIT).until(() -> hole.connections() >= 8);

            // When ten reports for a healthy receiver follow
            List<UUID> others = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                UUID id = UUID.randomUUID();
                others.add(id);
                reportWithCallbackHeader(id, healthy.url());
            }

            // Then all ten arrive (without the view knowing their jobs), signed, before any black-holed exchange ended,
            // and the black hole never held more than its per-host share of connections
            await().atMost(WAIT).until(() -> webhookIds(healthy).containsAll(webhookIds(others)));
            assertThat(others).allSatisfy(id -> assertThat(orchestrator.view().job(id)).isEmpty());
            assertThat(lastReceivedAt(healthy, others)).isLessThan(hole.firstEndedAtNanos());
            assertThat(hole.connections()).isLessThanOrEqualTo(8);
            assertThat(healthy.deliveries()).allSatisfy(d -> assertThat(CallbackSignature.verify(SECRET, d.headers(), d.body())).isTrue());

            // and once the black hole goes away, every parked delivery runs and ends as a failed callback
            hole.close();
            Set<String> holedKeys = holed.stream().map(UUID::toString).collect(Collectors.toSet());
            try (TopicProbe events = new TopicProbe(kafka, topics.events().name())) {
                assertThat(events.awaitMatching(r -> holedKeys.contains(r.key())
                        && Json.fromBytes(r.value(), JobEvent.class).type() == JobEvent.Type.CALLBACK_FAILED, holed.size(), WAIT))
                        .hasSize(holed.size());
            }
        }
    }

    private void reportWithCallbackHeader(UUID jobId, String url) {
        Report r = new Report(Versioned.CURRENT_VERSION, jobId, Report.Status.COMPLETED, Map.of(), List.of(), List.of(), "Done.",
                Instant.now());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.reports().name(), jobId.toString(),
                topics.reports().valueSerde().serializer().serialize(topics.reports().name(), r));
        record.headers().add(Report.CALLBACK_URL_HEADER, url.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long lastReceivedAt(CallbackReceiver receiver, List<UUID> jobs) {
        Set<String> ids = webhookIds(jobs);
        return receiver.deliveries().stream().filter(d -> ids.contains(d.webhookId()))
                .mapToLong(CallbackReceiver.Delivery::receivedAtNanos).max().orElseThrow();
    }

    @Test
    void shouldDeliverEveryPendingCallbackAfterARestartExactlyOncePerWebhookId() {
        // Given 80 jobs with reports whose callbacks go to a slow receiver
        try (CallbackReceiver receiver = CallbackReceiver.slow(Duration.ofMillis(500))) {
            List<UUID> jobs = new ArrayList<>();
            int beforeRestart;
            try (Orchestrator first = orchestrator(Duration.ofSeconds(30), 3)) {
                Http http = new Http(first.port(), null);
                for (int i = 0; i < 80; i++) {
                    jobs.add(submit(http, receiver.url()));
                }
                jobs.forEach(this::report);

                // When the orchestrator is closed mid-way through the deliveries
                await().atMost(WAIT).until(() -> webhookIds(receiver).size() >= 12);
                beforeRestart = webhookIds(receiver).size();
            }
            assertThat(beforeRestart).isLessThan(jobs.size());
            long started = System.nanoTime();
            try (Orchestrator second = new Orchestrator(OrchestratorIT.config().callbackTimeout(Duration.ofSeconds(30)).build(),
                    KafkaSettings.of(kafka.bootstrapServers()), topics).start()) {

                // Then a new one on the same broker delivers the rest: every job's webhook-id arrives, signed
                await().atMost(WAIT.multipliedBy(2)).until(() -> webhookIds(receiver).containsAll(webhookIds(jobs)));
                log.info("{} callbacks: {} delivered before the restart, all after {} ms, {} requests in all ({} redelivered)",
                        jobs.size(), beforeRestart, Duration.ofNanos(System.nanoTime() - started).toMillis(),
                        receiver.deliveries().size(), receiver.deliveries().size() - jobs.size());
            }
            Set<String> ours = webhookIds(jobs);
            List<CallbackReceiver.Delivery> mine = receiver.deliveries().stream().filter(d -> ours.contains(d.webhookId())).toList();
            assertThat(mine).allSatisfy(d -> assertThat(CallbackSignature.verify(SECRET, d.headers(), d.body())).isTrue());
            assertThat(mine.stream().map(CallbackReceiver.Delivery::webhookId).collect(Collectors.toSet())).isEqualTo(ours);
        }
    }
}
