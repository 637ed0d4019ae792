package dev.switchboard.core.internal.llm;

import dev.switchboard.core.config.LlmPrices;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One task attempt's view of the call journal. Every answer the provider gives is {@link #record recorded}; a task
 * that may have run before ({@code mayHaveRun}: a retry, or a record that was in flight when its previous owner
 * stopped) {@link #replay replays} the answers journaled for it, call by call, while each call's index and request hash
 * match, and calls the model from the first mismatch on. The runtime {@link #awaitWritten awaits} the entries before it
 * publishes the task's outputs. Reading the journal can only cost money, never the task: on a failure to read, the
 * model is called.
 */
public final class TaskJournal {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TaskJournal.class);
    /** No journal (offline models, tests, the agent harness): nothing replayed, nothing recorded. */
    /** How long a call waits for its answer's journal entry before it hands the answer to the agent anyway. */
    static final Duration RECORD_WAIT = Duration.ofSeconds(5);
    public static final TaskJournal NONE = new TaskJournal(null, null, null, null, false, LlmPrices.NONE, Clock.systemUTC());

    private final JournalStore store;
    private final UUID jobId;
    private final UUID taskId;
    private final Instant since;
    private final boolean mayHaveRun;
    private final LlmPrices prices;
    private final Clock clock;
    private final List<CompletableFuture<Void>> writes = new ArrayList<>();
    private Map<String, JournalEntry> journaled;
    /** The request hashes this attempt already has an answer to: asked again, on purpose, they go to the model. */
    private final Set<String> answered = new HashSet<>();
    private boolean diverged;

    private TaskJournal(JournalStore store, UUID jobId, UUID taskId, Instant since, boolean mayHaveRun, LlmPrices prices,
                        Clock clock) {
        this.store = store;
        this.jobId = jobId;
        this.taskId = taskId;
        this.since = since;
        this.mayHaveRun = mayHaveRun;
        this.prices = prices;
        this.clock = clock;
    }

    /**
     * The journal of one attempt of task {@code taskId} of job {@code jobId}; its entries are looked for from
     * {@code since} on (no earlier than any earlier attempt of the task could have made a call).
     */
    public static TaskJournal of(JournalStore store, UUID jobId, UUID taskId, Instant since, boolean mayHaveRun,
                                 LlmPrices prices, Clock clock) {
        return new TaskJournal(store, jobId, taskId, since, mayHaveRun, prices, clock);
    }

    /** No journal, no price table. */
    public static TaskJournal none() {
        return NONE;
    }

    /** The same price table without a journal: for free (offline) calls. */
    TaskJournal withoutStore() {
        return store == null ? this : new TaskJournal(null, null, null, null, false, prices, clock);
    }

    /** Whether answers are journaled at all (not for free, offline calls): only then is a request worth hashing. */
    boolean journaling() {
        return store != null;
    }

    public LlmPrices prices() {
        return prices;
    }

    /** The journaled answer to call {@code callIndex} if it asked the same ({@code requestHash}), until the first mismatch. */
    synchronized Optional<JournalEntry> replay(int callIndex, String requestHash) {
        if (store == null || !mayHaveRun || diverged) {
            return Optional.empty();
        }
        JournalEntry entry = journaled().get(callIndex + "/" + requestHash);
        if (entry == null) {
            diverged = true; // from here on the task asks something else: every later call goes to the model
            return Optional.empty();
        }
        answered.add(requestHash);
        return Optional.of(entry);
    }

    /**
     * An answer another task paid for within the answer cache's time to live, if the cache is on; never for a request
     * this attempt already had answered (a task that asks the same twice wants a second answer, not its first again).
     */
    synchronized Optional<JournalEntry> cached(String requestHash) {
        return store == null || answered.contains(requestHash) ? Optional.empty() : store.cached(requestHash);
    }

    /**
     * Journals the answer to call {@code callIndex} and waits (up to {@link #RECORD_WAIT}) until the broker has it, so
     * an answer the agent has seen survives the process: killed a moment later, a redelivery replays it instead of
     * paying again. A write that fails or takes longer does not fail the call; {@link #awaitWritten} holds the task's
     * outputs back until every entry is written.
     */
    void record(int callIndex, String requestHash, dev.langchain4j.model.chat.response.ChatResponse response) {
        CompletableFuture<Void> write;
        synchronized (this) {
            answered.add(requestHash);
            if (store == null) {
                return;
            }
            write = store.append(JournalEntry.of(jobId, taskId, callIndex, requestHash, clock.instant(), response));
            writes.add(write);
        }
        try {
            write.get(RECORD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("Call {} of task {} not journaled yet ({}); the task's outputs wait for it", callIndex, taskId, e.toString());
        }
    }

    /**
     * Waits until the broker has every entry recorded so far. Throws when one could not be written: the task's outputs
     * must not be published then, or a redelivery would pay again for answers the result already used.
     */
    public void awaitWritten(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        List<CompletableFuture<Void>> pending;
        synchronized (this) {
            pending = List.copyOf(writes);
        }
        if (pending.isEmpty()) {
            return;
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Map<String, JournalEntry> journaled() {
        if (journaled == null) {
            journaled = new HashMap<>();
            try {
                for (JournalEntry e : store.read(taskId, since)) {
                    journaled.put(e.callIndex() + "/" + e.requestHash(), e);
                }
                log.info("Task {} may have run before: {} journaled answer(s) found", taskId, journaled.size());
            } catch (RuntimeException e) {
                log.warn("Could not read the call journal of task {}; its calls go to the model: {}", taskId, e.toString());
            }
        }
        return journaled;
    }
}
