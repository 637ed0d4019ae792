package dev.switchboard.orchestrator.http;

import static dev.switchboard.orchestrator.http.TestApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.config.Secret;
import dev.switchboard.contracts.message.Budget;
import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.KeyBudgets;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.orchestrator.OwnerIds;
import dev.switchboard.orchestrator.port.InMemoryJobSubmissions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job's token budget at the door: validated, stored on the manifest, never above the default (decision 0024). */
class BudgetApiTest {

    @Test
    void shouldStoreTheRequestedBudgetOnTheJob() {
        try (TestApi api = TestApi.start()) {
            // When a job asks for a budget
            Http.Response r = api.http(null).postJson("/v1/jobs", "{\"document\":\"x\",\"budget\":{\"maxTokens\":4000}}");

            // Then it is accepted and its manifest carries the budget
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            assertThat(api.submissions.written()).extracting(w -> w.manifest().budget()).containsExactly(new Budget(4000));
        }
    }

    @Test
    void shouldSubmitWithoutABudgetWhenNoneIsAskedOrConfigured() {
        try (TestApi api = TestApi.start()) {
            api.http(null).postJson("/v1/jobs", "{\"document\":\"x\"}");
            api.http(null).postJson("/v1/jobs", "{\"document\":\"x\",\"budget\":null}");

            assertThat(api.submissions.written()).extracting(w -> w.manifest().budget()).containsExactly(null, null);
        }
    }

    @Test
    void shouldRefuseAnInvalidBudgetAndSubmitNothing() {
        try (TestApi api = TestApi.start()) {
            for (String budget : List.of("0", "-5", "1.5", "\"100\"", "[100]", "{}", "{\"maxTokens\":0}", "{\"maxTokens\":-1}",
                    "{\"maxTokens\":2.5}", "{\"maxTokens\":\"100\"}", "{\"maxTokens\":1000000000001}",
                    "{\"maxTokens\":99999999999999999999}", "{\"maxToken\":100}")) {
                // When a job's budget is not {"maxTokens": 1..10^12}
                Http.Response r = api.http(null).postJson("/v1/jobs", "{\"document\":\"x\",\"budget\":" + budget + "}");

                // Then it is refused with a problem naming the field
                assertProblem(r, 422, "invalid-budget");
                assertThat(r.json().path("detail").asText()).as(budget).contains("maxTokens");
            }
            // and nothing was submitted
            assertThat(api.submissions.written()).isEmpty();
        }
    }

