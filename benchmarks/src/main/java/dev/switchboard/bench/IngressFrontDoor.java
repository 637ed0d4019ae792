package dev.switchboard.bench;

import dev.switchboard.contracts.topic.Topic;
import dev.switchboard.orchestrator.jobs.JobIds;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One record per job on {@code switchboard.submissions} (decision 0036), from a plain producer with Kafka's defaults, as a
 * Kafka shop would produce them: key = a fresh idempotency key, value = a {@code POST /v1/jobs} body with its version.
 * The job id is the one the orchestrator derives from the ingress owner and the key.
 */
final class IngressFrontDoor implements FrontDoor, AutoCloseable {
    /** A {@code POST /v1/jobs} body for the three no-op agents, with the message version the ingress reads. */
    static final byte[] VALUE = ("{\"version\":1," + FrontDoorBench.JOB_BODY.substring(1)).getBytes(StandardCharsets.UTF_8);

    private final Topic<String, byte[]> submissions;
    private final String owner;
    private final KafkaProducer<String, byte[]> producer;

    /** @param owner the owner the orchestrator gives ingress jobs ({@code SWITCHBOARD_INGRESS_OWNER}) */
    IngressFrontDoor(String bootstrap, Topic<String, byte[]> submissions, String owner) {
        this.submissions = submissions;
        this.owner = owner;
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public Set<String> flood(int jobs) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < jobs; i++) {
            ids.add(send());
        }
        producer.flush();
        return ids;
    }

    /** Hands the record to the producer (sent within its {@code linger.ms}); a lost record shows as a missing report. */
    @Override
    public List<String> submitUnit() {
        return List.of(send());
    }

    @Override
    public int unit() {
        return 1;
    }

    private String send() {
        String key = "bench-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(submissions.name(), key, VALUE));
        return JobIds.newJobId(owner, key).toString();
    }

    @Override
    public void close() {
        producer.close();
    }
}
