package dev.switchboard.orchestrator.health;

import java.time.Duration;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A {@link SupervisedLoop} that owns one Kafka consumer per run: it creates the consumer, hands it
 * to {@link #poll}, and closes it when the run ends; {@link #stop()} wakes a blocked poll up.
 */
public abstract class ConsumerLoop implements SupervisedLoop {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, byte[]> consumer;

    /** A new consumer for one run. */
    protected abstract KafkaConsumer<String, byte[]> newConsumer();

    /** One run: set up, call {@code up}, poll until {@link #stopping()}. */
    protected abstract void poll(KafkaConsumer<String, byte[]> consumer, Runnable up) throws Exception;

    /** True once {@link #stop()} was called. */
    protected final boolean stopping() {
        return stopping;
    }

    @Override
    public final void run(Runnable up) throws Exception {
        KafkaConsumer<String, byte[]> c = newConsumer();
        consumer = c;
        try {
            if (!stopping) {
                poll(c, up);
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } finally {
            consumer = null;
            c.close(CLOSE_TIMEOUT);
        }
    }

    @Override
    public final void stop() {
        stopping = true;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}
