package dev.switchboard.orchestrator.ingress;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.health.ConsumerLoop;
import dev.switchboard.orchestrator.http.SubmitRequestParser;
import dev.switchboard.orchestrator.ingress.internal.PollWriter;
import dev.switchboard.orchestrator.ingress.internal.RefusedByKafka;
import dev.switchboard.orchestrator.ingress.internal.RefusedSubmissions;
import dev.switchboard.orchestrator.ingress.internal.StrictUtf8Keys;
import dev.switchboard.orchestrator.ingress.internal.SubmissionDecider;
import dev.switchboard.orchestrator.ingress.internal.ViewGate;
import dev.switchboard.orchestrator.jobs.FanOut;
import dev.switchboard.orchestrator.view.JobView;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The Kafka front door (decision 0036): consumes {@code switchboard.submissions} ({@code read_committed}, no auto commit,
 * the group of {@link IngressConfig#groupId()}) and turns each record into a job exactly once, or into a dead letter on
 * {@code switchboard.submissions.dlq}, through one transactional producer whose transactions also commit the consumed
 * offsets ({@link PollWriter}). Supervised as {@link #PART}: a failed run closes its consumer and producer, and the next
 * run starts from the committed offsets with a producer of the same transactional id, which aborts what the failed one
 * left open. So a record is re-read after any failure and its job is written once. It consumes nothing until the job
 * view has caught up with the log, and after every (re)assignment and failed transaction it decides nothing more until
 * the view has read the jobs topic to its end offsets of then ({@link ViewGate}), so a key the log knows (written by
 * another replica, or by a commit whose outcome was unknown) is never taken for a new one.
 */
public final class KafkaIngress extends ConsumerLoop {
    /** Readiness check and thread name. */
    public static final String PART = "kafka-ingress";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CATCH_UP_CHECK = Duration.ofMillis(100);

    private final IngressConfig config;
    private final KafkaSettings kafka;
    private final TopicCatalogue topics;
    private final String transactionalId;
    private final PollWriter writer;
    private final JobView view;
    private ViewGate gate;

    public KafkaIngress(IngressConfig config, String instanceId, KafkaSettings kafka, TopicCatalogue topics, SubmitRequestParser parser,
                        JobView view, MeterRegistry registry, Clock clock) {
        this(config, instanceId, kafka, topics, parser, view, registry, clock, () -> { });
    }

    /** {@code beforeCommit} runs inside each transaction after every send: tests make it throw, as a crash before commit. */
    public KafkaIngress(IngressConfig config, String instanceId, KafkaSettings kafka, TopicCatalogue topics, SubmitRequestParser parser,
                        JobView view, MeterRegistry registry, Clock clock, Runnable beforeCommit) {
        this.config = config;
        this.kafka = kafka;
        this.topics = topics;
        this.transactionalId = transactionalId(instanceId);
        this.view = view;
        this.writer = new PollWriter(new SubmissionDecider(parser, view, topics, config.owner(), clock), new RefusedSubmissions(topics),
                new RefusedByKafka(), view::accepted, beforeCommit, clock, registry);
    }

    /** The ingress producer's transactional id: the same at every start of the orchestrator {@code instanceId}. */
    public static String transactionalId(String instanceId) {
        return "switchboard-orchestrator-" + instanceId + "-ingress";
    }

    @Override
    protected KafkaConsumer<String, byte[]> newConsumer() {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.CLIENT_ID_CONFIG, transactionalId)),
                new StrictUtf8Keys(), new ByteArrayDeserializer());
        gate = new ViewGate(() -> consumer.endOffsets(consumer.partitionsFor(topics.jobs().name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList()), view::hasRead);
        consumer.subscribe(List.of(topics.submissions().name()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                // the transactions of this poll end before the next poll: nothing to do
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                gate.close(); // another replica may have written keys of these partitions
            }
        });
        return consumer;
    }

    @Override
    protected void poll(KafkaConsumer<String, byte[]> consumer, Runnable up) throws InterruptedException {
        while (!view.caughtUp()) { // until then a known key could look new, as HTTP submits answer 503 meanwhile
            if (stopping()) {
                return;
            }
            Thread.sleep(CATCH_UP_CHECK.toMillis());
        }
        try (Producer<String, byte[]> producer = FanOut.newProducer(kafka, topics, transactionalId)) {
            up.run();
            while (!stopping()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (records.isEmpty() || !awaitGate()) {
                    continue;
                }
                try {
                    writer.write(records, consumer.groupMetadata(), producer);
                } catch (RuntimeException e) {
                    gate.close(); // the commit may have happened: the next run decides after reading the log again
                    throw e;
                }
            }
        }
    }

    /** Waits until the gate opens; false when stopping first. */
    private boolean awaitGate() throws InterruptedException {
        while (!gate.open()) {
            if (stopping()) {
                return false;
            }
            Thread.sleep(CATCH_UP_CHECK.toMillis());
        }
        return true;
    }
}
