package dev.switchboard.orchestrator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.ErrorInfo;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.contracts.topic.Topic;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.jobs.JobIds;
import dev.switchboard.testkit.TestKafka;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes what agents and the aggregator would write, so the orchestrator can be tested alone. */
public final class TestRecords implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final TopicCatalogue topics;

    public TestRecords(TestKafka kafka, TopicCatalogue topics) {
        this.producer = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer());
        this.topics = topics;
    }

    public <V> void write(Topic<String, V> topic, String key, V value) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Task task(UUID jobId, String agent, int attempt) {
        Instant now = Instant.now();
        return new Task(Versioned.CURRENT_VERSION, jobId, JobIds.taskId(jobId, agent), agent, attempt,
                Document.ofText("x"), null, now, now.plusSeconds(60));
    }

    public AgentResult ok(UUID jobId, String agent) {
        AgentResult r = AgentResult.ok(task(jobId, agent, 1), JsonNodeFactory.instance.objectNode().put("fine", true),
                "offline", null, Instant.now(), Instant.now());
        write(topics.results(), jobId.toString(), r);
        return r;
    }

    public AgentResult failed(UUID jobId, String agent) {
        AgentResult r = AgentResult.failed(task(jobId, agent, 2), ErrorInfo.of(ErrorType.AGENT_ERROR, "boom"),
                "offline", null, Instant.now(), Instant.now());
        write(topics.results(), jobId.toString(), r);
        return r;
    }

    public void event(UUID jobId, JobEvent.Type type, String agent) {
        JobEvent e = agent == null ? JobEvent.ofJob(jobId, type, null, Instant.now())
                : JobEvent.ofTask(task(jobId, agent, 1), type, null, Instant.now());
        write(topics.events(), jobId.toString(), e);
    }

    public Report report(UUID jobId, Report.Status status, Map<String, AgentResult> results) {
        Report r = new Report(Versioned.CURRENT_VERSION, jobId, status, results, List.of(), List.of(), "All done.", Instant.now());
        write(topics.reports(), jobId.toString(), r);
        return r;
    }

    @Override
    public void close() {
        producer.close();
    }
}
