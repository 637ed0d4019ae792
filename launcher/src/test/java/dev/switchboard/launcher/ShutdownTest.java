package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ShutdownTest {
    @Test
    @Timeout(10)
    void shouldStopWaitingWhenWhatItGuardsStopsOnItsOwn() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        AtomicBoolean closed = new AtomicBoolean();

        // the guarded worker is found stopped at the third look
        boolean bySignal = Shutdown.awaitSignal(() -> checks.incrementAndGet() >= 3, () -> closed.set(true));

        assertThat(bySignal).isFalse();
        assertThat(checks).hasValue(3);
        assertThat(closed).as("closed by the shutdown hook at JVM exit, not here").isFalse();
    }
}
