package dev.switchboard.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void shouldRunAtMostThePermitsAcrossPoolsThatShareThem() throws Exception {
        // Given two pools of one thread each, named apart, sharing one permit
        Semaphore permits = new Semaphore(1);
        ExecutorService share = WorkerPool.of("echo-share", 1, permits);
        ExecutorService retries = WorkerPool.of("echo-retries", 1, permits);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> first = new AtomicReference<>();
        AtomicReference<String> second = new AtomicReference<>();
        try {
            // When the first pool runs a task that holds on, and the second pool is given a task
            share.execute(() -> {
                first.set(Thread.currentThread().getName());
                awaitQuietly(release);
            });
            await().atMost(WAIT).until(() -> first.get() != null);
            retries.execute(() -> second.set(Thread.currentThread().getName()));

            // Then the second waits for the permit, and runs once the first is done
            await().atMost(WAIT).until(permits::hasQueuedThreads);
            assertThat(second.get()).isNull();
            release.countDown();
            await().atMost(WAIT).until(() -> second.get() != null);
            assertThat(first.get()).isEqualTo("switchboard-echo-share-worker-1");
            assertThat(second.get()).isEqualTo("switchboard-echo-retries-worker-1");
        } finally {
            release.countDown();
            share.shutdownNow();
            retries.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
