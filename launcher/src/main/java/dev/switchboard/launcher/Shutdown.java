package dev.switchboard.launcher;

import java.util.concurrent.CountDownLatch;

/** Blocks until SIGTERM / Ctrl-C, then closes what it was given. */
final class Shutdown {
    private Shutdown() {
    }

    static void awaitSignal(AutoCloseable... resources) throws InterruptedException {
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
        done.await();
    }
}
