package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.Secret;
import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.Prompt;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.LlmProvider;
import dev.switchboard.core.config.StructuredOutputMode;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.core.testagents.TestTask;
import dev.switchboard.fakes.ScriptedOpenAiServer;
import dev.switchboard.fakes.ScriptedOpenAiServer.Reply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Structured output the provider enforces (decision 0029), against a real HTTP server through langchain4j's real
 * clients: the output record's JSON Schema in the request, the prompt path for a server that refuses it, repairs counted.
 */
class StructuredOutputHttpTest {
    enum Verdict { POSITIVE, NEGATIVE }

    record Aspect(String name, double weight) {
    }

    record Review(Verdict verdict, int stars, double score, boolean recommended, List<Aspect> aspects,
                  Optional<String> note) {
    }

    /** An enum whose toString is no value the parser takes. */
    enum Grade {
        PASS, FAIL;

        @Override
        public String toString() {
            return "Grade " + name();
        }
    }

    record Graded(Grade grade, char initial) {
    }

    /** A map has no strict schema. */
    record Tagged(Map<String, Integer> counts) {
    }

    private static final String REVIEW = "{\"verdict\":\"positive\",\"stars\":4,\"score\":0.8,\"recommended\":true,"
            + "\"aspects\":[{\"name\":\"price\",\"weight\":0.5}],\"note\":null}";
    private static final TestTask TASK = TestTask.of("a document");
    private final ScriptedOpenAiServer server = ScriptedOpenAiServer.start();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        server.close();
    }

    private LlmGateway openAi(StructuredOutputMode mode) {
        return LlmGateway.create(LlmConfig.custom().provider(LlmProvider.OPENAI).baseUrl(server.baseUrl())
                .apiKey(Secret.of("sk-test")).model("scripted").maxAttempts(1).timeout(Duration.ofSeconds(5))
                .structuredOutput(mode).build(), registry);
    }

    @Test
    void shouldSendTheStrictJsonSchemaOfTheOutputRecord() {
        // Given an OpenAI-compatible server that takes response formats
        server.enqueue(Reply.content(REVIEW));

        // When an agent asks for a record with an enum, numbers, a list of nested records and an optional field
        Review review = openAi(StructuredOutputMode.AUTO).client(TASK, OfflineModel.none())
                .generate(Prompt.of("Review.", "text"), Review.class);

        // Then the request carried the record's schema, strict: closed objects, every field required, optional nullable
        assertThat(review).isEqualTo(new Review(Verdict.POSITIVE, 4, 0.8, true, List.of(new Aspect("price", 0.5)), Optional.empty()));
        JsonNode format = server.requests().get(0).responseFormat();
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("name").asText()).isEqualTo("Review");
        assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
        JsonNode schema = format.path("json_schema").path("schema");
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(texts(schema.path("required"))).containsExactly("verdict", "stars", "score", "recommended", "aspects", "note");
        JsonNode properties = schema.path("properties");
        assertThat(texts(properties.path("verdict").path("enum"))).containsExactly("positive", "negative");
        assertThat(properties.path("stars").path("type").asText()).isEqualTo("integer");
        assertThat(properties.path("score").path("type").asText()).isEqualTo("number");
        assertThat(properties.path("recommended").path("type").asText()).isEqualTo("boolean");
        JsonNode aspect = properties.path("aspects").path("items");
        assertThat(properties.path("aspects").path("type").asText()).isEqualTo("array");
        assertThat(aspect.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(texts(aspect.path("required"))).containsExactly("name", "weight");
        assertThat(aspect.path("properties").path("weight").path("type").asText()).isEqualTo("number");
        assertThat(properties.path("note").path("anyOf").toString()).contains("\"string\"").contains("\"null\"");
    }

    @Test
    void shouldFallBackToThePromptPathOnceWhenTheServerRefusesTheResponseFormat() {
        // Given a server without structured output: it answers 400 to any response_format
        server.refuseResponseFormat().otherwise(r -> Reply.content(REVIEW));
        LlmGateway gateway = openAi(StructuredOutputMode.AUTO);

        // When two tasks of the gateway ask for a record
        Review first = gateway.client(TASK, OfflineModel.none()).generate(Prompt.of("Review.", "one"), Review.class);
        Review second = gateway.client(TASK, OfflineModel.none()).generate(Prompt.of("Review.", "two"), Review.class);

        // Then the first call paid the 400 once and was made again without the schema; the next never sent one
        assertThat(first).isEqualTo(second);
        List<ScriptedOpenAiServer.Request> requests = server.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).responseFormat().isMissingNode()).isFalse();
        assertThat(requests.get(1).responseFormat().isMissingNode()).isTrue();
        assertThat(requests.get(1).systemMessage()).contains("\"verdict\":\"positive|negative\"").contains("\"note\":\"string|null\"");
        assertThat(requests.get(2).responseFormat().isMissingNode()).isTrue();
        assertThat(registry.get("switchboard.llm.structured.fallbacks").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldSendOnlyTheTypeWhoseSchemaTheServerCallsInvalidDownThePromptPath() {
        // Given a server that refuses Review's schema as invalid (a limit of its own), and answers everything else
        server.enqueue(Reply.status(400, "{\"error\":{\"message\":\"Invalid schema for response_format 'Review': 6 levels"
                + " of nesting exceeds limit of 5.\",\"type\":\"invalid_request_error\",\"param\":\"response_format\"}}"))
                .otherwise(r -> Reply.content(r.systemMessage().contains("verdict") ? REVIEW : "{\"name\":\"price\",\"weight\":1}"));
        LlmGateway gateway = openAi(StructuredOutputMode.AUTO);

        // When Review is asked for twice, then another type
        gateway.client(TASK, OfflineModel.none()).generate(Prompt.of("Review.", "one"), Review.class);
        gateway.client(TASK, OfflineModel.none()).generate(Prompt.of("Review.", "two"), Review.class);
        Aspect aspect = gateway.client(TASK, OfflineModel.none()).generate(Prompt.of("Aspect.", "three"), Aspect.class);

        // Then Review went on without its schema after the refusal, while the other type still sent its own
        assertThat(aspect).isEqualTo(new Aspect("price", 1));
        List<ScriptedOpenAiServer.Request> requests = server.requests();
        assertThat(requests).hasSize(4);
        assertThat(requests.get(0).responseFormat().isMissingNode()).isFalse();
        assertThat(requests.get(1).responseFormat().isMissingNode()).isTrue();
        assertThat(requests.get(2).responseFormat().isMissingNode()).isTrue();
        assertThat(requests.get(3).responseFormat().path("json_schema").path("name").asText()).isEqualTo("Aspect");
        assertThat(registry.get("switchboard.llm.structured.fallbacks").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldOfferEnumValuesTheParserReadsBackAndACharAsAString() {
        // Given an enum with a toString of its own, and a char
        server.enqueue(Reply.content("{\"grade\":\"pass\",\"initial\":\"x\"}"));

        // When a record of them is asked for
        Graded graded = openAi(StructuredOutputMode.AUTO).client(TASK, OfflineModel.none())
                .generate(Prompt.of("Grade.", "text"), Graded.class);

        // Then the schema offered the enum's names and a string for the char, and the answer was read back
        assertThat(graded).isEqualTo(new Graded(Grade.PASS, 'x'));
        JsonNode properties = server.requests().get(0).responseFormat().path("json_schema").path("schema").path("properties");
        assertThat(texts(properties.path("grade").path("enum"))).containsExactly("pass", "fail");
        assertThat(properties.path("initial").path("type").asText()).isEqualTo("string");
        assertThat(server.requests().get(0).systemMessage()).contains("\"initial\":\"string\"");
    }

    @Test
    void shouldFailTheCallWhenTheSchemaIsForcedAndRefused() {
        server.refuseResponseFormat();

        assertThatThrownBy(() -> openAi(StructuredOutputMode.SCHEMA).client(TASK, OfflineModel.none())
                .generate(Prompt.of("Review.", "text"), Review.class))
                .isInstanceOf(NonRetriableTaskException.class).hasMessageContaining("response_format");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void shouldSendNoSchemaInPromptModeNorForATypeStrictModeCannotExpress() {
        server.otherwise(r -> Reply.content("{\"verdict\":\"negative\",\"stars\":1,\"score\":-0.5,\"recommended\":false,"
                + "\"aspects\":[],\"note\":\"cold\",\"counts\":{\"a\":1}}"));

        Review review = openAi(StructuredOutputMode.PROMPT).client(TASK, OfflineModel.none()).generate(Prompt.of("R.", "t"), Review.class);
        Tagged tagged = openAi(StructuredOutputMode.AUTO).client(TASK, OfflineModel.none()).generate(Prompt.of("T.", "t"), Tagged.class);

        assertThat(review.note()).contains("cold");
        assertThat(tagged.counts()).containsEntry("a", 1);
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.responseFormat().isMissingNode()).isTrue());
    }

    @Test
    void shouldCountRepairsByAgentAndOutcome() {
        // Given answers that do not fit, then fit after the repair; then two that never fit
        server.enqueue(Reply.content("{\"verdict\":\"great\"}"), Reply.content(REVIEW), Reply.content("no"), Reply.content("still no"));
        LlmGateway gateway = openAi(StructuredOutputMode.AUTO);

        gateway.client(TASK, OfflineModel.none()).generate(Prompt.of("Review.", "one"), Review.class);
        assertThatThrownBy(() -> gateway.client(TASK, OfflineModel.none()).generate(Prompt.of("Review.", "two"), Review.class))
                .isInstanceOf(NonRetriableTaskException.class);

        // Then one repair fixed, one failed; the repair request carried the schema too
        assertThat(registry.get("switchboard.llm.repairs").tag("agent", "test").tag("outcome", "fixed").counter().count()).isEqualTo(1);
        assertThat(registry.get("switchboard.llm.repairs").tag("agent", "test").tag("outcome", "failed").counter().count()).isEqualTo(1);
        assertThat(server.requests().get(1).responseFormat().path("type").asText()).isEqualTo("json_schema");
    }

    @Test
    void shouldAskAServedAnthropicModelForTheSchemaAsItsOutputFormat() {
        // Given an Anthropic Messages endpoint (the scripted server answers the raw Messages body)
        server.enqueue(Reply.status(200, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-haiku-4-5-20251001\",\"content\":[{\"type\":\"text\",\"text\":" + quoted(REVIEW) + "}],"
                + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":10,\"output_tokens\":20}}"));
        LlmConfig config = LlmConfig.custom().provider(LlmProvider.ANTHROPIC).baseUrl(server.baseUrl() + "/")
                .apiKey(Secret.of("sk-ant-test")).maxAttempts(1).build();

        // When an agent asks for a record with the default model
        LlmGateway.Client llm = LlmGateway.create(config, registry).client(TASK, OfflineModel.none());
        Review review = llm.generate(Prompt.of("Review.", "text"), Review.class);

        // Then the request named a model Anthropic serves today and carried the schema as output_config.format
        assertThat(review.verdict()).isEqualTo(Verdict.POSITIVE);
        JsonNode request = server.requests().get(0).json();
        assertThat(server.requests().get(0).path()).isEqualTo("/v1/messages");
        assertThat(request.path("model").asText()).isEqualTo("claude-haiku-4-5").isEqualTo(LlmConfig.DEFAULT_ANTHROPIC_MODEL);
        JsonNode format = request.path("output_config").path("format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("schema").path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(texts(format.path("schema").path("properties").path("verdict").path("enum"))).containsExactly("positive", "negative");
        assertThat(llm.modelName()).isEqualTo("claude-haiku-4-5-20251001");
    }

    @Test
    void shouldReadTheModeFromTheEnvironmentAndRefuseOthers() {
        assertThat(LlmConfig.ofDefaults().structuredOutput()).isEqualTo(StructuredOutputMode.AUTO);
        assertThat(LlmConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_LLM_STRUCTURED_OUTPUT", "Prompt"))).structuredOutput())
                .isEqualTo(StructuredOutputMode.PROMPT);
        assertThatThrownBy(() -> LlmConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_LLM_STRUCTURED_OUTPUT", "json"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_LLM_STRUCTURED_OUTPUT must be one of auto, schema, prompt");
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static String quoted(String text) {
        return dev.switchboard.contracts.message.Json.toString(text);
    }
}
