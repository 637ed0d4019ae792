package dev.switchboard.report.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.JobManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadlineBoundsTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final DeadlineBounds bounds = new DeadlineBounds(Duration.ofHours(24));

    private static JobManifest manifest(Instant submittedAt, Instant deadline) {
        return JobManifest.create(Ids.newId(), List.of("summary"), submittedAt, deadline, null, Map.of());
    }

    @Test
    void shouldKeepADeadlineWithinBounds() {
        Instant deadline = NOW.plusSeconds(300);

        assertThat(bounds.clamp(manifest(NOW.minusSeconds(1), deadline), NOW)).isEqualTo(deadline);
    }

    @Test
    void shouldKeepADeadlineThatAlreadyPassedWhenTheManifestArrivesLate() {
        Instant deadline = NOW.minusSeconds(60);

        assertThat(bounds.clamp(manifest(NOW.minusSeconds(600), deadline), NOW)).isEqualTo(deadline);
    }

    @Test
    void shouldClampFarFutureDeadlinesToTheMaximumAfterSubmissionOrNow() {
        Instant billion = Instant.parse("+1000000000-01-01T00:00:00Z");

        assertThat(bounds.clamp(manifest(NOW.minusSeconds(60), billion), NOW)).isEqualTo(NOW.minusSeconds(60).plus(Duration.ofHours(24)));
        assertThat(bounds.clamp(manifest(billion, Instant.MAX), NOW)).isEqualTo(NOW.plus(Duration.ofHours(24)));
    }

    @Test
    void shouldMoveADeadlineBeforeSubmissionToTheSubmissionAndNeverBeforeTheEpoch() {
        assertThat(bounds.clamp(manifest(NOW.minusSeconds(10), NOW.minusSeconds(3600)), NOW)).isEqualTo(NOW.minusSeconds(10));
        assertThat(bounds.clamp(manifest(Instant.MIN, Instant.MIN), NOW)).isEqualTo(Instant.EPOCH);
    }
}
