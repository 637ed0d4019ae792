package dev.switchboard.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    @Test
    void shouldCommitOnlyUpToTheLowestUnfinishedOffsetWhenTasksCompleteOutOfOrder() {
        // Given offsets 10..14 dispatched
        OffsetTracker tracker = new OffsetTracker();
        for (long o = 10; o <= 14; o++) {
            tracker.dispatched(o);
        }
        // When 11, 13 and 14 finish before 10 and 12
        tracker.completed(11);
        tracker.completed(13);
        tracker.completed(14);
        // Then nothing past 10 may be committed
        assertThat(tracker.safePoint()).hasValue(10);
        assertThat(tracker.pending()).containsExactly(10L, 12L);

        tracker.completed(10);
        assertThat(tracker.safePoint()).hasValue(12);

        tracker.completed(12);
        assertThat(tracker.safePoint()).hasValue(15);
        assertThat(tracker.inFlight()).isZero();
    }

    @Test
    void shouldOfferNoCommitPointBeforeAnythingWasDispatched() {
        OffsetTracker tracker = new OffsetTracker();
        assertThat(tracker.safePoint()).isEmpty();

        tracker.dispatched(0);
        assertThat(tracker.safePoint()).hasValue(0);
        tracker.completed(0);
        assertThat(tracker.safePoint()).hasValue(1);
    }

    @Test
    void shouldNeverCommitPastAGapLeftByARecordThatWasNotDispatched() {
        // a not-yet-due retry record is rewound and never dispatched: the tracker only knows what it saw
        OffsetTracker tracker = new OffsetTracker();
        tracker.dispatched(3);
        tracker.completed(3);
        assertThat(tracker.safePoint()).hasValue(4);
    }
}
