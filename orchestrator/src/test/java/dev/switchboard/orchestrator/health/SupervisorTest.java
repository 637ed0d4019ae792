package dev.switchboard.orchestrator.health;

import dev.switchboard.observability.management.ReadinessChecks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SupervisorTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ReadinessChecks readiness = new ReadinessChecks();
    private final Supervisor supervisor = new Supervisor(readiness, new SimpleMeterRegistry(),
            new Supervisor.Backoff(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMinutes(1)));

    /** A loop that runs until stopped, or until the test makes its current run die. */
    private static final class ControlledLoop implements SupervisedLoop {
        final AtomicInteger runs = new AtomicInteger();
        volatile CountDownLatch holdRestart = new CountDownLatch(0);
        volatile CountDownLatch die = new CountDownLatch(1);
        volatile Throwable failure = new IllegalStateException("boom");
        volatile boolean stopped;

        @Override
        public void run(Runnable up) throws Exception {
            if (runs.incrementAndGet() > 1) {
                holdRestart.await(); // the restarted run is not up until the test lets it be
            }
            up.run();
            CountDownLatch current = die;
            while (!stopped) {
                if (current.await(10, TimeUnit.MILLISECONDS)) {
                    die = new CountDownLatch(1);
                    Throwable t = failure;
                    if (t instanceof Error e) {
                        throw e;
                    }
                    throw (Exception) t;
                }
            }
        }

        @Override
        public void stop() {
            stopped = true;
        }
    }

    @Test
    void shouldReportThePartDownWhileItIsDeadAndRestartItAfterBackoff() {
        // Given a supervised loop that is up
        ControlledLoop loop = new ControlledLoop();
        Supervisor.Part part = supervisor.supervise("view-updater", loop);
        await().atMost(WAIT).until(part::up);
        assertThat(readiness.evaluate().ready()).isTrue();

        // When it dies on an Error and its restart is held
        loop.holdRestart = new CountDownLatch(1);
        loop.failure = new StackOverflowError("injected");
        loop.die.countDown();

        // Then readiness names it while it is down
        await().atMost(WAIT).until(() -> !part.up());
        await().atMost(WAIT).until(() -> loop.runs.get() == 2);
        ReadinessChecks.Result down = readiness.evaluate();
        assertThat(down.ready()).isFalse();
        assertThat(down.failing()).containsExactly("view-updater");
        assertThat(down.checks()).containsEntry("view-updater", "DOWN");

        // And once the new run is up, so is the part
        loop.holdRestart.countDown();
        await().atMost(WAIT).until(part::up);
        assertThat(readiness.evaluate().ready()).isTrue();
        assertThat(part.restarts()).isEqualTo(1);
        part.close(WAIT);
    }

    @Test
    void shouldKeepRestartingALoopThatKeepsFailingAndStayDown() {
        // Given a loop whose every run fails at once
        AtomicInteger runs = new AtomicInteger();
        SupervisedLoop failing = new SupervisedLoop() {
            @Override
            public void run(Runnable up) {
                runs.incrementAndGet();
                throw new IllegalStateException("no broker");
            }

            @Override
            public void stop() {
                // nothing to wake
            }
        };

        // When it is supervised
        Supervisor.Part part = supervisor.supervise("fanout-committer-0", failing);

        // Then it is retried again and again, and never counts as up
        await().atMost(WAIT).until(() -> runs.get() >= 4);
        assertThat(part.up()).isFalse();
        assertThat(readiness.evaluate().failing()).containsExactly("fanout-committer-0");
        part.close(WAIT);
    }

    @Test
    void shouldRestartALoopThatReturnsWithoutBeingAskedAndNotOneThatWasStopped() {
        // Given a loop whose first run returns on its own
        AtomicInteger runs = new AtomicInteger();
        ControlledLoop inner = new ControlledLoop();
        SupervisedLoop returnsOnce = new SupervisedLoop() {
            @Override
            public void run(Runnable up) throws Exception {
                if (runs.incrementAndGet() == 1) {
                    return;
                }
                inner.run(up);
            }

            @Override
            public void stop() {
                inner.stop();
            }
        };

        // When it is supervised, then it runs again and is up
        Supervisor.Part part = supervisor.supervise("callback-dispatcher", returnsOnce);
        await().atMost(WAIT).until(part::up);
        assertThat(runs.get()).isEqualTo(2);

        // And when it is stopped, it stays stopped
        part.close(WAIT);
        assertThat(part.up()).isFalse();
        assertThat(runs.get()).isEqualTo(2);
    }
}
