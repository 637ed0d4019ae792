package dev.switchboard.orchestrator.port;

import java.util.Locale;

/** One agent's progress on one job. */
public enum AgentState {
    QUEUED, RETRYING, DONE, FAILED;

    @com.fasterxml.jackson.annotation.JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
