package dev.switchboard.orchestrator.dlq;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.DeadLetterRef;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.jobs.FanOut;
import dev.switchboard.orchestrator.port.DeadLetters;
import dev.switchboard.orchestrator.port.DeadLettersUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.KafkaException;

/**
 * The dead-letter port on Kafka (decision 0026). Lists read each selected agent's {@code .dlq} topic with an assigned
 * consumer newest first (each partition backwards from its end, down to {@code since}), at most {@link #SCAN_CAP}
 * records, {@link #SCAN_BYTES} and {@link #READ_BOUND} per topic set, keeping summaries of the {@code limit} newest
 * only, and the replay ledger to its end (a ledger not read in time makes "replayed" unknown, never fails a listing);
 * answers are newest first. At most {@link #MAX_CONCURRENT} reads run at once and one
 * replay per process, so the API's threads are never all held by Kafka reads.
 */
public final class KafkaDeadLetters implements DeadLetters {
    /** The replay producer's transactional id: the same in every orchestrator, so one replay runs at a time. */
    public static final String TRANSACTIONAL_ID = "switchboard-dlq-replay";
    static final Duration READ_BOUND = Duration.ofSeconds(3);
    static final int SCAN_CAP = 10_000;
    /** At most this many bytes of dead letters are read by one scan (their values are up to the topic's record size). */
    static final long SCAN_BYTES = 64L * 1024 * 1024;
    /** How long one replay may spend reading its dead letters, all of them, on one consumer. */
    static final Duration REPLAY_READ_BOUND = Duration.ofSeconds(30);
    static final int MAX_CONCURRENT = 2;
    private static final Comparator<Letter> NEWEST_FIRST = Comparator.comparing(Letter::failedAt).reversed()
            .thenComparing(l -> l.ref().toString());
    private static final Comparator<DeadLetterRef> BY_PARTITION = Comparator.comparing(DeadLetterRef::agent)
            .thenComparingInt(DeadLetterRef::partition).thenComparingLong(DeadLetterRef::offset);

    private final TopicCatalogue topics;
    private final BoundedRead read;
    private final ReplayLedger ledger;
    private final Replayer replayer;
    private final Semaphore reads = new Semaphore(MAX_CONCURRENT);
    private final ReentrantLock replaying = new ReentrantLock();

    public KafkaDeadLetters(KafkaSettings kafka, TopicCatalogue topics, Clock clock) {
        this.topics = topics;
        this.read = new BoundedRead(kafka);
        this.ledger = new ReplayLedger(read, topics, READ_BOUND);
        this.replayer = new Replayer(topics, ledger, () -> FanOut.newProducer(kafka, topics, TRANSACTIONAL_ID),
                () -> read.records(REPLAY_READ_BOUND), clock);
    }

    @Override
    public boolean knows(String agent) {
        return topics.findAgent(agent).isPresent();
    }

    @Override
    public Listing list(Filter filter, int limit) {
        return guarded(() -> scan(filter, ledger.replaysOrUnknown(), limit, NEWEST_FIRST));
    }

    @Override
    public Optional<Letter> find(DeadLetterRef ref) {
        if (!knows(ref.agent())) {
            return Optional.empty();
        }
        return guarded(() -> {
            ReplayLedger.Replays replays = ledger.replaysOrUnknown();
            try (BoundedRead.Records records = read.records(READ_BOUND)) {
                return records.at(topics.agent(ref.agent()).deadLetters().name(), ref.partition(), ref.offset())
                        .map(r -> DeadLetterRecords.letter(ref.agent(), r, replays));
            }
        });
    }

    @Override
    public ReplayOutcome replay(ReplayRequest request) {
        if (!replaying.tryLock()) {
            throw new DeadLettersUnavailableException("A replay is already running in this orchestrator; try again when it ends", null);
        }
        try {
            return guarded(() -> {
                List<Skipped> skipped = new ArrayList<>();
                List<DeadLetterRef> selected = new ArrayList<>();
                Map<DeadLetterRef, Letter> summaries = new HashMap<>();
                boolean complete = true;
                if (request.refs().isEmpty()) {
                    Listing listing = scan(request.filter(), ReplayLedger.Replays.UNKNOWN, SCAN_CAP, NEWEST_FIRST.reversed());
                    listing.letters().forEach(l -> {
                        selected.add(l.ref());
                        summaries.put(l.ref(), l);
                    }); // oldest first: the order they failed in
                    complete = listing.complete();
                } else {
                    for (DeadLetterRef ref : new LinkedHashSet<>(request.refs())) {
                        if (knows(ref.agent())) {
                            selected.add(ref);
                        } else {
                            skipped.add(new Skipped(ref, "not-found", "No such dead letter"));
                        }
                    }
                    selected.sort(BY_PARTITION); // one consumer reads them partition by partition
                }
                return replayer.replay(selected, summaries, skipped, request.max(), request.dryRun(), complete);
            });
        } finally {
            replaying.unlock();
        }
    }

    /**
     * The dead letters the filter selects as summaries, newest partition chunks first, keeping only the {@code keep}
     * first in {@code order} (a bounded heap: a scan never holds more), marked from {@code replays}.
     */
    private Listing scan(Filter filter, ReplayLedger.Replays replays, int keep, Comparator<Letter> order) {
        Map<String, String> agentByTopic = new LinkedHashMap<>();
        for (String agent : filter.agent() == null ? topics.agentNames() : List.of(filter.agent())) {
            agentByTopic.put(topics.agent(agent).deadLetters().name(), agent);
        }
        PriorityQueue<Letter> kept = new PriorityQueue<>(order.reversed()); // the head is the first to drop
        long since = filter.since() == null ? Long.MIN_VALUE : filter.since().toEpochMilli();
        BoundedRead.Scan result = read.readNewestFirst(List.copyOf(agentByTopic.keySet()), filter.since(), SCAN_CAP,
                SCAN_BYTES, READ_BOUND, r -> {
                    if (r.timestamp() < since) {
                        return;
                    }
                    Letter letter = DeadLetterRecords.summary(agentByTopic.get(r.topic()), r, replays);
                    if (filter.matchesError(letter)) {
                        kept.add(letter);
                        if (kept.size() > keep) {
                            kept.poll();
                        }
                    }
                });
        List<Letter> found = new ArrayList<>(kept);
        found.sort(order);
        return new Listing(found, result.complete());
    }

    private <T> T guarded(java.util.function.Supplier<T> work) {
        if (!reads.tryAcquire()) {
            throw new DeadLettersUnavailableException("The orchestrator is already reading its maximum of " + MAX_CONCURRENT
                    + " dead-letter queries at once; try again", null);
        }
        try {
            return work.get();
        } catch (KafkaException e) {
            throw new DeadLettersUnavailableException("Kafka: " + e.getMessage(), e);
        } finally {
            reads.release();
        }
    }
}
