package dev.switchboard.agents.sentiment.internal.embedding;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value loaded on first use and kept for the life of the process. A failed load (an exception, an error such as a
 * missing native library or a class that did not initialise, an {@link OutOfMemoryError}) is logged once as a WARN with
 * its cause and answered with empty, so the caller can fall back; the load is tried again on the first call after {@code retryAfter}, never more
 * often. Other {@link VirtualMachineError}s (stack overflow, internal errors) mean the JVM itself is in trouble: they
 * propagate. Thread-safe: one load at a time, and once one succeeds every caller shares its value.
 */
public final class RetryingLoader<T> {
    private static final Logger log = LoggerFactory.getLogger(RetryingLoader.class);
    private final String what;
    private final Supplier<T> load;
    private final long retryAfterNanos;
    private final LongSupplier nanoClock;
    private volatile T value;
    private boolean failedBefore;
    private long failedAt;

    /** {@code nanoClock}: a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests. */
    public RetryingLoader(String what, Supplier<T> load, Duration retryAfter, LongSupplier nanoClock) {
        this.what = Objects.requireNonNull(what, "what");
        this.load = Objects.requireNonNull(load, "load");
        this.retryAfterNanos = retryAfter.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** The value, loading it if it is not loaded yet and no failed load is more recent than the retry interval. */
    public Optional<T> get() {
        T loaded = value;
        if (loaded != null) {
            return Optional.of(loaded);
        }
        synchronized (this) {
            if (value != null) {
                return Optional.of(value);
            }
            if (failedBefore && nanoClock.getAsLong() - failedAt < retryAfterNanos) {
                return Optional.empty();
            }
            try {
                value = Objects.requireNonNull(load.get(), "the loader returned null");
                return Optional.of(value);
            } catch (Throwable e) {
                if (e instanceof VirtualMachineError vmError && !(e instanceof OutOfMemoryError)) {
                    throw vmError;
                }
                return failed(e);
            }
        }
    }

    private Optional<T> failed(Throwable cause) {
        failedBefore = true;
        failedAt = nanoClock.getAsLong();
        log.warn("Could not load {}; falling back until a load succeeds, next try in {} s at the earliest", what,
                retryAfterNanos / 1_000_000_000L, cause);
        return Optional.empty();
    }
}
