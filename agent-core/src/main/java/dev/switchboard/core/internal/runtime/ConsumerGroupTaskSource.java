package dev.switchboard.core.internal.runtime;

import dev.switchboard.core.config.WorkerConfig;
import dev.switchboard.core.topic.AgentTopics;
import dev.switchboard.core.topic.RetryTier;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks from a consumer group. One thread owns the consumer; a pool of {@code concurrency}
 * threads runs the handler. The poll thread:
 * <ul>
 *   <li>commits per partition only up to the lowest unfinished offset ({@link OffsetTracker});</li>
 *   <li>pauses every partition while in-flight work is full, and keeps polling (so the group
 *       keeps the member); pauses are recomputed every loop, so they survive rebalances;</li>
 *   <li>holds a retry-tier partition paused until its head record is due, without touching the
 *       main topic;</li>
 *   <li>on revocation commits what finished of the revoked partitions, never past unfinished work.</li>
 * </ul>
 */
final class ConsumerGroupTaskSource implements TaskSource {
    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupTaskSource.class);

    private final Consumer<String, byte[]> consumer;
    private final AgentTopics topics;
    private final WorkerConfig config;
    private final Clock clock;
    private final ExecutorService workers;
    private final Map<TopicPartition, OffsetTracker> trackers = new HashMap<>();
    private final Map<TopicPartition, Long> retryPausedUntil = new HashMap<>();
    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Duration drain = WorkerConfig.DEFAULT_DRAIN_TIMEOUT;
    private volatile Throwable failure;
    private Thread pollThread;
    private RecordHandler handler;
    private long lastCommit;

    private record Completion(TopicPartition partition, long offset, OffsetTracker tracker) {
    }

    ConsumerGroupTaskSource(Consumer<String, byte[]> consumer, AgentTopics topics, WorkerConfig config, Clock clock) {
        this.consumer = consumer;
        this.topics = topics;
        this.config = config;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(config.concurrency(), config.concurrency(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "switchboard-" + topics.agent() + "-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public void start(RecordHandler handler) {
        this.handler = handler;
        pollThread = new Thread(this::run, "switchboard-" + topics.agent() + "-poll");
        pollThread.start();
    }

    @Override
    public void close(Duration drainTimeout) {
        this.drain = drainTimeout;
        running = false;
        consumer.wakeup();
        try {
            if (!stopped.await(drainTimeout.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
                log.warn("Poll thread of {} did not stop in time", topics.agent());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    private void run() {
        try {
            consumer.subscribe(topics.consumedTopics(), new Rebalance());
            lastCommit = System.nanoTime();
            while (running) {
                applyCompletions();
                applyPauses();
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(config.pollTimeout());
                } catch (WakeupException e) {
                    continue; // a slot freed up while paused, or close() was called: the loop condition decides
                }
                dispatch(records);
                applyCompletions();
                if (System.nanoTime() - lastCommit >= config.commitInterval().toNanos()) {
                    commit(trackers.keySet(), false);
                }
            }
        } catch (Throwable e) {
            if (failure == null) {
                failure = e;
            }
            log.error("Task source of {} stopped on an unexpected error", topics.agent(), e);
        } finally {
            shutdown();
        }
    }

    private void dispatch(ConsumerRecords<String, byte[]> records) {
        long now = clock.millis();
        for (TopicPartition tp : records.partitions()) {
            Optional<RetryTier> tier = topics.tierOf(tp.topic());
            OffsetTracker tracker = trackers.computeIfAbsent(tp, p -> new OffsetTracker());
            for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
                if (tier.isPresent()) {
                    long due = RetryDue.dueMillis(record, tier.get());
                    if (due > now) {
                        // not due yet: rewind to it and hold this partition until then
                        consumer.seek(tp, record.offset());
                        retryPausedUntil.put(tp, due);
                        consumer.pause(Set.of(tp));
                        break;
                    }
                }
                tracker.dispatched(record.offset());
                inFlight.incrementAndGet();
                workers.execute(() -> work(tp, record, tracker));
            }
        }
    }

    private void work(TopicPartition tp, ConsumerRecord<String, byte[]> record, OffsetTracker tracker) {
        try {
            handler.handle(record);
            completions.add(new Completion(tp, record.offset(), tracker));
        } catch (AbandonedTaskException e) {
            log.debug("Abandoned {}-{}@{} at shutdown", tp.topic(), tp.partition(), record.offset());
        } catch (Throwable e) {
            if (running) {
                failure = e;
                log.error("Could not write the outputs of {}-{}@{}; stopping this worker so the task is redelivered",
                        tp.topic(), tp.partition(), record.offset(), e);
                running = false;
                consumer.wakeup();
            }
        } finally {
            if (inFlight.getAndDecrement() >= config.concurrency() && running) {
                consumer.wakeup(); // partitions are paused: resume them now rather than after the poll timeout
            }
        }
    }

    private void applyCompletions() {
        Completion c;
        while ((c = completions.poll()) != null) {
            if (trackers.get(c.partition()) == c.tracker()) {
                c.tracker().completed(c.offset());
            }
        }
    }

    private void applyPauses() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        long now = clock.millis();
        retryPausedUntil.values().removeIf(until -> until <= now);
        retryPausedUntil.keySet().retainAll(assigned);
        Set<TopicPartition> toPause = new HashSet<>();
        if (inFlight.get() >= config.concurrency()) {
            toPause.addAll(assigned);
        } else {
            toPause.addAll(retryPausedUntil.keySet());
        }
        Set<TopicPartition> toResume = new HashSet<>(assigned);
        toResume.removeAll(toPause);
        consumer.pause(toPause);
        consumer.resume(toResume);
    }

    private void commit(Collection<TopicPartition> partitions, boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetTracker tracker = trackers.get(tp);
            if (tracker == null) {
                continue;
            }
            OptionalLong next = tracker.committable();
            if (next.isPresent()) {
                offsets.put(tp, new OffsetAndMetadata(next.getAsLong()));
            }
        }
        lastCommit = System.nanoTime();
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            commitSync(offsets);
            offsets.forEach((tp, om) -> trackers.get(tp).committed(om.offset()));
        } else {
            offsets.forEach((tp, om) -> trackers.get(tp).committed(om.offset()));
            consumer.commitAsync(offsets, (done, error) -> {
                if (error != null) {
                    log.warn("Offset commit of {} failed; it is retried with the next commit: {}", topics.agent(), error.toString());
                    done.keySet().forEach(tp -> {
                        OffsetTracker t = trackers.get(tp);
                        if (t != null) {
                            t.commitFailed();
                        }
                    });
                }
            });
        }
    }

    /** A worker's wake-up call may still be pending: it aborts the next blocking call once, so try again. */
    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        for (int attempt = 1; ; attempt++) {
            try {
                consumer.commitSync(offsets);
                return;
            } catch (WakeupException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private void shutdown() {
        workers.shutdown();
        long deadline = System.nanoTime() + drain.toNanos();
        try {
            while (!workers.awaitTermination(50, TimeUnit.MILLISECONDS)) {
                applyCompletions();
                if (System.nanoTime() > deadline) {
                    log.warn("{} task(s) of {} still running after {}; leaving them uncommitted for redelivery",
                            inFlight.get(), topics.agent(), drain);
                    workers.shutdownNow();
                    break;
                }
            }
            applyCompletions();
            commit(trackers.keySet(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        } catch (RuntimeException e) {
            log.warn("Final commit of {} failed; uncommitted tasks will be redelivered: {}", topics.agent(), e.toString());
        } finally {
            try {
                consumer.close();
            } catch (RuntimeException e) {
                log.warn("Closing the consumer of {} failed: {}", topics.agent(), e.toString());
            }
            stopped.countDown();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            applyCompletions();
            try {
                commit(partitions, true);
            } catch (RuntimeException e) {
                log.warn("Commit on revocation failed; those tasks will be redelivered: {}", e.toString());
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (inFlight.get() >= config.concurrency()) {
                consumer.pause(partitions);
            }
            log.debug("{} assigned {}", topics.agent(), partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> {
                trackers.remove(tp);
                retryPausedUntil.remove(tp);
            });
        }
    }
}
