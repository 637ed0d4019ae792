package dev.switchboard.core.internal.llm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** The call journal in a list, for tests of what a task replays: the Kafka store is exercised by the ITs. */
final class InMemoryJournalStore implements JournalStore {
    final List<JournalEntry> entries = new ArrayList<>();
    boolean unreadable;
    boolean unwritable;
    JournalEntry cachedAnswer;
    /** When set, an append completes only when the test completes it: the broker has not acknowledged it yet. */
    CompletableFuture<Void> held;

    @Override
    public synchronized CompletableFuture<Void> append(JournalEntry entry) {
        if (unwritable) {
            return CompletableFuture.failedFuture(new IllegalStateException("journal down"));
        }
        entries.add(entry);
        return held != null ? held : CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized List<JournalEntry> read(UUID taskId, Instant since) {
        if (unreadable) {
            throw new IllegalStateException("journal unreadable");
        }
        return entries.stream().filter(e -> e.taskId().equals(taskId)).toList();
    }

    @Override
    public Optional<JournalEntry> cached(String requestHash) {
        return Optional.ofNullable(cachedAnswer).filter(e -> e.requestHash().equals(requestHash));
    }

    synchronized List<JournalEntry> snapshot() {
        return new ArrayList<>(entries);
    }
}
