package dev.switchboard.core.internal.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One completed model call in the call journal: which task made it (the {@code callIndex}-th call of an attempt, with a
 * request hashing to {@code requestHash}), and the answer, enough to rebuild the {@link ChatResponse} the task used.
 */
public record JournalEntry(UUID jobId, UUID taskId, int callIndex, String requestHash, Instant at, String text,
                           String modelName, long inputTokens, long outputTokens, String finishReason) {

    public JournalEntry {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(requestHash, "requestHash");
        if (callIndex < 0) {
            throw new IllegalArgumentException("callIndex starts at 0, was " + callIndex);
        }
    }

    /** The journal entry of {@code response}, the answer to the {@code callIndex}-th call of a task. */
    static JournalEntry of(UUID jobId, UUID taskId, int callIndex, String requestHash, Instant at, ChatResponse response) {
        TokenUsage usage = response.tokenUsage();
        return new JournalEntry(jobId, taskId, callIndex, requestHash, at, response.aiMessage().text(), response.modelName(),
                usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount(),
                response.finishReason() == null ? null : response.finishReason().name());
    }

    /** The record key: task, call index and request hash, so compaction keeps one answer per call. */
    public String key() {
        return taskId + "/" + callIndex + "/" + requestHash;
    }

    /** The answer as the model gave it; with its token usage, or with none (0 tokens: an answer another job paid for). */
    ChatResponse response(boolean withTokens) {
        ChatResponse.Builder builder = ChatResponse.builder()
                .aiMessage(AiMessage.from(text == null ? "" : text))
                .modelName(modelName)
                .tokenUsage(withTokens ? new TokenUsage((int) inputTokens, (int) outputTokens) : new TokenUsage(0, 0));
        if (finishReason != null) {
            try {
                builder.finishReason(FinishReason.valueOf(finishReason));
            } catch (IllegalArgumentException e) {
                // a finish reason this version does not know: leave it out
            }
        }
        return builder.build();
    }

    /** Roughly what the entry holds in memory, in bytes (for the answer cache's bound). */
    public long weight() {
        return 200L + 2L * ((text == null ? 0 : text.length()) + requestHash.length() + (modelName == null ? 0 : modelName.length()));
    }
}
