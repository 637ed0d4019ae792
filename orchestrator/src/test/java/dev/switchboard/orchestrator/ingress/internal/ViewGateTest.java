package dev.switchboard.orchestrator.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.orchestrator.view.AgentDirectory;
import dev.switchboard.orchestrator.view.JobView;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The ingress decides nothing after a (re)assignment or an unknown commit until the view has read the jobs log (0036). */
class ViewGateTest {
    private static final TopicPartition JOBS_0 = new TopicPartition("switchboard.jobs", 0);
    private static final TopicPartition JOBS_1 = new TopicPartition("switchboard.jobs", 1);

    private final JobView view = new JobView(new AgentDirectory(Duration.ofSeconds(45)), Clock.systemUTC(), 1000);
    private final Map<TopicPartition, Long> log = new HashMap<>(Map.of(JOBS_0, 5L, JOBS_1, 0L));
    private final ViewGate gate = new ViewGate(() -> log, view::hasRead);

    @Test
    void shouldStayClosedUntilTheViewHasReadTheJobsLogToItsEnd() {
        // Given a view that has read partition 0 of the jobs topic up to offset 3 of 5
        view.markCaughtUp();
        view.readTo(JOBS_0, 3);

        // When the ingress asks, then the gate is closed; once the view reaches 5 it opens
        assertThat(gate.open()).isFalse();
        view.readTo(JOBS_0, 5);
        assertThat(gate.open()).isTrue();
    }

    @Test
    void shouldCloseAgainOnReassignmentAndWaitForTheEndsOfThatMoment() {
        // Given an open gate
        view.readTo(JOBS_0, 5);
        assertThat(gate.open()).isTrue();

        // When partitions are reassigned after another replica wrote a job (the log grew to 7), then the once caught-up
        // view does not suffice: the gate opens only after the view has read the new job too
        log.put(JOBS_0, 7L);
        gate.close();
        assertThat(gate.open()).isFalse();
        view.readTo(JOBS_0, 7);
        assertThat(gate.open()).isTrue();
    }
}
