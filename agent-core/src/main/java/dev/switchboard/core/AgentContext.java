package dev.switchboard.core;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;

/** What the runtime hands an agent for one task, besides the task itself. */
public interface AgentContext {

    /** The model, through the process's rate-limited gateway. */
    LlmClient llm();

    /** The clock to read time from (tests inject a fixed one). */
    Clock clock();

    /** A logger whose lines carry the job id, task id and agent (as MDC keys {@code jobId}, {@code taskId}, {@code agent}). */
    Logger log();

    /** Time left until the task's {@link AgentTask#deadline() deadline} by {@link #clock()}, never negative. */
    Duration remaining();
}
