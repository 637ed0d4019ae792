package dev.switchboard.launcher;

import dev.switchboard.contracts.lifecycle.InParallel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps long-running parts of one process running: a part that stops on its own (not closed) is
 * reported down and started anew after a backoff that doubles up to {@link #MAX_BACKOFF}, and is
 * reset once a part has run for {@link #STABLE_AFTER}. Checked every {@link #CHECK_EVERY}.
 */
final class WorkerSupervisor implements AutoCloseable {
    static final Duration CHECK_EVERY = Duration.ofMillis(500);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration STABLE_AFTER = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(WorkerSupervisor.class);

    /** A part the supervisor can watch and replace. */
    interface Part extends AutoCloseable {
        boolean isStopped();

        /** Why it stopped on its own, if it did. */
        Throwable failure();

        @Override
        void close();
    }

    private final LongSupplier nanoTime;
    private final List<Slot> slots = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private volatile boolean closed;

    private final class Slot {
        private final String name;
        private final Supplier<Part> start;
        private volatile Part current;
        private long startedAt;
        private long restartAt = -1;
        private int restarts;

        Slot(String name, Supplier<Part> start) {
            this.name = name;
            this.start = start;
            this.current = start.get();
            this.startedAt = nanoTime.getAsLong();
        }

        boolean up() {
            return !current.isStopped();
        }

        void check() {
            long now = nanoTime.getAsLong();
            if (up()) {
                if (now - startedAt > STABLE_AFTER.toNanos()) {
                    restarts = 0;
                }
                return;
            }
            if (restartAt < 0) {
                Duration backoff = backoff(restarts);
                log.error("{} stopped on its own ({}); starting it again in {}", name, current.failure(), backoff);
                restartAt = now + backoff.toNanos();
                return;
            }
            if (now < restartAt) {
                return;
            }
            restarts++;
            restartAt = -1;
            try {
                current.close();
                current = start.get();
                startedAt = now;
                log.info("{} started again (restart {})", name, restarts);
            } catch (RuntimeException e) {
                log.error("{} could not be started again: {}", name, e.toString());
            }
        }
    }

    WorkerSupervisor() {
        this(System::nanoTime, true);
    }

    /** With {@code schedule} false nothing runs by itself: tests call {@link #check()}. */
    WorkerSupervisor(LongSupplier nanoTime, boolean schedule) {
        this.nanoTime = nanoTime;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-supervisor");
            t.setDaemon(true);
            return t;
        });
        if (schedule) {
            timer.scheduleWithFixedDelay(this::checkQuietly, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    static Duration backoff(int restarts) {
        Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(restarts, 10));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /** Starts a part now and keeps it running. */
    void supervise(String name, Supplier<Part> start) {
        slots.add(new Slot(name, start));
    }

    /** The names of the parts that are down right now. */
    List<String> down() {
        return slots.stream().filter(s -> !s.up()).map(s -> s.name).toList();
    }

    synchronized void check() {
        if (!closed) {
            slots.forEach(Slot::check);
        }
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.error("Supervision check failed", e);
        }
    }

    /** Closes every part at once (each within its own drain timeout); no restart happens after this starts. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        timer.shutdownNow();
        Map<String, Runnable> closes = new LinkedHashMap<>();
        slots.forEach(s -> closes.put(s.name, () -> s.current.close()));
        InParallel.close(closes);
    }
}
