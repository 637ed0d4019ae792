package dev.switchboard.orchestrator.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostGateTest {
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void shouldParkATargetsDeliveriesOverItsCapWithoutHoldingThreadsAndStartThemAsOthersEnd() {
        // Given a gate of 2 per target on 4 threads, and 10 deliveries to a target that hang until released
        HostGate gate = new HostGate(2, threads);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger hungStarted = new AtomicInteger();
        AtomicInteger hungNow = new AtomicInteger();
        AtomicInteger hungMax = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            gate.submit("hole.example.com:443", () -> {
                hungStarted.incrementAndGet();
                hungMax.accumulateAndGet(hungNow.incrementAndGet(), Math::max);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    hungNow.decrementAndGet();
                }
            });
        }

        // When deliveries to another target come after them
        List<Integer> healthy = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            gate.submit("ok.example.com:443", () -> healthy.add(n));
        }

        // Then all of those run while the first target holds only its 2 threads and parks the rest
        await().atMost(Duration.ofSeconds(10)).until(() -> healthy.size() == 20);
        assertThat(hungStarted).hasValue(2);
        assertThat(gate.running("hole.example.com:443")).isEqualTo(2);
        assertThat(gate.parked()).isEqualTo(8);

        // and once the hung ones end, the parked ones start, never more than 2 at once
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> hungStarted.get() == 10 && gate.running("hole.example.com:443") == 0);
        assertThat(gate.parked()).isZero();
        assertThat(hungMax).hasValue(2);
    }

    @Test
    void shouldTellTargetsByHostAndPort() {
        assertThat(HostGate.target("https://Hooks.Example.com/a")).isEqualTo("hooks.example.com:443");
        assertThat(HostGate.target("http://hooks.example.com/a")).isEqualTo("hooks.example.com:80");
        assertThat(HostGate.target("http://hooks.example.com:8080/a")).isEqualTo("hooks.example.com:8080");
        assertThat(HostGate.target("http://[::1]:8080/a")).isEqualTo("[::1]:8080");
    }
}
