package dev.switchboard.contracts.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one lifecycle of a Switchboard process: starts its {@link Service}s in order, waits until SIGTERM / Ctrl-C (a
 * shutdown hook calls {@link #stop()}) or until a service fails on its own, then closes them in reverse order, each
 * within its {@link Service#drainTimeout() drain timeout} plus {@link #CLOSE_MARGIN}, and at least
 * {@link #DEFAULT_CLOSE_TIMEOUT} (a service's own drain happens inside its close), and returns the exit code:
 * {@value #EXIT_OK} after a stop, {@value #EXIT_FAILED} when a service failed on its own.
 *
 * <pre>{@code
 * return ServiceRunner.of(aggregator).run(() -> log.info("aggregator is up"));
 * }</pre>
 */
public final class ServiceRunner {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    /** Longer than every service's own drain (the agent worker's default is 30 s), so a drain is never cut short. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(45);
    /** Time a close may take beyond the service's drain (commits, closing clients). */
    public static final Duration CLOSE_MARGIN = Duration.ofSeconds(15);
    static final Duration CHECK_EVERY = Duration.ofMillis(200);
    private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

    private final List<Service> services;
    private final Duration closeTimeout;
    private final boolean shutdownHook;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    private ServiceRunner(List<Service> services, Duration closeTimeout, boolean shutdownHook) {
        this.services = List.copyOf(services);
        this.closeTimeout = Objects.requireNonNull(closeTimeout);
        this.shutdownHook = shutdownHook;
    }

    /** Runs {@code services}, started in this order and closed in the reverse one, stopped by SIGTERM / Ctrl-C. */
    public static ServiceRunner of(Service... services) {
        return of(List.of(services));
    }

    public static ServiceRunner of(List<? extends Service> services) {
        return new ServiceRunner(new ArrayList<>(services), DEFAULT_CLOSE_TIMEOUT, true);
    }

    /** The same runner with another bound on each service's close. */
    public ServiceRunner closeTimeout(Duration timeout) {
        return new ServiceRunner(services, timeout, shutdownHook);
    }

    /** The same runner without the shutdown hook: only {@link #stop()} stops it (embedding, tests). */
    public ServiceRunner withoutShutdownHook() {
        return new ServiceRunner(services, closeTimeout, false);
    }

    /** Starts the services, then blocks until stopped or a failure; returns the process's exit code. */
    public int run() {
        return run(() -> { });
    }

    /**
     * Like {@link #run()}; {@code whenStarted} runs once every service has started (to tell the user it is up). A service
     * whose {@code start()} throws closes the ones started before it, and the exception propagates.
     */
    public int run(Runnable whenStarted) {
        Thread hook = shutdownHook ? new Thread(this::stopAndAwaitClose, "switchboard-shutdown") : null;
        if (hook != null) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        List<Service> started = new ArrayList<>();
        try {
            for (Service service : services) {
                service.start();
                started.add(service);
            }
            whenStarted.run();
            Optional<Service> failed = awaitStopOrFailure();
            failed.ifPresent(s -> log.error("{} stopped on its own ({}); closing the process with exit code {}",
                    s, s.failure().map(Throwable::toString).orElse("?"), EXIT_FAILED));
            return failed.isPresent() ? EXIT_FAILED : EXIT_OK;
        } finally {
            closeInReverse(started);
            closed.countDown();
        }
    }

    /** Asks a running {@link #run()} to close everything and return {@value #EXIT_OK}; what SIGTERM does. */
    public void stop() {
        stopRequested.countDown();
    }

    private void stopAndAwaitClose() {
        stop();
        try {
            // the JVM halts when the hooks return: let run() finish closing first (bounded)
            long total = services.stream().mapToLong(s -> closeBound(s).toMillis()).sum();
            closed.await(total + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<Service> awaitStopOrFailure() {
        try {
            while (!stopRequested.await(CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
                Optional<Service> failed = services.stream().filter(s -> s.failure().isPresent()).findFirst();
                if (failed.isPresent()) {
                    return failed;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /** How long the runner waits for one service's close: its drain (if any) plus a margin, at least the runner's timeout. */
    Duration closeBound(Service service) {
        Duration drain = service.drainTimeout();
        if (drain == null || drain.isZero() || drain.isNegative()) {
            return closeTimeout;
        }
        Duration bound = drain.plus(CLOSE_MARGIN);
        return bound.compareTo(closeTimeout) > 0 ? bound : closeTimeout;
    }

    private void closeInReverse(List<Service> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            Service service = started.get(i);
            Thread closing = new Thread(() -> {
                try {
                    service.close();
                } catch (RuntimeException e) {
                    log.warn("Closing {} failed: {}", service, e.toString());
                }
            }, "switchboard-close-" + i);
            closing.setDaemon(true);
            closing.start();
            try {
                closing.join(closeBound(service).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (closing.isAlive()) {
                log.warn("{} did not close within {}; leaving it", service, closeBound(service));
            }
        }
    }
}
