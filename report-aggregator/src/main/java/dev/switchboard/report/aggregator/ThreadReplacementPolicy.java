package dev.switchboard.report.aggregator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when a stream thread dies: replace it, at most {@code max} times within a sliding {@code window}; the
 * next death in that window shuts the client down ({@code SHUTDOWN_CLIENT}, state {@code ERROR}), so a failure that
 * recurs on the same record ends in a process that reports not-ready and exits non-zero instead of a thread that is
 * replaced for ever.
 */
final class ThreadReplacementPolicy implements StreamsUncaughtExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ThreadReplacementPolicy.class);
    private final int max;
    private final Duration window;
    private final Clock clock;
    private final AggregatorMetrics metrics;
    private final Deque<Instant> replacements = new ArrayDeque<>();

    ThreadReplacementPolicy(int max, Duration window, Clock clock, AggregatorMetrics metrics) {
        this.max = max;
        this.window = window;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Instant now = clock.instant();
        while (!replacements.isEmpty() && !replacements.peekFirst().isAfter(now.minus(window))) {
            replacements.removeFirst();
        }
        if (replacements.size() >= max) {
            log.error("Aggregator stream thread failed; {} thread(s) were already replaced within {}, shutting the aggregator down",
                    replacements.size(), window, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        metrics.threadReplaced();
        log.error("Aggregator stream thread failed; replacing it ({} of at most {} within {})", replacements.size(), max, window,
                exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
