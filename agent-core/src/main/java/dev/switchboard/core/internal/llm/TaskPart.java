package dev.switchboard.core.internal.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.AgentTask;
import java.time.Instant;
import java.util.UUID;

/** A task with the text of the part of its document one prompt is about (a chunk), as an offline model gets it. */
record TaskPart(AgentTask task, String text) implements AgentTask {

    @Override
    public UUID jobId() {
        return task.jobId();
    }

    @Override
    public UUID taskId() {
        return task.taskId();
    }

    @Override
    public String agent() {
        return task.agent();
    }

    @Override
    public int attempt() {
        return task.attempt();
    }

    @Override
    public String contentType() {
        return task.contentType();
    }

    @Override
    public JsonNode parameters() {
        return task.parameters();
    }

    @Override
    public Instant submittedAt() {
        return task.submittedAt();
    }

    @Override
    public Instant deadline() {
        return task.deadline();
    }
}
