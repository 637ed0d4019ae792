package dev.switchboard.report.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.AgentGraph;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import dev.switchboard.testkit.TopicProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 500 jobs; the aggregator runs as its own process, is killed with SIGKILL mid-stream and started
 * again: a {@code read_committed} reader sees exactly one report per job. Beside them, 100 staged jobs (synthesis needs
 * the three agents; decision 0030), half answered before the kill, half with their last result after the restart: the
 * reader sees exactly one synthesis task per staged job.
 */
@KafkaTest
class AggregatorCrashIT {
    private static final int JOBS = 500;
    private static final List<String> AGENTS = List.of("sentiment", "entities", "summary");
    private static final int STAGED_JOBS = 100;
    private static final String STAGE_TWO = "synthesis";
    private final TopicCatalogue topics = TopicCatalogue.bundled().including(STAGE_TWO);

    @Test
    void shouldEmitExactlyOneReportPerJobAcrossAKillAndRestart(TestKafka kafka, @TempDir Path dir) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).apply(topics);
        }
        String appId = "aggregator-crash-" + UUID.randomUUID();
        Set<String> jobIds = new HashSet<>();
        List<UUID> staged = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(),
                new ByteArraySerializer());
             TopicProbe reports = new TopicProbe(kafka, topics.reports().name());
             TopicProbe stageTwo = new TopicProbe(kafka, topics.agent(STAGE_TWO).tasks().name())) {
            Process first = startAggregator(kafka, appId, dir, "first");
            try {
                produceStaged(producer, STAGED_JOBS, staged);
                produceJobs(producer, JOBS / 2, jobIds);
                reports.awaitMatching(r -> jobIds.contains(r.key()), 100, Duration.ofSeconds(120));
            } finally {
                first.destroyForcibly(); // SIGKILL: no clean shutdown, a transaction may be open
                first.waitFor();
            }
            produceJobs(producer, JOBS - JOBS / 2, jobIds);
            sendAll(producer, lastResults(staged.subList(STAGED_JOBS / 2, STAGED_JOBS)));
            Process second = startAggregator(kafka, appId, dir, "second");
            try {
                reports.awaitMatching(r -> jobIds.contains(r.key()), JOBS, Duration.ofSeconds(180));
                List<ConsumerRecord<String, byte[]>> all = reports.settle(r -> jobIds.contains(r.key()), Duration.ofSeconds(5));
                Map<String, Integer> perJob = new HashMap<>();
                all.forEach(r -> perJob.merge(r.key(), 1, Integer::sum));
                assertThat(perJob).hasSize(JOBS);
                assertThat(perJob.values()).allMatch(n -> n == 1);
                assertThat(all).hasSize(JOBS);
                Set<String> stagedIds = new HashSet<>(staged.stream().map(UUID::toString).toList());
                stageTwo.awaitMatching(r -> stagedIds.contains(r.key()), STAGED_JOBS, Duration.ofSeconds(60));
                List<ConsumerRecord<String, byte[]>> tasks = stageTwo.settle(r -> stagedIds.contains(r.key()), Duration.ofSeconds(2));
                assertThat(tasks).hasSize(STAGED_JOBS);
                assertThat(tasks.stream().map(ConsumerRecord::key).distinct()).hasSize(STAGED_JOBS);
            } finally {
                second.destroy();
                second.waitFor();
            }
        }
    }

    private void produceJobs(KafkaProducer<String, byte[]> producer, int count, Set<String> jobIds) throws Exception {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            UUID jobId = Ids.newId();
            jobIds.add(jobId.toString());
            JobManifest m = JobManifest.create(jobId, AGENTS, now, now.plusSeconds(600), null, Map.of());
            records.add(new ProducerRecord<>(topics.jobs().name(), jobId.toString(), Json.toBytes(m)));
            for (String agent : AGENTS) {
                records.add(result(jobId, agent, now));
            }
        }
        sendAll(producer, records);
    }

    /**
     * Staged jobs: each manifest with the synthesis's needs and a document, the results of two of the three agents it
     * needs, and for the first half the third too, so their synthesis task is released before the kill.
     */
    private void produceStaged(KafkaProducer<String, byte[]> producer, int count, List<UUID> staged) throws Exception {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            UUID jobId = Ids.newId();
            staged.add(jobId);
            List<String> agents = new ArrayList<>(AGENTS);
            agents.add(STAGE_TWO);
            JobManifest m = JobManifest.create(jobId, agents, now, now.plusSeconds(600), null, Map.of())
                    .withWorkflow(AgentGraph.of(Map.of(STAGE_TWO, AGENTS)), Document.ofText("staged " + i));
            records.add(new ProducerRecord<>(topics.jobs().name(), jobId.toString(), Json.toBytes(m)));
            for (String agent : AGENTS.subList(0, 2)) {
                records.add(result(jobId, agent, now));
            }
        }
        records.addAll(lastResults(staged.subList(0, count / 2)));
        sendAll(producer, records);
    }

    private List<ProducerRecord<String, byte[]>> lastResults(List<UUID> jobs) {
        Instant now = Instant.now();
        return jobs.stream().map(jobId -> result(jobId, AGENTS.get(2), now)).toList();
    }

    private ProducerRecord<String, byte[]> result(UUID jobId, String agent, Instant now) {
        Task task = Task.create(jobId, agent, Document.ofText("x"), null, now, now.plusSeconds(600));
        AgentResult r = AgentResult.ok(task, Json.toTree(Map.of("agent", agent)), "offline", null, now, now);
        return new ProducerRecord<>(topics.results().name(), jobId.toString(), Json.toBytes(r));
    }

    private static void sendAll(KafkaProducer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records)
            throws Exception {
        List<Future<RecordMetadata>> sends = records.stream().map(producer::send).toList();
        for (Future<RecordMetadata> sent : sends) {
            sent.get();
        }
    }

    private static Process startAggregator(TestKafka kafka, String appId, Path dir, String name) throws Exception {
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ReportAggregator.class.getName());
        Map<String, String> env = pb.environment();
        env.put("SWITCHBOARD_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SWITCHBOARD_AGGREGATOR_APPLICATION_ID", appId);
        env.put("SWITCHBOARD_AGGREGATOR_STATE_DIR", dir.resolve("state").toString());
        env.put("SWITCHBOARD_KAFKA_SESSION_TIMEOUT_MS", "10000");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Files.createDirectories(dir.resolve("state"));
        return pb.start();
    }
}
