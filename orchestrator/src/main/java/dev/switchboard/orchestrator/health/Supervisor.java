package dev.switchboard.orchestrator.health;

import dev.switchboard.observability.management.ReadinessChecks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each {@link SupervisedLoop} on its own thread and restarts it with exponential backoff when
 * it dies (an unexpected {@link Throwable}, or returning without being asked to). Every supervised
 * part is a readiness check of its own name: down from its failure until the restarted loop says it
 * is up again, so {@code /health/ready} names the part while it is down. A loop that cannot be
 * restarted stays down; the supervisor keeps trying at the longest backoff.
 */
public final class Supervisor {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    private final ReadinessChecks readiness;
    private final MeterRegistry registry;
    private final Backoff backoff;

    /** Restart delays: {@code initial}, doubling up to {@code max}; back to {@code initial} after a run that lasted {@code resetAfter}. */
    public record Backoff(Duration initial, Duration max, Duration resetAfter) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1));

        public Backoff {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("Backoff needs 0 < initial <= max, was " + initial + " and " + max);
            }
        }

        Duration after(Duration previous) {
            Duration doubled = previous.multipliedBy(2);
            return doubled.compareTo(max) > 0 ? max : doubled;
        }
    }

    public Supervisor(ReadinessChecks readiness, MeterRegistry registry, Backoff backoff) {
        this.readiness = readiness;
        this.registry = registry;
        this.backoff = backoff;
    }

    /** Starts {@code loop} on a thread named {@code switchboard-<name>}; {@code name} becomes its readiness check. */
    public Part supervise(String name, SupervisedLoop loop) {
        Part part = new Part(name, loop);
        readiness.add(name, part::up);
        Gauge.builder("switchboard.orchestrator.loop.up", part, p -> p.up() ? 1 : 0)
                .description("1 while the supervised loop runs, 0 while it is down").tag("part", name).register(registry);
        part.thread.start();
        return part;
    }

    /** One supervised loop: its state, and the handle to stop it. */
    public final class Part implements AutoCloseable {
        private final String name;
        private final SupervisedLoop loop;
        private final Thread thread;
        private final Counter restarts;
        private final CountDownLatch stopRequested = new CountDownLatch(1);
        private volatile boolean up;
        private volatile boolean stopping;

        private Part(String name, SupervisedLoop loop) {
            this.name = name;
            this.loop = loop;
            this.restarts = Counter.builder("switchboard.orchestrator.loop.restarts")
                    .description("Restarts of a supervised loop after it died").tag("part", name).register(registry);
            this.thread = new Thread(this::supervise, "switchboard-" + name);
            this.thread.setDaemon(true);
        }

        public String name() {
            return name;
        }

        /** True while the loop runs and has said it is up. */
        public boolean up() {
            return up && !stopping;
        }

        public long restarts() {
            return (long) restarts.count();
        }

        private void supervise() {
            Duration delay = backoff.initial();
            while (!stopping) {
                long started = System.nanoTime();
                Throwable failure = null;
                try {
                    loop.run(() -> up = true);
                } catch (Throwable t) {
                    failure = t;
                }
                up = false;
                if (stopping) {
                    break;
                }
                if (Duration.ofNanos(System.nanoTime() - started).compareTo(backoff.resetAfter()) >= 0) {
                    delay = backoff.initial();
                }
                if (failure == null) {
                    log.error("{} stopped on its own; restarting it in {} ms", name, delay.toMillis());
                } else {
                    log.error("{} died; restarting it in {} ms", name, delay.toMillis(), failure);
                }
                Thread.interrupted(); // an interrupt meant for the dead run must not cut the wait short
                if (awaitStop(delay)) {
                    break;
                }
                delay = backoff.after(delay);
                restarts.increment();
            }
            log.debug("{} stopped", name);
        }

        private boolean awaitStop(Duration delay) {
            try {
                return stopRequested.await(delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return stopping;
            }
        }

        /** Stops the loop and waits up to {@code timeout} for its thread to end. */
        public void close(Duration timeout) {
            stopping = true;
            stopRequested.countDown();
            try {
                loop.stop();
            } catch (RuntimeException e) {
                log.warn("Stopping {} failed: {}", name, e.toString());
            }
            try {
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                log.warn("{} did not stop within {} ms", name, timeout.toMillis());
            }
        }

        @Override
        public void close() {
            close(Duration.ofSeconds(15));
        }
    }
}
