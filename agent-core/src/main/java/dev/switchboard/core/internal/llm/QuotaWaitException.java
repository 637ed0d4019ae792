package dev.switchboard.core.internal.llm;

/**
 * No share of the account's quota (a request permit or tokens) came within the bound: the provider did not fail, we
 * did not ask it. The circuit breaker does not count it and the guard's retry does not repeat it; the guard surfaces
 * it as a retriable task failure (the task's retry tier, decision 0022).
 */
final class QuotaWaitException extends RuntimeException {
    QuotaWaitException(String message) {
        super(message, null, false, false);
    }

    /** True when {@code error} or one of its causes is a quota wait (langchain4j may wrap what the transport throws). */
    static boolean isQuotaWait(Throwable error) {
        return in(error) != null;
    }

    /** The quota wait in {@code error}'s causes, {@code null} if there is none. */
    static QuotaWaitException in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof QuotaWaitException q) {
                return q;
            }
        }
        return null;
    }
}
