package dev.switchboard.launcher;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Blocks until SIGTERM / Ctrl-C, then closes what it was given. */
final class Shutdown {
    private Shutdown() {
    }

    static void awaitSignal(AutoCloseable... resources) throws InterruptedException {
        awaitSignal(() -> false, resources);
    }

    /**
     * Blocks until SIGTERM / Ctrl-C (then closes {@code resources} and returns true), or until {@code stoppedOnItsOwn}
     * holds (returns false at once; the resources are closed by the same hook when the JVM exits).
     */
    static boolean awaitSignal(BooleanSupplier stoppedOnItsOwn, AutoCloseable... resources) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception e) {
                    System.err.println("switchboard: closing " + r + " failed: " + e.getMessage());
                }
            }
            done.countDown();
        }, "switchboard-shutdown"));
        while (!done.await(200, TimeUnit.MILLISECONDS)) {
            if (stoppedOnItsOwn.getAsBoolean()) {
                return false;
            }
        }
        return true;
    }
}
