package dev.switchboard.orchestrator.port;

import java.util.Locale;

/**
 * One agent's progress on one job. {@code WAITING}: an agent of a later stage whose task the aggregator has not released
 * yet, as some agent it needs has no result (decision 0030); its {@code TASK_RELEASED} event makes it {@code QUEUED}.
 */
public enum AgentState {
    WAITING, QUEUED, RETRYING, DONE, FAILED;

    @com.fasterxml.jackson.annotation.JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
