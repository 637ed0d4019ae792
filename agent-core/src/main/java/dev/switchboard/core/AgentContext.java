package dev.switchboard.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/** What the runtime hands an agent for one task. */
public interface AgentContext {

    /** The model, through the process's rate-limited gateway. */
    LlmClient llm();

    /** The clock to read time from (tests inject a fixed one). */
    Clock clock();

    /** When the job must be done; work past it is wasted. */
    Instant deadline();

    /** Time left until the deadline, never negative. */
    default Duration remaining() {
        Duration left = Duration.between(clock().instant(), deadline());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** This attempt's number, starting at 1. */
    int attempt();

    /** A logger whose lines carry the job id, task id and agent (as MDC keys {@code jobId}, {@code taskId}, {@code agent}). */
    Logger log();
}
