package dev.switchboard.contracts.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InParallelTest {

    @Test
    void shouldRunEveryCloseAtTheSameTimeAndWaitForAllEvenWhenOneThrows() {
        // Given five closes that each finish only once all five are running (as drains that wait on each other's time),
        // and a sixth that throws
        int count = 5;
        CountDownLatch allRunning = new CountDownLatch(count);
        Set<String> finished = ConcurrentHashMap.newKeySet();
        Map<String, Runnable> closes = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = "worker-" + i;
            closes.put(name, () -> {
                allRunning.countDown();
                try {
                    if (allRunning.await(10, TimeUnit.SECONDS)) {
                        finished.add(name);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        closes.put("broken", () -> {
            throw new IllegalStateException("cannot close");
        });

        // When they are closed in parallel
        InParallel.close(closes);

        // Then all five ran side by side (one at a time, the first would have waited in vain) and all were waited for
        assertThat(finished).containsExactlyInAnyOrder("worker-0", "worker-1", "worker-2", "worker-3", "worker-4");
    }
}
