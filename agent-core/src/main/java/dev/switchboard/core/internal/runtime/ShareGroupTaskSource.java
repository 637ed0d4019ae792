package dev.switchboard.core.internal.runtime;

import dev.switchboard.contracts.topic.AgentTopics;
import dev.switchboard.core.config.WorkerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks from a Kafka share group (decision 0038), acknowledged one by one. One thread owns the consumer (explicit
 * acknowledgement; it is single-threaded); a pool of {@code concurrency} threads runs the handler. The poll thread:
 * <ul>
 *   <li>acknowledges a record {@code ACCEPT} once the handler returned, that is once Kafka has its result, retry or
 *       dead letter; {@code RELEASE} when its outputs could not be written, or at shutdown when it did not finish;</li>
 *   <li>polls again only when every record of the last poll is acknowledged (the consumer's rule in explicit mode); a
 *       record still running when half its lock has passed is acknowledged {@code RENEW}, which extends its lock, and
 *       the consumer hands it back on the next poll, to be acknowledged again;</li>
 *   <li>counts deliveries instead of crash markers: a record delivered more than {@code maxCrashes} times is handed to
 *       {@link RecordHandler#poison} instead of the agent, and one delivered before runs with {@code mayHaveRunBefore}.</li>
 * </ul>
 * Shutdown, with the broker reachable or not, finishes within the drain timeout.
 */
final class ShareGroupTaskSource extends PollThreadSource {
    private static final Logger log = LoggerFactory.getLogger(ShareGroupTaskSource.class);
    /** The broker's default record lock, until the consumer reports the group's. */
    private static final Duration DEFAULT_LOCK = Duration.ofSeconds(30);
    private static final Duration BACKLOG_REFRESH = Duration.ofSeconds(5);

    private final ShareConsumer<String, byte[]> consumer;
    private final ShareGroupAdmin admin;
    private final AgentTopics topics;
    private final WorkerConfig config;
    private final Clock clock;
    private final QueueSignals signals;
    private final ExecutorService workers;
    /** Records this worker acquired and has not acknowledged for good; the poll thread's only. */
    private final Map<RecordId, Delivery> deliveries = new HashMap<>();
    private final LinkedBlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private long backlogRefreshedAt = System.nanoTime() - BACKLOG_REFRESH.toNanos();

    private record RecordId(String topic, int partition, long offset) {
        static RecordId of(ConsumerRecord<?, ?> record) {
            return new RecordId(record.topic(), record.partition(), record.offset());
        }

        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    /** How the handler left a record: ACCEPT (its outputs are in Kafka) or RELEASE (they are not). */
    private record Outcome(RecordId id, AcknowledgeType type) {
    }

    /** One acquired record. */
    private static final class Delivery {
        /** The instance the last poll returned: the consumer acknowledges only records of its current fetch. */
        private ConsumerRecord<String, byte[]> record;
        private final long enqueuedMillis;
        /** In the consumer's current fetch: it must be acknowledged before the next poll. Otherwise it is renewing. */
        private boolean held = true;
        private long renewedAt;
        /** Its renewal did not come back within a lock's time: the broker may deliver it again, here or elsewhere. */
        private boolean lost;
        private AcknowledgeType outcome;

        private Delivery(ConsumerRecord<String, byte[]> record, long enqueuedMillis) {
            this.record = record;
            this.enqueuedMillis = enqueuedMillis;
        }
    }

    /** Runs the handler on {@code concurrency} threads, each run holding one of {@code permits} (shared with the retry tiers). */
    ShareGroupTaskSource(ShareConsumer<String, byte[]> consumer, ShareGroupAdmin admin, AgentTopics topics, WorkerConfig config,
                         Clock clock, QueueSignals signals, Semaphore permits) {
        super("switchboard-" + topics.agent() + "-share-poll", consumer::wakeup);
        this.consumer = consumer;
        this.admin = admin;
        this.topics = topics;
        this.config = config;
        this.clock = clock;
        this.signals = signals;
        this.workers = WorkerPool.of(topics.agent() + "-share", config.concurrency(), permits);
    }

    @Override
    protected void run() {
        try {
            admin.configure(config.maxCrashes());
            consumer.setAcknowledgementCommitCallback((offsets, error) -> {
                if (error != null) {
                    log.warn("Acknowledgements of {} failed ({}); those records are delivered again: {}", topics.agent(), offsets, error.toString());
                }
            });
            consumer.subscribe(List.of(topics.tasks().name()));
            while (running) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(config.pollTimeout());
                } catch (WakeupException e) {
                    continue; // close() was called or a worker failed: the loop condition decides
                }
                long renewAt = System.nanoTime() + lock().toNanos() / 2;
                take(records);
                awaitAcknowledged(renewAt);
            }
        } catch (Throwable e) {
            if (failure == null) {
                failure = e;
            }
            log.error("Share task source of {} stopped on an unexpected error", topics.agent(), e);
        } finally {
            shutdown();
        }
    }

    private Duration lock() {
        return consumer.acquisitionLockTimeoutMs().map(Duration::ofMillis).orElse(DEFAULT_LOCK);
    }

    /**
     * Runs each new record, takes back each renewed one (acknowledging it at once if it finished meanwhile). A record
     * whose renewal was lost and that comes back here while its run goes on is taken back the same way, not run twice:
     * the run's outcome acknowledges the delivery in hand.
     */
    private void take(ConsumerRecords<String, byte[]> records) {
        long now = clock.millis();
        for (ConsumerRecord<String, byte[]> record : records) {
            RecordId id = RecordId.of(record);
            Delivery renewed = deliveries.get(id);
            if (renewed != null) {
                renewed.record = record;
                renewed.held = true;
                renewed.lost = false;
                if (renewed.outcome != null) {
                    acknowledge(id, renewed);
                }
                continue;
            }
            Delivery delivery = new Delivery(record, record.timestamp() < 0 ? now : record.timestamp());
            deliveries.put(id, delivery);
            if (!running) {
                delivery.outcome = AcknowledgeType.RELEASE; // closing: it never starts
                acknowledge(id, delivery);
                continue;
            }
            int delivered = record.deliveryCount().map(Short::intValue).orElse(1);
            if (delivered > config.maxCrashes()) {
                log.warn("Record {} was delivered {} times without an outcome; dead-lettering it as a poison record", id, delivered);
                workers.execute(() -> work(id, h -> h.poison(record, delivered - 1)));
            } else {
                workers.execute(() -> work(id, h -> h.handle(record, delivered > 1)));
            }
        }
    }

    /** One way of handling a record: run it, or set it aside as poison. */
    @FunctionalInterface
    private interface Action {
        void apply(RecordHandler handler) throws Exception;
    }

    private void work(RecordId id, Action action) {
        try {
            action.apply(handler);
            outcomes.add(new Outcome(id, AcknowledgeType.ACCEPT));
        } catch (AbandonedTaskException e) {
            log.debug("Abandoned {} at shutdown", id);
            outcomes.add(new Outcome(id, AcknowledgeType.RELEASE));
        } catch (Throwable e) {
            outcomes.add(new Outcome(id, AcknowledgeType.RELEASE));
            if (running) {
                failure = e;
                log.error("Could not write the outputs of {}; stopping this worker so the task is delivered again", id, e);
                running = false;
                consumer.wakeup();
            }
        }
    }

    /**
     * Acknowledges outcomes as they come until every record of the last poll is acknowledged, or renews those still
     * running once half their lock has passed: either way the next poll may follow.
     */
    private void awaitAcknowledged(long renewAt) throws InterruptedException {
        while (true) {
            applyOutcomes();
            updateSignals();
            if (!running || deliveries.values().stream().noneMatch(d -> d.held)) {
                return;
            }
            long now = System.nanoTime();
            if (now >= renewAt) {
                renew();
                return;
            }
            Outcome next = outcomes.poll(Math.min(renewAt - now, config.pollTimeout().toNanos()), TimeUnit.NANOSECONDS);
            if (next != null) {
                outcomes.add(next); // applied, in order, by the next round
            }
        }
    }

    private void applyOutcomes() {
        boolean acknowledged = false;
        Outcome outcome;
        while ((outcome = outcomes.poll()) != null) {
            Delivery delivery = deliveries.get(outcome.id());
            if (delivery == null) {
                continue;
            }
            delivery.outcome = outcome.type();
            if (delivery.held) {
                acknowledge(outcome.id(), delivery);
                acknowledged = true;
            } else if (delivery.lost) {
                deliveries.remove(outcome.id()); // its lock was lost while it ran: another worker may have it now
            }
        }
        if (acknowledged) {
            consumer.commitAsync(); // send them now, not with the next poll, which may be a while
        }
    }

    private void acknowledge(RecordId id, Delivery delivery) {
        consumer.acknowledge(delivery.record, delivery.outcome);
        deliveries.remove(id);
    }

    private void renew() {
        long now = System.nanoTime();
        for (Delivery delivery : deliveries.values()) {
            if (delivery.held) {
                consumer.acknowledge(delivery.record, AcknowledgeType.RENEW);
                delivery.held = false;
                delivery.renewedAt = now;
            }
        }
        forgetLostRenewals(now);
    }

    /**
     * A record whose renewal did not come back within a lock's time lost its lock: it may run again elsewhere. Finished,
     * it is forgotten; still running, it is kept (lost) until its run ends, so a redelivery here is not run again.
     */
    private void forgetLostRenewals(long now) {
        long lock = lock().toNanos();
        for (Iterator<Map.Entry<RecordId, Delivery>> it = deliveries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<RecordId, Delivery> e = it.next();
            Delivery delivery = e.getValue();
            if (!delivery.held && !delivery.lost && now - delivery.renewedAt > lock) {
                log.warn("The lock of {} was not renewed; it may be delivered to another worker too", e.getKey());
                delivery.lost = true;
            }
            if (delivery.lost && delivery.outcome != null) {
                it.remove();
            }
        }
    }

    /**
     * Queue depth: this worker's share of the group's backlog ({@link ShareGroupAdmin#backlogShare}); message age: the
     * oldest record this worker acquired and has not finished.
     */
    private void updateSignals() {
        if (System.nanoTime() - backlogRefreshedAt >= BACKLOG_REFRESH.toNanos()) {
            backlogRefreshedAt = System.nanoTime();
            admin.refresh();
        }
        long oldest = QueueSignals.NONE;
        for (Delivery delivery : deliveries.values()) {
            if (delivery.outcome == null) {
                oldest = Math.min(oldest, delivery.enqueuedMillis);
            }
        }
        signals.update(admin.backlogShare(), oldest);
    }

    @Override
    protected void releaseUnstarted() {
        workers.shutdown();
        try {
            consumer.close(Duration.ZERO); // never subscribed: nothing acquired, nothing to acknowledge
        } finally {
            admin.close();
            signals.close();
        }
    }

    /**
     * Drains in-flight work, acknowledging each outcome (taking renewed records back to do so), releases what did not
     * finish, sends the acknowledgements and closes, all before the shutdown deadline, with or without a broker.
     */
    private void shutdown() {
        long drainUntil = startShutdown(config.drainTimeout());
        try {
            drainWorkers(workers, drainUntil, () -> {
                applyOutcomes();
                takeBackRenewed();
            }, () -> log.warn("{} task(s) of {} still running at the drain timeout; releasing them for redelivery",
                    deliveries.values().stream().filter(d -> d.outcome == null).count(), topics.agent()));
            applyOutcomes();
            for (Map.Entry<RecordId, Delivery> e : List.copyOf(deliveries.entrySet())) {
                if (e.getValue().held) {
                    e.getValue().outcome = AcknowledgeType.RELEASE;
                    acknowledge(e.getKey(), e.getValue());
                }
            }
            commitSync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        } catch (RuntimeException e) {
            log.warn("Final acknowledgements of {} failed; unacknowledged tasks are delivered again: {}", topics.agent(), e.toString());
        } finally {
            try {
                consumer.close(remainingDrain()); // leaving the group gives back what it still holds, renewing ones too
            } catch (RuntimeException e) {
                log.warn("Closing the share consumer of {} failed: {}", topics.agent(), e.toString());
            }
            admin.close();
            signals.close();
            markStopped();
        }
    }

    /** close() woke the consumer up: that wake-up aborts the next blocking call once, so try again. */
    private void commitSync() {
        for (int attempt = 1; ; attempt++) {
            try {
                consumer.commitSync(remainingDrain());
                return;
            } catch (WakeupException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /** While draining: once nothing else is held, a poll hands back renewing records (and nothing new), to be acknowledged. */
    private void takeBackRenewed() {
        if (deliveries.isEmpty() || deliveries.values().stream().anyMatch(d -> d.held)) {
            return;
        }
        try {
            take(consumer.poll(config.pollTimeout()));
        } catch (WakeupException e) {
            log.debug("Poll of {} woken up while draining", topics.agent());
        }
    }
}
