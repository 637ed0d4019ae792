package dev.switchboard.core.internal.runtime;

import dev.switchboard.core.Agent;
import dev.switchboard.core.runtime.FailureClassifier;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.core.config.Consumption;
import dev.switchboard.core.config.LlmCallsConfig;
import dev.switchboard.core.config.WorkerConfig;
import dev.switchboard.core.internal.llm.JsonShape;
import dev.switchboard.contracts.topic.AgentTopics;
import dev.switchboard.contracts.topic.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles and runs one agent: consumer-group task source, processor, producer, heartbeat, metrics. */
public final class AgentRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentRuntime.class);

    private final Agent<?> agent;
    private final WorkerConfig config;
    private final KafkaProducer<String, byte[]> producer;
    private final TaskSource source;
    private final TaskProcessor processor;
    private final RegistrationHeartbeat heartbeat;
    private final KafkaClientMetrics consumerMetrics;
    private final KafkaClientMetrics producerMetrics;
    private final TaskMetrics taskMetrics;
    /** The exact-match answer cache, when {@code SWITCHBOARD_LLM_CACHE=exact}: one per process ({@link SharedAnswerCaches}). */
    private final AnswerCache answerCache;
    private volatile boolean closed;
    private volatile boolean started;

    public AgentRuntime(Agent<?> agent, KafkaSettings kafka, TopicCatalogue catalogue, LlmGateway gateway,
                        WorkerConfig config, FailureClassifier classifier, MeterRegistry registry, Clock clock) {
        this.agent = agent;
        this.config = config;
        AgentTopics topics = catalogue.agent(agent.name());
        String clientId = "switchboard-" + agent.name() + "-" + config.instanceId();
        Map<String, Object> producerConfig = new HashMap<>(catalogue.producerSizeConfig());
        producerConfig.putAll(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5));
        this.producer = new KafkaProducer<>(kafka.clientConfig(producerConfig), new StringSerializer(), new ByteArraySerializer());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumerProtocolConfig(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-consumer",
                ConsumerConfig.GROUP_ID_CONFIG, ShareModeSources.consumerGroupId(config, agent.name()),
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                // range splits every topic's partitions across the members, so each instance gets main-topic
                // work; the uniform assignor may hand one member only retry-tier partitions
                ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "range",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.concurrency())),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        this.consumerMetrics.bindTo(registry);
        this.producerMetrics = new KafkaClientMetrics(producer);
        this.producerMetrics.bindTo(registry);
        QueueSignals queue = new QueueSignals(registry, agent.name(), config.instanceId(), clock);
        this.source = config.consumption() == Consumption.SHARE
                ? ShareModeSources.create(consumer, kafka, topics, config, clock, queue, registry, clientId)
                : new ConsumerGroupTaskSource(consumer, topics, config, clock, queue);
        this.taskMetrics = new TaskMetrics(registry, agent.name());
        this.answerCache = config.llmCalls().cache() == LlmCallsConfig.Cache.EXACT
                ? SharedAnswerCaches.acquire(kafka, catalogue.llmCalls().name(), config.llmCalls().cacheTtl(),
                        config.llmCalls().cacheMaxBytes(), clock, clientId) : null;
        KafkaJournalStore journal = new KafkaJournalStore(producer, catalogue.llmCalls().name(), kafka, clientId, answerCache,
                registry);
        this.processor = new TaskProcessor(agent, topics, gateway, new OutputPublisher(producer, catalogue),
                classifier, taskMetrics, clock, journal, config.llmCalls().prices());
        this.heartbeat = new RegistrationHeartbeat(producer, catalogue.agents(), agent.name(), config.instanceId(),
                agent.outputType(), JsonShape.of(agent.outputType()), config.concurrency(), clock,
                () -> RegistrationHeartbeat.signals(queue, taskMetrics));
    }

    public void start() {
        started = true;
        if (answerCache != null) {
            answerCache.start();
        }
        source.start(processor);
        heartbeat.start(config.heartbeatInterval());
        log.info("Agent {} started (instance {}, concurrency {})", agent.name(), config.instanceId(), config.concurrency());
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    /** True once the worker stopped, closed or failed. */
    public boolean isStopped() {
        return source.isStopped();
    }

    /** Why the worker stopped on its own, if it did. */
    public Throwable failure() {
        return source.failure();
    }

    /**
     * Drains, commits and closes within the drain timeout, whether the broker answers or not. Never started, it releases
     * its clients at once: there is nothing to drain, and no registration to end with a STOPPED heartbeat.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        // keep a little of the budget for the STOPPED heartbeat and the producer's close
        Duration reserve = config.drainTimeout().dividedBy(5).compareTo(Duration.ofSeconds(1)) < 0
                ? config.drainTimeout().dividedBy(5) : Duration.ofSeconds(1);
        source.close(config.drainTimeout().minus(reserve));
        try {
            if (started) {
                heartbeat.close(remaining(deadline));
            } else {
                heartbeat.discard();
            }
        } catch (RuntimeException e) {
            log.warn("Final heartbeat of {} failed: {}", agent.name(), e.toString());
        }
        if (answerCache != null) {
            SharedAnswerCaches.release(answerCache);
        }
        producer.close(remaining(deadline));
        consumerMetrics.close();
        producerMetrics.close();
        log.info("Agent {} stopped (instance {}, {} task(s) handled)", agent.name(), config.instanceId(), taskMetrics.handled());
    }
}
