package dev.switchboard.core.internal.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.Prompt;
import dev.switchboard.contracts.message.Json;

/**
 * A langchain4j {@link ChatModel} answered by an agent's deterministic {@link OfflineModel}, bound to
 * one task: no network, same interface, so the offline path exercises the same prompt, parse and
 * validation code as a real model. The analyzer gets the task; when the prompt fences a document
 * other than the task's whole text (a chunk of a long one), it gets the task with that text. Token counts are estimated at four characters a token. The analyzer runs
 * within a {@link TimeBudget}: a hang or an {@link Error} in it fails the task, not the worker.
 */
final class OfflineChatModel implements ChatModel {
    static final String MODEL_NAME = "offline";
    private final AgentTask task;
    private final OfflineModel<?> model;
    private final TimeBudget budget;

    OfflineChatModel(AgentTask task, OfflineModel<?> model, TimeBudget budget) {
        this.task = task;
        this.model = model;
        this.budget = budget;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        String system = "";
        String user = "";
        for (ChatMessage m : request.messages()) {
            if (m instanceof SystemMessage s) {
                system = s.text();
            } else if (m instanceof UserMessage u && u.hasSingleText()) {
                // the first user message holds the task; later ones are repair requests, which a
                // deterministic analyzer answers the same way
                user = user.isEmpty() ? u.singleText() : user;
            }
        }
        AgentTask asked = Prompt.of(system, user).document().filter(d -> !d.equals(task.text()))
                .<AgentTask>map(part -> TaskData.withText(task, part)).orElse(task);
        Object answer = budget.call("The offline model", () -> model.answer(asked));
        String text = answer instanceof String s ? s : Json.toString(answer);
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(text))
                .modelName(MODEL_NAME)
                .finishReason(FinishReason.STOP)
                .tokenUsage(new TokenUsage(TokenEstimate.of(system) + TokenEstimate.of(user), TokenEstimate.of(text)))
                .build();
    }
}
