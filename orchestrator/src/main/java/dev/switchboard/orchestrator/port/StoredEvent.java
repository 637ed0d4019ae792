package dev.switchboard.orchestrator.port;

import dev.switchboard.contracts.message.JobEvent;

/** A job event with its offset on {@code switchboard.events}: the SSE cursor ({@code id:}). */
public record StoredEvent(long offset, JobEvent event) {
}
