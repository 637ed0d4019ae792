package dev.switchboard.core.internal.llm;

import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.contracts.message.ErrorType;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs in-process model code (an offline analyzer) on its own thread with a time budget. Past the
 * budget, or when the code throws an {@link Error} (stack overflow, out of memory), the call fails
 * with a non-retriable {@code AGENT_CRASHED}: the task fails, the worker goes on. A thread past its
 * budget is interrupted; Java cannot stop a thread that ignores that, so it may burn CPU until it
 * ends, which is why the offline analyzers are linear in their input and this is only the net.
 */
final class TimeBudget {
    private final Duration budget;
    private final ExecutorService threads;

    TimeBudget(Duration budget) {
        this.budget = budget;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "switchboard-offline-model-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    <T> T call(String what, Callable<T> work) {
        Future<T> result = threads.submit(work);
        try {
            return result.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new NonRetriableTaskException(ErrorType.AGENT_CRASHED, what + " ran past its time budget of " + budget
                    + " (SWITCHBOARD_LLM_TIMEOUT)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw new NonRetriableTaskException(ErrorType.AGENT_CRASHED, what + " crashed: " + error, error);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new NonRetriableTaskException(ErrorType.AGENT_ERROR, what + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while " + what + " was answering", e);
        }
    }
}
