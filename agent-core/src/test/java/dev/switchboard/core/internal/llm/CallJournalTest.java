package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.contracts.config.Secret;
import dev.switchboard.contracts.message.Budget;
import dev.switchboard.contracts.message.ErrorType;
import dev.switchboard.contracts.message.Usage;
import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.Prompt;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.LlmPrices;
import dev.switchboard.core.config.LlmProvider;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.fakes.ScriptedOpenAiServer;
import dev.switchboard.fakes.ScriptedOpenAiServer.Reply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A task's model calls against a real HTTP server speaking the OpenAI API: journaled, replayed in order on a
 * redelivery up to the first mismatch, answered from the cache, priced, and kept within the task's token budget.
 */
class CallJournalTest {
    private static final int MAX_OUTPUT = 256;
    private final ScriptedOpenAiServer server = ScriptedOpenAiServer.start()
            .otherwise(r -> Reply.content("answer to " + r.lastUserMessage()));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InMemoryJournalStore store = new InMemoryJournalStore();
    private final UUID jobId = UUID.randomUUID();
    private final UUID taskId = UUID.randomUUID();
    private final LlmGateway gateway = LlmGateway.create(LlmConfig.custom()
            .provider(LlmProvider.OPENAI).baseUrl(server.baseUrl()).apiKey(Secret.of("sk-test")).model("scripted")
            .requestsPerSecond(100).maxAttempts(1).maxOutputTokens(MAX_OUTPUT).timeout(Duration.ofSeconds(5)).build(), registry);

    @AfterEach
    void stop() {
        server.close();
    }

    private LlmGateway.Client attempt(boolean mayHaveRun, Budget budget, LlmPrices prices) {
        Instant now = Instant.now();
        TaskJournal journal = TaskJournal.of(store, jobId, taskId, now, mayHaveRun, prices, Clock.systemUTC());
        TaskData task = new TaskData(jobId, taskId, "test", mayHaveRun ? 2 : 1, "a document", "text/plain",
                JsonNodeFactory.instance.objectNode(), now, now.plusSeconds(300), budget, journal, null);
        return gateway.client(task, OfflineModel.none());
    }

    private LlmGateway.Client attempt(boolean mayHaveRun) {
        return attempt(mayHaveRun, null, LlmPrices.NONE);
    }

    @Test
    void shouldJournalEveryAnswerWithItsCallIndexAndRequestHash() {
        // Given a first attempt
        LlmGateway.Client llm = attempt(false);

        // When it makes two calls
        llm.chat(Prompt.of("s", "one"));
        llm.chat(Prompt.of("s", "two"));

        // Then both answers are journaled, in order, keyed by task, index and hash
        assertThat(store.snapshot()).extracting(JournalEntry::callIndex).containsExactly(0, 1);
        assertThat(store.snapshot()).extracting(JournalEntry::text).containsExactly("answer to one", "answer to two");
        assertThat(store.snapshot().get(0).key()).startsWith(taskId + "/0/");
        assertThat(store.snapshot().get(0).requestHash()).isNotEqualTo(store.snapshot().get(1).requestHash());
        assertThat(store.snapshot().get(0).inputTokens()).isPositive();
    }

    @Test
    void shouldReplayJournaledAnswersInOrderWithoutCallingTheModel() {
        // Given a first attempt that paid for two calls
        LlmGateway.Client first = attempt(false);
        first.chat(Prompt.of("s", "one"));
        first.chat(Prompt.of("s", "two"));
        Usage paid = first.usage();

        // When the task is redelivered and asks the same
        LlmGateway.Client again = attempt(true);
        String a = again.chat(Prompt.of("s", "one"));
        String b = again.chat(Prompt.of("s", "two"));

        // Then the answers come from the journal: no request, the tokens of the first attempt, counted as replayed
        assertThat(a).isEqualTo("answer to one");
        assertThat(b).isEqualTo("answer to two");
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(again.usage()).isEqualTo(new Usage(2, 2, paid.inputTokens(), paid.outputTokens(), null));
        assertThat(store.snapshot()).hasSize(2);
    }

    @Test
    void shouldCallTheModelFromTheFirstMismatchOn() {
        // Given a first attempt that asked "one", "two", "three"
        LlmGateway.Client first = attempt(false);
        first.chat(Prompt.of("s", "one"));
        first.chat(Prompt.of("s", "two"));
        first.chat(Prompt.of("s", "three"));

        // When the redelivered task asks "one", then something else, then "three" again
        LlmGateway.Client again = attempt(true);
        again.chat(Prompt.of("s", "one"));
        again.chat(Prompt.of("s", "other"));
        again.chat(Prompt.of("s", "three"));

        // Then only the first call is replayed; from the mismatch on every call goes to the model
        assertThat(server.requestCount()).isEqualTo(3 + 2);
        assertThat(again.usage().calls()).isEqualTo(3);
        assertThat(again.usage().replayedCalls()).isEqualTo(1);
    }

