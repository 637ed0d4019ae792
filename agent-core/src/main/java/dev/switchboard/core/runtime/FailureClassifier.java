package dev.switchboard.core.runtime;

import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.core.RetriableTaskException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/**
 * Decides the route of a failed task from the exception's type, never its message. Pluggable on
 * {@link AgentWorker.Builder#failureClassifier}; {@link #DEFAULT} is the one definition of "retriable" in Switchboard
 * (the LLM gateway's retry and circuit breaker use it too): it retries {@link RetriableTaskException}, langchain4j's
 * retriable exceptions, HTTP 408/425/429/5xx, I/O errors, timeouts and retriable Kafka errors, and dead-letters
 * {@link NonRetriableTaskException}, langchain4j's non-retriable exceptions and everything else. The first cause
 * in the chain that it recognises decides.
 */
@FunctionalInterface
public interface FailureClassifier {

    FailureClassifier DEFAULT = error -> {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NonRetriableTaskException || t instanceof dev.langchain4j.exception.NonRetriableException) {
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
            if (t instanceof dev.langchain4j.exception.HttpException http) {
                int s = http.statusCode();
                return s == 408 || s == 425 || s == 429 || s >= 500 ? FailureRoute.RETRY : FailureRoute.DEAD_LETTER;
            }
        }
        return FailureRoute.DEAD_LETTER;
    };

    /** Whether {@link #DEFAULT} would retry {@code error}. */
    static boolean isRetriable(Throwable error) {
        return DEFAULT.classify(error) == FailureRoute.RETRY;
    }

    FailureRoute classify(Throwable error);
}
