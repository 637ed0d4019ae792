package dev.switchboard.orchestrator.jobs;

import dev.switchboard.orchestrator.port.FanOutException;
import dev.switchboard.orchestrator.port.JobTooLargeException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.observability.management.ReadinessChecks;
import dev.switchboard.orchestrator.health.Supervisor;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

@KafkaTest
class FanOutIT {
    private final TopicCatalogue topics = TopicCatalogue.bundled();

    @Test
    void shouldLeaveNothingVisibleToReadCommittedReadersWhenTheFanOutAborts(TestKafka kafka) {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).apply(topics);
        }
        UUID jobId = Ids.newId();
        JobManifest manifest = JobManifest.create(jobId, List.of("sentiment", "entities", "summary"), Instant.now(),
                Instant.now().plusSeconds(60), null, Map.of());
        try (FanOut failing = new FanOut(KafkaSettings.of(kafka.bootstrapServers()), topics, "test-" + UUID.randomUUID(), 1, new SimpleMeterRegistry(),
                supervisor(), m -> {
            throw new IllegalStateException("crash between the sends and the commit");
        })) {
            assertThatThrownBy(() -> failing.submit(JobRecords.of(manifest, Document.ofText("x"), topics)))
                    .isInstanceOf(FanOutException.class);
        }

        // the records were written, then aborted: read_uncommitted sees them, read_committed none
        String key = jobId.toString();
        List<String> all = List.of(topics.jobs().name(), topics.events().name(), topics.agent("sentiment").tasks().name(),
                topics.agent("entities").tasks().name(), topics.agent("summary").tasks().name());
        assertThat(readUncommitted(kafka, all, key)).hasSize(5);
        for (String topic : all) {
            try (TopicProbe committed = new TopicProbe(kafka, topic)) {
                assertThat(committed.settle(r -> r.key().equals(key), Duration.ofSeconds(1))).as(topic).isEmpty();
            }
        }
    }

    @Test
    void shouldCommitEveryJobOfConcurrentSubmitsThatShareTransactions(TestKafka kafka) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).apply(topics);
        }
        int jobs = 40;
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService submitters = Executors.newFixedThreadPool(jobs);
        try (FanOut fanOut = new FanOut(KafkaSettings.of(kafka.bootstrapServers()), topics, "test-" + UUID.randomUUID(), 1, new SimpleMeterRegistry(),
                supervisor())) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                done.add(submitters.submit(() -> {
                    JobManifest m = JobManifest.create(Ids.newId(), List.of("sentiment"), Instant.now(), Instant.now().plusSeconds(60),
                            null, Map.of());
                    go.await();
                    fanOut.submit(JobRecords.of(m, Document.ofText("x"), topics));
                    ids.add(m.jobId().toString());
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(); // every submit returned normally
            }
        } finally {
            submitters.shutdownNow();
        }
        assertThat(ids).hasSize(jobs);
        try (TopicProbe manifests = new TopicProbe(kafka, topics.jobs().name());
             TopicProbe tasks = new TopicProbe(kafka, topics.agent("sentiment").tasks().name())) {
            assertThat(manifests.awaitMatching(r -> ids.contains(r.key()), jobs, Duration.ofSeconds(30))).hasSize(jobs);
            assertThat(tasks.awaitMatching(r -> ids.contains(r.key()), jobs, Duration.ofSeconds(30))).hasSize(jobs);
        }
    }

    @Test
    void shouldFailEveryJobOfABatchWhoseTransactionAborts(TestKafka kafka) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).apply(topics);
        }
        CountDownLatch firstInCommit = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger commits = new AtomicInteger();
        Set<String> poisoned = ConcurrentHashMap.newKeySet();
        try (FanOut fanOut = new FanOut(KafkaSettings.of(kafka.bootstrapServers()), topics, "test-" + UUID.randomUUID(), 1, new SimpleMeterRegistry(),
                supervisor(), m -> {
            if (commits.incrementAndGet() == 1) {
                firstInCommit.countDown(); // hold the only committer until two more jobs wait, so they share the next batch
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (poisoned.contains(m.jobId().toString())) {
                throw new IllegalStateException("poisoned");
            }
        })) {
            ExecutorService submitters = Executors.newFixedThreadPool(3);
            try {
                Future<?> first = submitters.submit(() -> fanOut.submit(plan("sentiment")));
                firstInCommit.await();
                JobRecords bad = plan("sentiment");
                JobRecords good = plan("sentiment");
                poisoned.add(bad.manifest().jobId().toString());
                Future<?> badDone = submitters.submit(() -> fanOut.submit(bad));
                Future<?> goodDone = submitters.submit(() -> fanOut.submit(good));
                await().atMost(Duration.ofSeconds(10)).until(() -> fanOut.queued() == 2);
                release.countDown();
                first.get();
                assertThatThrownBy(badDone::get).hasCauseInstanceOf(FanOutException.class);
                assertThatThrownBy(goodDone::get).hasCauseInstanceOf(FanOutException.class);
                try (TopicProbe committed = new TopicProbe(kafka, topics.jobs().name())) {
                    assertThat(committed.settle(r -> r.key().equals(good.manifest().jobId().toString()), Duration.ofSeconds(1))).isEmpty();
                }
                // the committer is healthy afterwards
                JobRecords after = plan("sentiment");
                fanOut.submit(after);
                try (TopicProbe committed = new TopicProbe(kafka, topics.jobs().name())) {
                    assertThat(committed.awaitMatching(r -> r.key().equals(after.manifest().jobId().toString()), 1,
                            Duration.ofSeconds(30))).hasSize(1);
                }
            } finally {
                submitters.shutdownNow();
            }
        }
    }

    @Test
    void shouldCommitTheOtherJobsOfABatchWhenKafkaRefusesOneJobsRecordAsTooLarge(TestKafka kafka) throws Exception {
        // Given a task topic whose max.message.bytes is smaller than topics.yaml says (so the size check passes)
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).apply(topics);
        }
        String tiny = "tiny-" + UUID.randomUUID().toString().substring(0, 8);
        TopicCatalogue withTiny = topics.withAgent(tiny);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(withTiny.agent(tiny).tasks().name(), 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "65536")))).all().get();
        }
        CountDownLatch firstInCommit = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger commits = new AtomicInteger();
        try (FanOut fanOut = new FanOut(KafkaSettings.of(kafka.bootstrapServers()), withTiny, "test-" + UUID.randomUUID(), 1,
                new SimpleMeterRegistry(), supervisor(), m -> {
                    if (commits.incrementAndGet() == 1) {
                        firstInCommit.countDown(); // hold the only committer until the next jobs wait, so they share a batch
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                })) {
            ExecutorService submitters = Executors.newFixedThreadPool(4);
            try {
                Future<?> first = submitters.submit(() -> fanOut.submit(plan("sentiment")));
                firstInCommit.await();
                JobRecords before = plan("sentiment", "fine", withTiny);
                JobRecords oversized = plan(tiny, "x".repeat(100_000), withTiny);
                JobRecords after = plan("sentiment", "fine too", withTiny);
                Future<?> beforeDone = submitters.submit(() -> fanOut.submit(before));
                await().atMost(Duration.ofSeconds(10)).until(() -> fanOut.queued() == 1);
                Future<?> oversizedDone = submitters.submit(() -> fanOut.submit(oversized));
                await().atMost(Duration.ofSeconds(10)).until(() -> fanOut.queued() == 2);
                Future<?> afterDone = submitters.submit(() -> fanOut.submit(after));
                await().atMost(Duration.ofSeconds(10)).until(() -> fanOut.queued() == 3);

                // When the three are written in one batch and Kafka refuses the oversized job's task
                release.countDown();
                first.get();

                // Then only that job fails, as too large, and the other two are committed
                assertThatThrownBy(oversizedDone::get).cause().isInstanceOfSatisfying(JobTooLargeException.class,
                        e -> assertThat(e.topic()).isEqualTo(withTiny.agent(tiny).tasks().name()));
                beforeDone.get();
                afterDone.get();
                try (TopicProbe manifests = new TopicProbe(kafka, topics.jobs().name())) {
                    Set<String> committed = Set.of(key(before), key(after));
                    assertThat(manifests.awaitMatching(r -> committed.contains(r.key()), 2, Duration.ofSeconds(30))).hasSize(2);
                    assertThat(manifests.settle(r -> r.key().equals(key(oversized)), Duration.ofSeconds(1))).isEmpty();
                }
            } finally {
                submitters.shutdownNow();
            }
        }
    }

    private static String key(JobRecords job) {
        return job.manifest().jobId().toString();
    }

    private JobRecords plan(String agent) {
        return plan(agent, "x", topics);
    }

    private static JobRecords plan(String agent, String document, TopicCatalogue catalogue) {
        return JobRecords.of(JobManifest.create(Ids.newId(), List.of(agent), Instant.now(), Instant.now().plusSeconds(60), null,
                Map.of()), Document.ofText(document), catalogue);
    }

    private static Supervisor supervisor() {
        return new Supervisor(new ReadinessChecks(), new SimpleMeterRegistry(), Supervisor.Backoff.DEFAULT);
    }

    private static List<ConsumerRecord<String, byte[]>> readUncommitted(TestKafka kafka, List<String> topics, String key) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "uncommitted-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        ArrayList<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(Set.copyOf(topics));
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (seen.size() < 5 && System.nanoTime() < until) {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        seen.add(r);
                    }
                });
            }
        }
        return seen;
    }
}