    @Test
    void shouldNotLookTheJournalUpForATaskThatCannotHaveRunBefore() {
        // Given a journal with answers for the task
        attempt(false).chat(Prompt.of("s", "one"));

        // When a first attempt (not flagged as possibly run before) asks the same
        attempt(false).chat(Prompt.of("s", "one"));

        // Then it pays
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void shouldCallTheModelWhenTheJournalCannotBeRead() {
        // Given a journaled call, and a journal that cannot be read now
        attempt(false).chat(Prompt.of("s", "one"));
        store.unreadable = true;

        // When the redelivered task asks the same
        String answer = attempt(true).chat(Prompt.of("s", "one"));

        // Then the model answers: a journal problem never fails the task
        assertThat(answer).isEqualTo("answer to one");
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void shouldFailAwaitingTheJournalWhenAnEntryCouldNotBeWritten() {
        // Given a journal that refuses writes
        store.unwritable = true;
        Instant now = Instant.now();
        TaskJournal journal = TaskJournal.of(store, jobId, taskId, now, false, LlmPrices.NONE, Clock.systemUTC());
        LlmGateway.Client llm = gateway.client(new TaskData(jobId, taskId, "test", 1, "d", "text/plain",
                JsonNodeFactory.instance.objectNode(), now, now.plusSeconds(60), null, journal, null), OfflineModel.none());

        // When the task calls the model
        llm.chat(Prompt.of("s", "one"));

        // Then awaiting the journal fails, so the runtime does not publish the task's outputs
        assertThatThrownBy(() -> journal.awaitWritten(Duration.ofSeconds(5)))
                .isInstanceOf(java.util.concurrent.ExecutionException.class);
    }

    @Test
    void shouldHandTheAnswerToTheAgentOnlyOnceTheBrokerHasItsEntry() throws Exception {
        // Given a journal whose write the broker has not acknowledged yet
        store.held = new java.util.concurrent.CompletableFuture<>();
        LlmGateway.Client llm = attempt(false);

        // When the task calls the model
        java.util.concurrent.CompletableFuture<String> answer =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> llm.chat(Prompt.of("s", "one")));

        // Then the call waits for the entry (a process killed now would have paid for an answer nobody can replay)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> store.snapshot().size() == 1);
        assertThat(answer).isNotDone();
        // and returns once the broker has it
        store.held.complete(null);
        assertThat(answer.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("answer to one");
    }

    @Test
    void shouldAnswerFromTheCacheWithNoTokensForThisJob() {
        // Given another job's journaled answer to the same request
        attempt(false).chat(Prompt.of("s", "same document"));
        store.cachedAnswer = store.snapshot().get(0);

        // When a new task of another job asks the same
        LlmGateway.Client other = attempt(false);
        String answer = other.chat(Prompt.of("s", "same document"));

        // Then it is answered without a call, counted as replayed with 0 tokens and no cost
        assertThat(answer).isEqualTo("answer to same document");
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(other.usage()).isEqualTo(new Usage(1, 1, 0, 0, null));
        assertThat(registry.get("switchboard.llm.answers").tag("source", "cache").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldAskTheModelAgainForAPromptTheTaskAlreadyAsked() {
        // Given a task that paid for an answer, which the answer cache now knows
        LlmGateway.Client llm = attempt(false);
        llm.chat(Prompt.of("s", "roll a die"));
        store.cachedAnswer = store.snapshot().get(0);

        // When the same task asks the same again, on purpose
        llm.chat(Prompt.of("s", "roll a die"));

        // Then the model answers again: the task does not get its own first answer back from the cache
        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(llm.usage().replayedCalls()).isZero();
    }

    @Test
    void shouldPriceTokensWithThePriceTable() {
        // Given a price table for the model the server answers as
        LlmPrices prices = LlmPrices.parse("SWITCHBOARD_LLM_PRICES", "scripted=1/2");
        LlmGateway.Client llm = attempt(false, null, prices);

        // When the task calls the model
        llm.chat(Prompt.of("s", "one"));

        // Then its usage and the metrics carry the estimated cost
        Usage usage = llm.usage();
        double expected = (usage.inputTokens() * 1.0 + usage.outputTokens() * 2.0) / 1_000_000;
        assertThat(usage.estimatedCost()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(registry.get("switchboard.llm.cost").tag("agent", "test").tag("model", "scripted").counter().count())
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(registry.get("switchboard.llm.tokens").tag("agent", "test").tag("direction", "input").counter().count())
                .isEqualTo(usage.inputTokens());
    }

    @Test
    void shouldCapTheOutputAtWhatTheBudgetLeaves() {
        // Given a budget of 100 tokens, less than the configured output cap
        LlmGateway.Client llm = attempt(false, new Budget(100), LlmPrices.NONE);

        // When the task makes a call whose input is about 5 tokens
        llm.chat(Prompt.of("system", "hello"));

        // Then the request asks for at most what the budget leaves after the input estimate
        com.fasterxml.jackson.databind.JsonNode json = server.requests().get(0).json();
        int asked = json.has("max_completion_tokens") ? json.get("max_completion_tokens").asInt() : json.path("max_tokens").asInt();
        assertThat(asked).isEqualTo(100 - (("system".length() + "hello".length() + 3) / 4));
    }

    @Test
    void shouldRefuseACallTheBudgetCannotPayFor() {
        // Given a budget that the first call used up
        LlmGateway.Client llm = attempt(false, new Budget(60), LlmPrices.NONE);
        llm.chat(Prompt.of("s", "x".repeat(120)));
        int before = server.requestCount();

        // When the task asks for another call
        // Then it fails BUDGET_EXCEEDED, with the numbers, and nothing is sent
        assertThatThrownBy(() -> llm.chat(Prompt.of("s", "x".repeat(120))))
                .isInstanceOfSatisfying(NonRetriableTaskException.class,
                        e -> assertThat(e.errorType()).isEqualTo(ErrorType.BUDGET_EXCEEDED.name()))
                .hasMessageContaining("budget of 60 tokens").hasMessageContaining("used so far");
        assertThat(server.requestCount()).isEqualTo(before);
    }
}
