package dev.switchboard.core.internal.runtime;

import dev.switchboard.core.config.WorkerConfig;
import dev.switchboard.contracts.topic.AgentTopics;
import dev.switchboard.contracts.topic.RetryTier;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
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
 *   <li>on revocation commits what finished of the revoked partitions, never past unfinished work;</li>
 *   <li>remembers in the committed offset's metadata which records are in flight ({@link CrashMarkers}), written
 *       before they run: a record that was in flight when a process died runs alone next time, and one in flight
 *       during {@code maxCrashes} crashes is handed to {@link RecordHandler#poison} instead of the agent.</li>
 * </ul>
 * Shutdown, with the broker reachable or not, finishes within the drain timeout.
 */
final class ConsumerGroupTaskSource extends PollThreadSource {
    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupTaskSource.class);
    /** How long marking records in flight and committing on revocation may block the poll thread. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    /** How often the lag signal asks the broker for the end offsets (a paused partition's fetch data goes stale), and how long it may wait. */
    private static final Duration LAG_REFRESH = Duration.ofSeconds(5);
    private static final Duration LAG_TIMEOUT = Duration.ofSeconds(1);

    private final Consumer<String, byte[]> consumer;
    private final AgentTopics topics;
    private final List<String> subscribed;
    private final WorkerConfig config;
    private final Clock clock;
    private final ExecutorService workers;
    private final Map<TopicPartition, OffsetTracker> trackers = new HashMap<>();
    private final Map<TopicPartition, CrashMarkers> markers = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> lastCommitted = new HashMap<>();
    private final Map<TopicPartition, Long> retryPausedUntil = new HashMap<>();
    /** When the head record set back in a paused partition was enqueued, for the message-age signal. */
    private final Map<TopicPartition, Long> waitingHeads = new HashMap<>();
    private final QueueSignals signals;
    private long lag;
    private long lagRefreshedAt = System.nanoTime() - LAG_REFRESH.toNanos();
    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    /**
     * A worker asked the poll thread to resume paused partitions: at most one wake-up is pending per loop, so a pending
     * one aborts at most one blocking call (a commit) after the poll, which {@link #commitSync} retries.
     */
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    /** A record that was in flight during a crash is running alone: nothing else is dispatched meanwhile. */
    private volatile boolean isolating;
    /** A partition whose head record must run alone, once in-flight work drains. */
    private TopicPartition suspectWaiting;
    private long lastCommit;

    private record Completion(TopicPartition partition, long offset, OffsetTracker tracker) {
    }

    ConsumerGroupTaskSource(Consumer<String, byte[]> consumer, AgentTopics topics, WorkerConfig config, Clock clock,
                            QueueSignals signals) {
        this(consumer, topics, topics.consumedTopics(), config, clock, signals, WorkerPool.of(topics.agent(), config.concurrency()));
    }

    /**
     * Consuming only {@code subscribed} of the agent's topics (its retry tiers, beside a share-group source: decision 0038),
     * running the handler on {@code workers}.
     */
    ConsumerGroupTaskSource(Consumer<String, byte[]> consumer, AgentTopics topics, List<String> subscribed, WorkerConfig config,
                            Clock clock, QueueSignals signals, ExecutorService workers) {
        super("switchboard-" + topics.agent() + "-poll", consumer::wakeup);
        this.consumer = consumer;
        this.subscribed = List.copyOf(subscribed);
        this.signals = signals;
        this.topics = topics;
        this.config = config;
        this.clock = clock;
        this.workers = workers;
    }

    @Override
    protected void run() {
        try {
            consumer.subscribe(subscribed, new Rebalance());
            lastCommit = System.nanoTime();
            while (running) {
                wakeRequested.set(false); // completions from here on wake the poll below, or are applied before it
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
                updateSignals();
                if (System.nanoTime() - lastCommit >= config.commitInterval().toNanos()) {
                    commit(trackers.keySet(), CommitMode.ASYNC, CrashMarkers.State.RUNNING);
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
        List<Runnable> runs = new ArrayList<>();
        Set<TopicPartition> dispatchedTo = new HashSet<>();
        boolean hold = false;
        for (TopicPartition tp : records.partitions()) {
            Optional<RetryTier> tier = topics.tierOf(tp.topic());
            OffsetTracker tracker = trackers.computeIfAbsent(tp, p -> new OffsetTracker());
            CrashMarkers crashes = markers.computeIfAbsent(tp, p -> CrashMarkers.none());
            if (tp.equals(suspectWaiting)) {
                suspectWaiting = null; // polled again: its head record decides below whether it still waits
            }
            waitingHeads.remove(tp);
            for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
                if (hold || isolating) {
                    consumer.seek(tp, record.offset()); // polled again once the record that runs alone is done
                    waitingHeads.put(tp, enqueuedMillis(record, tier, now));
                    break;
                }
                if (tier.isPresent()) {
                    long due = RetryDue.dueMillis(record, tier.get(), now);
                    if (due > now) {
                        // not due yet: rewind to it and hold this partition until then
                        consumer.seek(tp, record.offset());
                        retryPausedUntil.put(tp, due);
                        consumer.pause(Set.of(tp));
                        break;
                    }
                }
                int crashCount = crashes.crashes(record.offset());
                boolean suspect = crashCount > 0 && crashCount < config.maxCrashes();
                if (suspect && (inFlight.get() > 0 || !runs.isEmpty())) {
                    // it was in flight when a process died: it runs alone, so another crash counts against it only
                    consumer.seek(tp, record.offset());
                    waitingHeads.put(tp, enqueuedMillis(record, tier, now));
                    suspectWaiting = tp;
                    hold = true;
                    break;
                }
                tracker.dispatched(record.offset(), enqueuedMillis(record, tier, now));
                inFlight.incrementAndGet();
                dispatchedTo.add(tp);
                if (crashCount >= config.maxCrashes()) {
                    log.warn("Record {}-{}@{} was in flight during {} process crashes; dead-lettering it as a poison record",
                            tp.topic(), tp.partition(), record.offset(), crashCount);
                    runs.add(() -> work(tp, record, tracker, false, h -> h.poison(record, crashCount)));
                } else {
                    boolean mayHaveRun = crashes.wasInFlight(record.offset());
                    runs.add(() -> work(tp, record, tracker, suspect, h -> h.handle(record, mayHaveRun)));
                }
                if (suspect) {
                    log.warn("Record {}-{}@{} was in flight during {} process crash(es); running it alone",
                            tp.topic(), tp.partition(), record.offset(), crashCount);
                    isolating = true;
                    suspectWaiting = null;
                    hold = true;
                }
            }
        }
        markInFlight(dispatchedTo);
        if (!running) {
            return; // closing: these never start, their offsets stay uncommitted for the next owner
        }
        runs.forEach(workers::execute);
    }

    /** When a record joined the queue: its timestamp, or for a retry the moment it fell due (its wait is by design). */
    private static long enqueuedMillis(ConsumerRecord<String, byte[]> record, Optional<RetryTier> tier, long now) {
        return tier.map(t -> Math.min(RetryDue.dueMillis(record, t, now), now)).orElse(record.timestamp() < 0 ? now : record.timestamp());
    }

    /** Queue depth and message age as of now (decision 0027): read by the metrics, written by the poll thread only. */
    private void updateSignals() {
        if (System.nanoTime() - lagRefreshedAt >= LAG_REFRESH.toNanos()) {
            lagRefreshedAt = System.nanoTime();
            refreshLag();
        }
        long oldest = QueueSignals.NONE;
        for (OffsetTracker tracker : trackers.values()) {
            oldest = Math.min(oldest, tracker.oldestTimestamp().orElse(QueueSignals.NONE));
        }
        for (long head : waitingHeads.values()) {
            oldest = Math.min(oldest, head);
        }
        signals.update(lag, oldest);
    }

    /** End offset minus position over the assigned partitions; on a broker error the last value stays. */
    private void refreshLag() {
        Set<TopicPartition> assigned = consumer.assignment();
        try {
            Map<TopicPartition, Long> ends = assigned.isEmpty() ? Map.of() : consumer.endOffsets(assigned, LAG_TIMEOUT);
            long sum = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                sum += Math.max(0, end.getValue() - consumer.position(end.getKey(), LAG_TIMEOUT));
            }
            lag = sum;
        } catch (WakeupException e) {
            log.debug("Lag of {} not refreshed: woken up", topics.agent()); // the poll that follows returns at once anyway
        } catch (RuntimeException e) {
            log.debug("Lag of {} not refreshed: {}", topics.agent(), e.toString());
        }
    }

    /** One way of handling a record: run it, or set it aside as poison. */
    @FunctionalInterface
    private interface Action {
        void apply(RecordHandler handler) throws Exception;
    }

    private void work(TopicPartition tp, ConsumerRecord<String, byte[]> record, OffsetTracker tracker, boolean alone, Action action) {
        try {
            action.apply(handler);
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
            if (alone) {
                isolating = false;
            }
            if ((inFlight.getAndDecrement() >= config.concurrency() || alone) && running) {
                if (wakeRequested.compareAndSet(false, true)) {
                    consumer.wakeup(); // partitions are paused: resume them now rather than after the poll timeout
                }
            }
        }
    }

    private void applyCompletions() {
        Completion c;
        while ((c = completions.poll()) != null) {
            if (trackers.get(c.partition()) == c.tracker()) {
                c.tracker().completed(c.offset());
                markers.getOrDefault(c.partition(), CrashMarkers.none()).finished(c.offset());
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
        if (suspectWaiting != null && !assigned.contains(suspectWaiting)) {
            suspectWaiting = null;
        }
        Set<TopicPartition> toPause = new HashSet<>();
        if (inFlight.get() >= config.concurrency() || isolating) {
            toPause.addAll(assigned);
        } else if (suspectWaiting != null) {
            // drain everything, then poll only the partition whose head record must run alone
            toPause.addAll(assigned);
            if (inFlight.get() == 0) {
                toPause.remove(suspectWaiting);
            }
        } else {
            toPause.addAll(retryPausedUntil.keySet());
        }
        Set<TopicPartition> toResume = new HashSet<>(assigned);
        toResume.removeAll(toPause);
        consumer.pause(toPause);
        consumer.resume(toResume);
    }

    /**
     * Commits each partition's safe point with its crash markers, where either changed. {@code RUNNING}
     * while this worker works; {@code HANDOVER} when it gives partitions up on purpose.
     */
    private void commit(Collection<TopicPartition> partitions, CommitMode mode, CrashMarkers.State state) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetTracker tracker = trackers.get(tp);
            OptionalLong point = tracker == null ? OptionalLong.empty() : tracker.safePoint();
            if (point.isEmpty()) {
                continue;
            }
            String metadata = markers.getOrDefault(tp, CrashMarkers.none()).encode(state, tracker.pending(), point.getAsLong());
            OffsetAndMetadata om = new OffsetAndMetadata(point.getAsLong(), metadata);
            if (!om.equals(lastCommitted.get(tp))) {
                offsets.put(tp, om);
            }
        }
        lastCommit = System.nanoTime();
        if (offsets.isEmpty()) {
            return;
        }
        if (mode == CommitMode.ASYNC) {
            lastCommitted.putAll(offsets);
            // the consumer may hand a failed commit's callback null offsets (AsyncKafkaConsumer does, e.g. while a broker
            // is down): forget what this commit sent, from its own map, so the next commit sends it again
            consumer.commitAsync(offsets, (ignored, error) -> {
                if (error != null) {
                    log.warn("Offset commit of {} failed; it is retried with the next commit: {}", topics.agent(), error.toString());
                    offsets.forEach(lastCommitted::remove);
                }
            });
        } else {
            commitSync(offsets, mode == CommitMode.SYNC_BOUNDED ? remainingDrain() : COMMIT_TIMEOUT);
            lastCommitted.putAll(offsets);
        }
    }

    private enum CommitMode { ASYNC, SYNC, SYNC_BOUNDED }

    /** Before newly dispatched records run, the broker knows they are in flight: a crash from here on counts. */
    private void markInFlight(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        try {
            commit(partitions, CommitMode.SYNC, CrashMarkers.State.RUNNING);
        } catch (RuntimeException e) {
            log.warn("Could not mark {} record(s) of {} as in flight; a crash now would not be counted against them: {}",
                    partitions.size(), topics.agent(), e.toString());
        }
    }

    /** A worker's wake-up call may still be pending: it aborts the next blocking call once, so try again. */
    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        for (int attempt = 1; ; attempt++) {
            try {
                consumer.commitSync(offsets, timeout);
                return;
            } catch (WakeupException e) {
                if (attempt >= 3 || !running) {
                    throw e;
                }
            }
        }
    }

    @Override
    protected void releaseUnstarted() {
        workers.shutdown();
        try {
            consumer.close(CloseOptions.timeout(Duration.ZERO)); // never subscribed: no group to leave, nothing to commit
        } finally {
            signals.close();
        }
    }

    /**
     * Drains in-flight work, commits what finished and closes the consumer, all before the shutdown
     * deadline, with or without a broker: a fifth of the budget (at most 5 s) is kept for the commit
     * and the close. A worker that stops on a failure commits {@code RUNNING} markers: its stop counts
     * as a crash for the records in flight, so a record that keeps failing its outputs ends as poison.
     */
    private void shutdown() {
        long drainUntil = startShutdown(config.drainTimeout());
        try {
            drainWorkers(workers, drainUntil, this::applyCompletions, () -> log.warn(
                    "{} task(s) of {} still running at the drain timeout; leaving them uncommitted for redelivery",
                    inFlight.get(), topics.agent()));
            applyCompletions();
            commit(trackers.keySet(), CommitMode.SYNC_BOUNDED,
                    failure == null ? CrashMarkers.State.HANDOVER : CrashMarkers.State.RUNNING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        } catch (RuntimeException e) {
            log.warn("Final commit of {} failed; uncommitted tasks will be redelivered: {}", topics.agent(), e.toString());
        } finally {
            try {
                consumer.close(CloseOptions.timeout(remainingDrain()));
            } catch (RuntimeException e) {
                log.warn("Closing the consumer of {} failed: {}", topics.agent(), e.toString());
            }
            signals.close();
            markStopped();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            applyCompletions();
            if (!running) {
                // closing: shutdown() already committed, RUNNING after a failure; a HANDOVER now would erase that
                forget(partitions);
                return;
            }
            try {
                commit(partitions, CommitMode.SYNC, CrashMarkers.State.HANDOVER);
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
            if (inFlight.get() >= config.concurrency() || isolating || suspectWaiting != null) {
                consumer.pause(partitions);
            }
            loadCrashMarkers(partitions);
            log.debug("{} assigned {}", topics.agent(), partitions);
        }

        /** What the previous owner left in the committed metadata: records it had in flight when it died. */
        private void loadCrashMarkers(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed;
            try {
                committed = consumer.committed(new HashSet<>(partitions), COMMIT_TIMEOUT);
            } catch (RuntimeException e) {
                log.warn("Could not read the committed offsets of {}; crash counts start afresh: {}", partitions, e.toString());
                return;
            }
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata om = committed.get(tp);
                CrashMarkers found = om == null ? CrashMarkers.none() : CrashMarkers.fromCommitted(om.metadata(), om.offset());
                markers.put(tp, found);
                lastCommitted.put(tp, om);
                if (!found.isEmpty()) {
                    log.warn("{}: the previous owner stopped with records in flight ({}); each runs alone, and after {} such "
                            + "crashes a record is dead-lettered as POISON_RECORD", tp, om.metadata(), config.maxCrashes());
                }
            }
        }

        private void forget(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> {
                if (tp.equals(suspectWaiting)) {
                    suspectWaiting = null;
                }
                trackers.remove(tp);
                markers.remove(tp);
                lastCommitted.remove(tp);
                retryPausedUntil.remove(tp);
                waitingHeads.remove(tp);
            });
        }
    }
}