    @Test
    void shouldApplyTheDefaultBudgetAndLetAJobOnlyLowerIt() {
        // Given a default budget for every caller
        try (TestApi api = TestApi.start(OrchestratorConfig.custom().defaultBudgetTokens(1000))) {
            Http http = api.http(null);

            // When jobs name no budget (JSON and text/plain), a lower one, and a higher one
            assertThat(http.postJson("/v1/jobs", "{\"document\":\"a\"}").status()).isEqualTo(202);
            assertThat(http.post("/v1/jobs", "text/plain", "b".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(202);
            assertThat(http.postJson("/v1/jobs", "{\"document\":\"c\",\"budget\":{\"maxTokens\":250}}").status()).isEqualTo(202);
            Http.Response higher = http.postJson("/v1/jobs", "{\"document\":\"d\",\"budget\":{\"maxTokens\":1001}}");

            // Then the default applies, a lower budget wins, and a higher one is refused, naming the default
            assertThat(api.submissions.written()).extracting(InMemoryJobSubmissions.Written::manifest)
                    .extracting(m -> m.budget().maxTokens()).containsExactly(1000L, 1000L, 250L);
            assertProblem(higher, 422, "invalid-budget");
            assertThat(higher.json().path("detail").asText()).contains("1000").contains("SWITCHBOARD_DEFAULT_BUDGET_TOKENS");
        }
    }

    @Test
    void shouldApplyEachKeysOwnDefaultBudgetAndLetAJobOnlyLowerIt() {
        // Given key A with its own default budget of 5000 tokens and key B on the default of 1000
        String keyA = "budget-key-alice-0f3e2d";
        String keyB = "budget-key-bob-9a7c41e";
        OrchestratorConfig.Builder config = OrchestratorConfig.custom().defaultBudgetTokens(1000)
                .apiKeys(List.of(Secret.of(keyA), Secret.of(keyB)))
                .keyBudgets(KeyBudgets.parse(OwnerIds.of(Secret.of(keyA)) + "=5000"));
        try (TestApi api = TestApi.start(config)) {
            // When each names no budget, and A asks for more than B's default, then more than its own
            assertThat(api.http(keyA).postJson("/v1/jobs", "{\"document\":\"a\"}").status()).isEqualTo(202);
            assertThat(api.http(keyB).postJson("/v1/jobs", "{\"document\":\"b\"}").status()).isEqualTo(202);
            assertThat(api.http(keyA).postJson("/v1/jobs", "{\"document\":\"c\",\"budget\":{\"maxTokens\":3000}}").status())
                    .isEqualTo(202);
            Http.Response higher = api.http(keyA).postJson("/v1/jobs", "{\"document\":\"d\",\"budget\":{\"maxTokens\":5001}}");
            Http.Response overDefault = api.http(keyB).postJson("/v1/jobs", "{\"document\":\"e\",\"budget\":{\"maxTokens\":3000}}");

            // Then A's jobs get its own default or less, B's the default, and neither may go above its key's
            assertThat(api.submissions.written()).extracting(InMemoryJobSubmissions.Written::manifest)
                    .extracting(m -> m.budget().maxTokens()).containsExactly(5000L, 1000L, 3000L);
            assertProblem(higher, 422, "invalid-budget");
            assertThat(higher.json().path("detail").asText()).contains("5000").contains("SWITCHBOARD_KEY_BUDGET_TOKENS");
            assertProblem(overDefault, 422, "invalid-budget");
            assertThat(overDefault.json().path("detail").asText()).contains("1000");
        }
    }

    @Test
    void shouldRefuseABudgetSmallerThanTheNumberOfAgents() {
        // Given a default budget of 2 tokens (each task gets at least one token, so three agents would spend 3)
        try (TestApi api = TestApi.start(OrchestratorConfig.custom().defaultBudgetTokens(2))) {
            Http http = api.http(null);
            String threeAgents = "\"agents\":[\"sentiment\",\"entities\",\"summary\"]";

            // When jobs ask for three agents with a budget of 2, or with the default, and for two agents with the default
            Http.Response asked = http.postJson("/v1/jobs", "{\"document\":\"a\"," + threeAgents + ",\"budget\":{\"maxTokens\":2}}");
            Http.Response byDefault = http.postJson("/v1/jobs", "{\"document\":\"b\"," + threeAgents + "}");
            Http.Response enough = http.postJson("/v1/jobs", "{\"document\":\"c\",\"agents\":[\"sentiment\",\"summary\"]}");
            // and for one agent that needs three others (decision 0030)
            Http.Response needing = http.postJson("/v1/jobs", "{\"document\":\"d\",\"agents\":[\"synthesis\"]}");

            // Then the first two are refused, naming the minimum, and the third is accepted
            for (Http.Response refused : List.of(asked, byDefault)) {
                assertProblem(refused, 422, "invalid-budget");
                assertThat(refused.json().path("detail").asText()).contains("at least the number of agents (3");
            }
            // and the fourth counts every agent it runs, naming why
            assertProblem(needing, 422, "invalid-budget");
            assertThat(needing.json().path("detail").asText())
                    .contains("at least the number of agents (4: one token per task; synthesis needs sentiment, entities, summary)");
            assertThat(enough.status()).as(enough.body()).isEqualTo(202);
            assertThat(api.submissions.written()).hasSize(1);
        }
    }

    @Test
    void shouldTreatARetryWithAnotherBudgetAsAnotherRequest() {
        try (TestApi api = TestApi.start()) {
            Http http = api.http(null);
            // Given a job submitted with an Idempotency-Key and a budget
            Http.Response first = http.postJson("/v1/jobs", "{\"document\":\"x\",\"budget\":{\"maxTokens\":100}}",
                    "Idempotency-Key", "budgeted-1");

            // When the key is reused with another budget, Then it is a different request: 409
            Http.Response other = http.postJson("/v1/jobs", "{\"document\":\"x\",\"budget\":{\"maxTokens\":200}}",
                    "Idempotency-Key", "budgeted-1");
            assertThat(first.status()).isEqualTo(202);
            assertProblem(other, 409, "idempotency-key-reused");
            assertThat(api.submissions.written()).hasSize(1);
        }
    }
}
