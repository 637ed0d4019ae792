package dev.switchboard.core.internal.llm;

import dev.langchain4j.exception.HttpException;
import dev.switchboard.core.RetriableTaskException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Which model-call failures may pass on their own. Decided by type and status code only. */
final class TransientFailures {
    private TransientFailures() {
    }

    static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof dev.langchain4j.exception.RetriableException
                    || t instanceof RetriableTaskException
                    || t instanceof IOException
                    || t instanceof UncheckedIOException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            if (t instanceof HttpException http) {
                int s = http.statusCode();
                return s == 408 || s == 425 || s == 429 || s >= 500;
            }
            if (t instanceof dev.langchain4j.exception.NonRetriableException) {
                return false;
            }
        }
        return false;
    }
}
