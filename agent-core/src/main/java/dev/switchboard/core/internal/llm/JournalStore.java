package dev.switchboard.core.internal.llm;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Where a process keeps the answers it paid for: the call journal topic, and the answer cache read from it. */
public interface JournalStore {

    /** Sends one entry (partitioned by its task id); completes when the broker has it. */
    CompletableFuture<Void> append(JournalEntry entry);

    /**
     * Every entry of task {@code taskId} journaled since {@code since}, in journal order. Throws when the journal
     * cannot be read in time.
     */
    List<JournalEntry> read(UUID taskId, Instant since);

    /** An answer to the request hashing to {@code requestHash} paid for by any task within the cache's time to live. */
    default Optional<JournalEntry> cached(String requestHash) {
        return Optional.empty();
    }
}
