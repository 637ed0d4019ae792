package dev.switchboard.contracts.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes several things side by side, each on a thread of its own, and waits for all of them: workers that each drain up
 * to their timeout stop in the time of the slowest, not of their sum. (A parallel stream would run only as many as the
 * common pool has threads: one at a time beside the caller on a 2-core machine.)
 */
public final class InParallel {
    private static final Logger log = LoggerFactory.getLogger(InParallel.class);

    private InParallel() {
    }

    /**
     * Runs every close on its own thread ({@code switchboard-close-<name>}) and returns once all are done. A close that
     * throws is logged and does not stop the others. Interrupted, it returns at once, the interrupt flag set.
     */
    public static void close(Map<String, ? extends Runnable> closes) {
        List<Thread> threads = new ArrayList<>();
        closes.forEach((name, close) -> {
            Thread t = new Thread(() -> {
                try {
                    close.run();
                } catch (RuntimeException e) {
                    log.warn("Closing {} failed: {}", name, e.toString());
                }
            }, "switchboard-close-" + name);
            t.start();
            threads.add(t);
        });
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
