package dev.switchboard.core.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.AgentRegistration;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.contracts.topic.Topic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import dev.switchboard.core.internal.llm.QuotaView;
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
    private final Supplier<AgentRegistration.Signals> signals;

    RegistrationHeartbeat(Producer<String, byte[]> producer, Topic<String, AgentRegistration> topic, String agent,
                          String instanceId, Class<?> outputType, JsonNode outputSchema, int concurrency, Clock clock) {
        this(producer, topic, agent, instanceId, outputType, outputSchema, concurrency, clock, () -> null);
    }

    /** {@code signals}: what each heartbeat reports of the instance's load (null: nothing). */
    RegistrationHeartbeat(Producer<String, byte[]> producer, Topic<String, AgentRegistration> topic, String agent,
                          String instanceId, Class<?> outputType, JsonNode outputSchema, int concurrency, Clock clock,
                          Supplier<AgentRegistration.Signals> signals) {
        this.signals = signals;
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

    private java.util.concurrent.Future<?> send(AgentRegistration.Status status) {
        AgentRegistration registration = new AgentRegistration(Versioned.CURRENT_VERSION, agent, instanceId, outputType,
                outputSchema, concurrency, status, startedAt, clock.instant(), signalsOrNone());
        try {
            return producer.send(new ProducerRecord<>(topic.name(), agent,
                    topic.valueSerde().serializer().serialize(topic.name(), registration)), (md, e) -> {
                        if (e != null) {
                            log.warn("Heartbeat of {} failed: {}", agent, e.toString());
                        }
                    });
        } catch (RuntimeException e) {
            log.warn("Heartbeat of {} failed: {}", agent, e.toString());
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    }

    /** The worker's queue signals, tasks in flight and the process's provider-account quotas (decision 0033). */
    static AgentRegistration.Signals signals(QueueSignals queue, TaskMetrics tasks) {
        return new AgentRegistration.Signals(queue.lag(), queue.oldestAgeSeconds(), tasks.inFlight(), QuotaView.current());
    }

    /** The signals, or none when reading them fails: a heartbeat is sent regardless. */
    private AgentRegistration.Signals signalsOrNone() {
        try {
            return signals.get();
        } catch (RuntimeException e) {
            log.debug("Signals of {} unavailable: {}", agent, e.toString());
            return null;
        }
    }

    /** Stops the timer of a heartbeat never started: the worker never registered, so it sends no STOPPED. */
    void discard() {
        timer.shutdownNow();
    }

    /** Sends STOPPED and waits for it at most {@code timeout}: a broker that is gone must not hold shutdown. */
    void close(Duration timeout) {
        timer.shutdownNow();
        java.util.concurrent.CompletableFuture<Void> stopped = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                send(AgentRegistration.Status.STOPPED).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn("Final heartbeat of {} failed: {}", agent, e.getCause().toString());
            }
        }, r -> {
            Thread t = new Thread(r, "switchboard-" + agent + "-stopped");
            t.setDaemon(true);
            t.start();
        });
        try {
            stopped.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            log.warn("Final heartbeat of {} not acknowledged within {}; closing anyway", agent, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            log.warn("Final heartbeat of {} failed: {}", agent, e.getCause().toString());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
