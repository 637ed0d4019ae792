package dev.switchboard.core.runtime;

import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.core.RetriableTaskException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/**
 * Decides the route of a failed task from the exception's type, never its message. Pluggable on
 * {@link AgentWorker.Builder#failureClassifier}; {@link #DEFAULT} retries {@link RetriableTaskException},
 * langchain4j's retriable exceptions, I/O errors, timeouts and retriable Kafka errors, and dead-letters
 * everything else.
 */
@FunctionalInterface
public interface FailureClassifier {

    FailureClassifier DEFAULT = error -> {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NonRetriableTaskException) {
                return FailureRoute.DEAD_LETTER;
            }
            if (t instanceof RetriableTaskException
                    || t instanceof dev.langchain4j.exception.RetriableException
                    || t instanceof IOException
                    || t instanceof UncheckedIOException
                    || t instanceof TimeoutException
                    || t instanceof org.apache.kafka.common.errors.RetriableException) {
                return FailureRoute.RETRY;
            }
        }
        return FailureRoute.DEAD_LETTER;
    };

    FailureRoute classify(Throwable error);
}
