package dev.switchboard.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.core.internal.llm.JournalEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The answer cache's index and its sharing by a process's runtimes (no broker: the caches are never started). */
class AnswerCacheTest {
    private static final KafkaSettings KAFKA = KafkaSettings.of("localhost:1");

    private static JournalEntry answer(String hash, long inputTokens, long outputTokens) {
        return new JournalEntry(UUID.randomUUID(), UUID.randomUUID(), 0, hash, Instant.now(), "answer", "m",
                inputTokens, outputTokens, null);
    }

    @Test
    void shouldNotIndexAnAnswerNobodyPaidFor() {
        try (AnswerCache cache = new AnswerCache(KAFKA, "calls", Duration.ofHours(1), 1 << 20, Clock.systemUTC(), "t")) {
            // Given a paid answer, and the journal entry of a cache hit on it (0 tokens, journaled later, at "now")
            JournalEntry paid = answer("h", 10, 5);
            cache.put(paid);

            // When the hit's entry is read from the journal
            cache.put(answer("h", 0, 0));

            // Then the cache still holds the paid answer, with its own time: hits do not keep an answer alive
            assertThat(cache.get("h")).contains(paid);
            cache.put(answer("free", 0, 0));
            assertThat(cache.get("free")).isEmpty();
        }
    }

    @Test
    void shouldShareOneCachePerJournalAndCloseItWithTheLastUser() {
        // Given two runtimes of one process on the same journal, and one on another topic
        AnswerCache a = SharedAnswerCaches.acquire(KAFKA, "calls", Duration.ofHours(1), 1 << 20, Clock.systemUTC(), "a");
        AnswerCache b = SharedAnswerCaches.acquire(KAFKA, "calls", Duration.ofHours(1), 1 << 20, Clock.systemUTC(), "b");
        AnswerCache other = SharedAnswerCaches.acquire(KAFKA, "other", Duration.ofHours(1), 1 << 20, Clock.systemUTC(), "c");

        // Then the first two share one cache
        assertThat(a).isSameAs(b).isNotSameAs(other);

        // When one lets go, the other still has it; when both did, the next runtime gets a new one
        SharedAnswerCaches.release(a);
        assertThat(SharedAnswerCaches.acquire(KAFKA, "calls", Duration.ofHours(1), 1 << 20, Clock.systemUTC(), "d")).isSameAs(b);
        SharedAnswerCaches.release(b);
        SharedAnswerCaches.release(b);
        AnswerCache fresh = SharedAnswerCaches.acquire(KAFKA, "calls", Duration.ofHours(1), 1 << 20, Clock.systemUTC(), "e");
        assertThat(fresh).isNotSameAs(b);
        SharedAnswerCaches.release(fresh);
        SharedAnswerCaches.release(other);
    }
}
