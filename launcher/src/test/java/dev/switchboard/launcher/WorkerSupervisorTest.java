package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WorkerSupervisorTest {

    /** A part whose test decides when it dies. */
    static final class FakePart implements WorkerSupervisor.Part {
        volatile boolean stopped;
        volatile boolean closed;

        @Override
        public boolean isStopped() {
            return stopped || closed;
        }

        @Override
        public Throwable failure() {
            return stopped ? new IllegalStateException("outputs could not be written") : null;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void shouldReportAPartThatStoppedOnItsOwnDownAndStartItAgainAfterABackoff() {
        // Given a supervised part, on a clock the test moves
        AtomicLong now = new AtomicLong();
        List<FakePart> started = new ArrayList<>();
        try (WorkerSupervisor supervisor = new WorkerSupervisor(now::get, false)) {
            supervisor.supervise("agent sentiment", () -> {
                FakePart p = new FakePart();
                started.add(p);
                return p;
            });
            assertThat(supervisor.down()).isEmpty();

            // When it stops on its own
            started.get(0).stopped = true;
            supervisor.check();

            // Then it is down until the first backoff has passed, and then runs again as a new part
            assertThat(supervisor.down()).containsExactly("agent sentiment");
            now.addAndGet(WorkerSupervisor.FIRST_BACKOFF.toNanos() - 1);
            supervisor.check();
            assertThat(started).hasSize(1);
            now.addAndGet(2);
            supervisor.check();
            assertThat(started).hasSize(2);
            assertThat(started.get(0).closed).isTrue();
            assertThat(supervisor.down()).isEmpty();

            // and a second stop soon after waits twice as long
            started.get(1).stopped = true;
            supervisor.check();
            now.addAndGet(WorkerSupervisor.FIRST_BACKOFF.toNanos() + 1);
            supervisor.check();
            assertThat(started).hasSize(2);
            now.addAndGet(WorkerSupervisor.FIRST_BACKOFF.toNanos());
            supervisor.check();
            assertThat(started).hasSize(3);
        }
        assertThat(started.get(2).closed).isTrue();
    }

    @Test
    void shouldCapTheBackoff() {
        assertThat(WorkerSupervisor.backoff(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(WorkerSupervisor.backoff(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(WorkerSupervisor.backoff(50)).isEqualTo(WorkerSupervisor.MAX_BACKOFF);
    }
}
