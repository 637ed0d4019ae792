package dev.switchboard.core.internal.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a task source run by one poll thread of its own: started with the handler, closed within a drain timeout
 * (a shutdown deadline that the poll thread's own shutdown keeps), stopped for good once that thread is done.
 */
abstract class PollThreadSource implements TaskSource {
    private static final Logger log = LoggerFactory.getLogger(PollThreadSource.class);
    /** What close() waits past the drain timeout for the poll thread before it gives up on it. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final String threadName;
    private final Runnable wakeUp;
    private final CountDownLatch stopped = new CountDownLatch(1);
    protected volatile boolean running = true;
    /** When shutdown must be over (System.nanoTime()); set by close(), or when the worker stops on its own. */
    protected volatile long shutdownDeadline = Long.MAX_VALUE;
    protected volatile Throwable failure;
    protected RecordHandler handler;
    /** Guarded by {@code this}: whether start() ran, and whether close() came first (then start() is refused). */
    private boolean started;
    private boolean closedUnstarted;

    /** {@code wakeUp} interrupts a blocking poll, from any thread (the consumer's {@code wakeup}). */
    PollThreadSource(String threadName, Runnable wakeUp) {
        this.threadName = threadName;
        this.wakeUp = wakeUp;
    }

    /** The poll loop, ending with {@link #startShutdown} and, last, {@link #markStopped}. */
    protected abstract void run();

    /** Closed before it was started: releases the consumer(s) and the rest at once (no poll thread, nothing in flight). */
    protected abstract void releaseUnstarted();

    @Override
    public void start(RecordHandler handler) {
        synchronized (this) {
            if (closedUnstarted) {
                throw new IllegalStateException("Task source " + threadName + " was closed before it was started");
            }
            started = true;
        }
        this.handler = handler;
        new Thread(this::run, threadName).start();
    }

    /** Drains the poll thread within the timeout; a source never started releases its clients at once instead. */
    @Override
    public void close(Duration drainTimeout) {
        synchronized (this) {
            if (!started) {
                if (!closedUnstarted) {
                    closedUnstarted = true;
                    try {
                        releaseUnstarted();
                    } finally {
                        markStopped();
                    }
                }
                return;
            }
        }
        shutdownDeadline = Math.min(shutdownDeadline, System.nanoTime() + drainTimeout.toNanos());
        running = false;
        wakeUp.run();
        try {
            if (!stopped.await(drainTimeout.toMillis() + CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Poll thread {} did not stop within {}", threadName, drainTimeout.plus(CLOSE_GRACE));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    /**
     * Fixes the shutdown deadline (the drain timeout from now when the worker stops on its own) and returns when the
     * drain of in-flight work must end: a fifth of the budget, at most 5 s, is kept for the final commit and the close.
     */
    protected long startShutdown(Duration drainTimeout) {
        long budget = Math.max(0, shutdownDeadline == Long.MAX_VALUE ? drainTimeout.toNanos() : shutdownDeadline - System.nanoTime());
        shutdownDeadline = System.nanoTime() + budget;
        return shutdownDeadline - Math.min(budget / 5, Duration.ofSeconds(5).toNanos());
    }

    /**
     * Stops {@code workers} taking tasks and lets those running finish, applying what finished every 20 ms; past
     * {@code drainUntil} it runs {@code onTimeout} (a warning naming what is left) and interrupts the rest. The caller
     * applies the last outcomes, then commits or acknowledges.
     */
    protected static void drainWorkers(ExecutorService workers, long drainUntil, Runnable applyFinished, Runnable onTimeout)
            throws InterruptedException {
        workers.shutdown();
        while (!workers.awaitTermination(20, TimeUnit.MILLISECONDS)) {
            applyFinished.run();
            if (System.nanoTime() > drainUntil) {
                onTimeout.run();
                workers.shutdownNow();
                return;
            }
        }
    }

    protected Duration remainingDrain() {
        return Duration.ofNanos(Math.max(Duration.ofMillis(1).toNanos(), shutdownDeadline - System.nanoTime()));
    }

    protected void markStopped() {
        stopped.countDown();
    }
}
