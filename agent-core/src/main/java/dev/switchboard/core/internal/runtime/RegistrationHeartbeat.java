package dev.switchboard.core.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.message.AgentRegistration;
import dev.switchboard.core.message.Versioned;
import dev.switchboard.core.topic.Topic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Announces an agent instance on {@code switchboard.agents}: UP at start and every interval, STOPPED at close. */
final class RegistrationHeartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegistrationHeartbeat.class);

    private final Producer<String, byte[]> producer;
    private final Topic<String, AgentRegistration> topic;
    private final String agent;
    private final String instanceId;
    private final String outputType;
    private final JsonNode outputSchema;
    private final int concurrency;
    private final Clock clock;
    private final Instant startedAt;
    private final ScheduledExecutorService timer;

    RegistrationHeartbeat(Producer<String, byte[]> producer, Topic<String, AgentRegistration> topic, String agent,
                          String instanceId, Class<?> outputType, JsonNode outputSchema, int concurrency, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.agent = agent;
        this.instanceId = instanceId;
        this.outputType = outputType.getName();
        this.outputSchema = outputSchema;
        this.concurrency = concurrency;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-" + agent + "-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    void start(Duration interval) {
        timer.scheduleAtFixedRate(() -> send(AgentRegistration.Status.UP), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void send(AgentRegistration.Status status) {
        AgentRegistration registration = new AgentRegistration(Versioned.CURRENT_VERSION, agent, instanceId, outputType,
                outputSchema, concurrency, status, startedAt, clock.instant());
        try {
            producer.send(new ProducerRecord<>(topic.name(), agent,
                    topic.valueSerde().serializer().serialize(topic.name(), registration)), (md, e) -> {
                        if (e != null) {
                            log.warn("Heartbeat of {} failed: {}", agent, e.toString());
                        }
                    });
        } catch (RuntimeException e) {
            log.warn("Heartbeat of {} failed: {}", agent, e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        send(AgentRegistration.Status.STOPPED);
        producer.flush();
    }
}
