package dev.switchboard.core.internal.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The fixed pool of daemon threads a task source runs its handler on, named {@code switchboard-<name>-worker-<n>}. */
final class WorkerPool {
    private WorkerPool() {
    }

    static ExecutorService of(String name, int threads) {
        return of(name, threads, null);
    }

    /**
     * A pool whose tasks each first take one of {@code permits} (when not null), which other pools may share: together
     * their tasks run at most that many at once (share mode: the share group and the retry tiers, decision 0038). A
     * task interrupted while it waits for a permit (shutdownNow) does not run, like one still in the queue.
     */
    static ExecutorService of(String name, int threads, Semaphore permits) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "switchboard-" + name + "-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }) {
            @Override
            public void execute(Runnable task) {
                super.execute(permits == null ? task : () -> runWithPermit(permits, task));
            }
        };
    }

    private static void runWithPermit(Semaphore permits, Runnable task) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            task.run();
        } finally {
            permits.release();
        }
    }
}
