package dev.switchboard.contracts.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ServiceRunnerTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    /** A service that records its start and close, and fails on its own when told to. */
    private class FakeService implements Service {
        private final String name;
        private volatile Throwable failure;
        private final CountDownLatch hang = new CountDownLatch(1);
        private volatile boolean hangOnClose;
        private volatile Duration drain = Duration.ZERO;
        private volatile boolean drained;
        private final CountDownLatch drainDone = new CountDownLatch(1);

        FakeService(String name) {
            this.name = name;
        }

        @Override
        public FakeService start() {
            events.add("start " + name);
            return this;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public Optional<Throwable> failure() {
            return Optional.ofNullable(failure);
        }

        @Override
        public Duration drainTimeout() {
            return drain;
        }

        @Override
        public void close() {
            events.add("close " + name);
            if (!drain.isZero()) {
                try {
                    drainDone.await(); // in-flight work finishing: the test says when
                    drained = true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (hangOnClose) {
                try {
                    hang.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void shouldExitZeroAndCloseInReverseOrderWhenStopped() {
        // Given three services under a runner
        FakeService kafka = new FakeService("a");
        FakeService aggregator = new FakeService("b");
        FakeService orchestrator = new FakeService("c");
        ServiceRunner runner = ServiceRunner.of(kafka, aggregator, orchestrator).withoutShutdownHook();

        // When it runs and the signal comes (simulated: what the shutdown hook calls)
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> runner.run());
        await().until(() -> events.size() == 3);
        runner.stop();

        // Then every service started in order, closed in the reverse order, and the exit code is 0
        assertThat(exit.join()).isEqualTo(ServiceRunner.EXIT_OK);
        assertThat(events).containsExactly("start a", "start b", "start c", "close c", "close b", "close a");
    }

    @Test
    void shouldExitOneAndCloseEverythingWhenAServiceFailsOnItsOwn() {
        // Given two running services
        FakeService first = new FakeService("a");
        FakeService second = new FakeService("b");
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> ServiceRunner.of(first, second)
                .withoutShutdownHook().run());
        await().until(() -> events.size() == 2);

        // When one of them stops on its own
        first.failure = new IllegalStateException("streams died");

        // Then the runner closes both, in reverse order, and exits with 1
        assertThat(exit.join()).isEqualTo(ServiceRunner.EXIT_FAILED);
        assertThat(events).containsExactly("start a", "start b", "close b", "close a");
    }

    @Test
    void shouldWaitForAServicesOwnDrainEvenWhenItIsLongerThanTheRunnersCloseTimeout() {
        // Given a worker whose drain timeout (1.2 s, plus the margin) is longer than the runner's close timeout (100 ms)
        FakeService worker = new FakeService("worker");
        worker.drain = Duration.ofMillis(1_200);
        ServiceRunner runner = ServiceRunner.of(worker).withoutShutdownHook().closeTimeout(Duration.ofMillis(100));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> runner.run());
        await().until(() -> events.size() == 1);

        // When the signal comes
        runner.stop();

        // Then the runner is still waiting well past its own close timeout, while the drain goes on
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> !exit.isDone());

        // And it returns once the drain finished: in-flight work is never cut short at a fixed bound
        worker.drainDone.countDown();
        await().atMost(Duration.ofSeconds(5)).until(exit::isDone);
        assertThat(worker.drained).isTrue();
        assertThat(runner.closeBound(worker)).isEqualTo(Duration.ofMillis(1_200).plus(ServiceRunner.CLOSE_MARGIN));
    }

    @Test
    void shouldBoundTheCloseOfAServiceThatHangs() {
        // Given a service whose close never returns, started before another
        FakeService hanging = new FakeService("a");
        hanging.hangOnClose = true;
        FakeService other = new FakeService("b");
        ServiceRunner runner = ServiceRunner.of(hanging, other).withoutShutdownHook().closeTimeout(Duration.ofMillis(200));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> runner.run());
        await().until(() -> events.size() == 2);

        // When the signal comes
        runner.stop();

        // Then the runner still returns, within the close bound
        await().atMost(Duration.ofSeconds(5)).until(exit::isDone);
        assertThat(exit.join()).isEqualTo(ServiceRunner.EXIT_OK);
        assertThat(events).containsExactly("start a", "start b", "close b", "close a");
        hanging.hang.countDown();
    }

    @Test
    void shouldCloseTheServicesAlreadyStartedWhenALaterOneCannotStart() {
        // Given a second service whose start throws
        FakeService first = new FakeService("a");
        Service broken = new FakeService("b") {
            @Override
            public FakeService start() {
                throw new IllegalStateException("no broker");
            }
        };

        // When the runner runs, then the failure propagates and the first service is closed
        assertThatThrownBy(() -> ServiceRunner.of(first, broken).withoutShutdownHook().run())
                .isInstanceOf(IllegalStateException.class);
        assertThat(events).containsExactly("start a", "close a");
    }
}
