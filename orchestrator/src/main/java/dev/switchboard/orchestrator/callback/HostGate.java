package dev.switchboard.orchestrator.callback;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs deliveries on the shared delivery threads, at most {@code perTarget} at once per target
 * ({@code host:port}). A delivery over its target's cap is parked: it holds no thread, and starts when
 * one of the same target ends. So receivers that never answer hold at most {@code perTarget} threads
 * per target, and the others' deliveries keep running. One gate per run of the dispatcher: {@link #close}
 * drops the parked deliveries and interrupts the running ones (their records are not committed past
 * and go to the next run).
 */
final class HostGate {
    private final int perTarget;
    private final ExecutorService threads;
    private final Map<String, Target> targets = new HashMap<>();
    private final Set<Future<?>> running = ConcurrentHashMap.newKeySet();
    private int parked;
    private boolean closed;

    private static final class Target {
        int running;
        final ArrayDeque<Runnable> parked = new ArrayDeque<>();
    }

    HostGate(int perTarget, ExecutorService threads) {
        if (perTarget < 1) {
            throw new IllegalArgumentException("perTarget must be positive, was " + perTarget);
        }
        this.perTarget = perTarget;
        this.threads = threads;
    }

    /** The target of a callback URL: lower-cased {@code host:port} (the scheme's port when none); the URL itself if unparsable. */
    static String target(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                return url;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    /** Runs {@code task} on a delivery thread, outside any target's cap (e.g. finding out the target). */
    void run(Runnable task) {
        start(null, task);
    }

    /** Runs {@code task} now if fewer than {@code perTarget} tasks of {@code target} run, else parks it until one ends. */
    void submit(String target, Runnable task) {
        synchronized (this) {
            if (closed) {
                return;
            }
            Target t = targets.computeIfAbsent(target, k -> new Target());
            if (t.running >= perTarget) {
                t.parked.add(task);
                parked++;
                return;
            }
            t.running++;
        }
        start(target, task);
    }

    private void start(String target, Runnable task) {
        try {
            Future<?> f = threads.submit(() -> {
                try {
                    task.run();
                } finally {
                    if (target != null) {
                        ended(target);
                    }
                }
            });
            running.add(f);
            if (f.isDone()) {
                running.remove(f);
            }
            running.removeIf(Future::isDone);
        } catch (RejectedExecutionException e) {
            // the dispatcher is closing: the record stays uncommitted and goes to the next run
        }
    }

    private void ended(String target) {
        Runnable next;
        synchronized (this) {
            Target t = targets.get(target);
            next = closed ? null : t.parked.poll();
            if (next == null) {
                if (--t.running == 0 && t.parked.isEmpty()) {
                    targets.remove(target);
                }
                return;
            }
            parked--;
        }
        start(target, next);
    }

    /** Deliveries waiting for their target's cap. */
    synchronized int parked() {
        return parked;
    }

    /** Deliveries of {@code target} running now. */
    synchronized int running(String target) {
        Target t = targets.get(target);
        return t == null ? 0 : t.running;
    }

    /** Drops the parked deliveries and interrupts the running ones. */
    void close() {
        synchronized (this) {
            closed = true;
            targets.values().forEach(t -> t.parked.clear());
            parked = 0;
        }
        running.forEach(f -> f.cancel(true));
    }
}
