package dev.switchboard.orchestrator.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.config.KafkaSettings;
import dev.switchboard.core.message.Document;
import dev.switchboard.core.message.Ids;
import dev.switchboard.core.message.JobManifest;
import dev.switchboard.core.topic.TopicCatalogue;
import dev.switchboard.core.topic.TopicProvisioner;
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
        try (FanOut failing = new FanOut(KafkaSettings.of(kafka.bootstrapServers()), topics, "test-" + UUID.randomUUID(), 1, new SimpleMeterRegistry(), m -> {
            throw new IllegalStateException("crash between the sends and the commit");
        })) {
            assertThatThrownBy(() -> failing.submit(new FanOut.JobPlan(manifest, Document.ofText("x"))))
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
        try (FanOut fanOut = new FanOut(KafkaSettings.of(kafka.bootstrapServers()), topics, "test-" + UUID.randomUUID(), 1, new SimpleMeterRegistry())) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                done.add(submitters.submit(() -> {
                    JobManifest m = JobManifest.create(Ids.newId(), List.of("sentiment"), Instant.now(), Instant.now().plusSeconds(60),
                            null, Map.of());
                    go.await();
                    fanOut.submit(new FanOut.JobPlan(m, Document.ofText("x")));
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
        try (FanOut fanOut = new FanOut(KafkaSettings.of(kafka.bootstrapServers()), topics, "test-" + UUID.randomUUID(), 1, new SimpleMeterRegistry(), m -> {
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
                FanOut.JobPlan bad = plan("sentiment");
                FanOut.JobPlan good = plan("sentiment");
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
                FanOut.JobPlan after = plan("sentiment");
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

    private static FanOut.JobPlan plan(String agent) {
        return new FanOut.JobPlan(JobManifest.create(Ids.newId(), List.of(agent), Instant.now(), Instant.now().plusSeconds(60), null,
                Map.of()), Document.ofText("x"));
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
