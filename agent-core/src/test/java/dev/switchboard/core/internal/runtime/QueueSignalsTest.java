package dev.switchboard.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class QueueSignalsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Instant now = Instant.parse("2026-01-01T12:00:00Z");
    private final QueueSignals signals = new QueueSignals(registry, "sentiment", "w1", Clock.fixed(now, ZoneOffset.UTC));

    @Test
    void shouldExportLagAndTheOldestUnfinishedTasksAgeTaggedByAgent() {
        // Given nothing unfinished, the age is 0
        assertThat(registry.get("switchboard.agent.oldest.task.age").tag("agent", "sentiment").gauge().value()).isZero();

        // When the poll thread sees 42 unfetched records and a task enqueued 90 s ago
        signals.update(42, now.minusSeconds(90).toEpochMilli());

        // Then both gauges say so
        assertThat(registry.get("switchboard.agent.lag").tag("agent", "sentiment").tag("worker", "w1").gauge().value()).isEqualTo(42);
        assertThat(registry.get("switchboard.agent.oldest.task.age").tag("agent", "sentiment").gauge().value()).isEqualTo(90);

        // And a closed worker's series are gone (a restarted worker registers its own)
        signals.close();
        assertThat(registry.find("switchboard.agent.lag").gauges()).isEmpty();
    }

    @Test
    void shouldKeepARestartedWorkersSeriesWhenTheOldInstanceClosesAfterItStarted() {
        // Given a worker restarted on the same registry before its old instance has closed
        QueueSignals restarted = new QueueSignals(registry, "sentiment", "w1", Clock.fixed(now, ZoneOffset.UTC));
        restarted.update(7, now.minusSeconds(30).toEpochMilli());

        // When the old instance closes
        signals.close();

        // Then the series show the restarted worker's view, until it closes in turn
        assertThat(registry.get("switchboard.agent.lag").tag("worker", "w1").gauge().value()).isEqualTo(7);
        assertThat(registry.get("switchboard.agent.oldest.task.age").tag("worker", "w1").gauge().value()).isEqualTo(30);
        restarted.close();
        assertThat(registry.find("switchboard.agent.lag").gauges()).isEmpty();
        assertThat(registry.find("switchboard.agent.oldest.task.age").gauges()).isEmpty();
    }

    @Test
    void shouldTrackTheOldestTimestampOfTheUnfinishedOffsets() {
        OffsetTracker tracker = new OffsetTracker();
        assertThat(tracker.oldestTimestamp()).isEmpty();
        tracker.dispatched(10, 5_000);
        tracker.dispatched(11, 3_000);
        assertThat(tracker.oldestTimestamp()).hasValue(3_000);
        tracker.completed(11);
        assertThat(tracker.oldestTimestamp()).hasValue(5_000);
        assertThat(tracker.safePoint()).hasValue(10);
    }
}
