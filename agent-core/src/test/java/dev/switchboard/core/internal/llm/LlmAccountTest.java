package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.config.Secret;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.LlmProvider;
import org.junit.jupiter.api.Test;

class LlmAccountTest {

    private static String account(String baseUrl) {
        return LlmAccount.of(LlmConfig.custom().provider(LlmProvider.OPENAI).baseUrl(baseUrl).apiKey(Secret.of("sk-1")).build());
    }

    @Test
    void shouldNameOneAccountOneWayWhateverTheSpellingOfItsBaseUrl() {
        // Given the same endpoint spelt four ways, and the default one left unset
        String plain = account("https://api.openai.com/v1");

        // Then every spelling names the same account
        assertThat(account(null)).isEqualTo(plain);
        assertThat(account("https://api.openai.com/v1/")).isEqualTo(plain);
        assertThat(account("HTTPS://API.OpenAI.com:443/v1")).isEqualTo(plain);
        assertThat(account(" https://api.openai.com/v1// ")).isEqualTo(plain);
        assertThat(account("https://api.openai.com/v2")).isNotEqualTo(plain);
    }

    @Test
    void shouldWriteNoCredentialsOfTheBaseUrlToTheQuotaTopic() {
        // Given a base URL carrying a user, a password and a key in its query
        String name = account("https://bob:hunter2@llm.example.com/v1?api-key=s3cret#frag");

        // Then the account's name keeps none of them, and equals the bare endpoint's
        assertThat(name).doesNotContain("bob").doesNotContain("hunter2").doesNotContain("s3cret").doesNotContain("frag")
                .doesNotContain("sk-1").isEqualTo(account("https://llm.example.com/v1"));
        assertThat(account("not a url with s3cret")).doesNotContain("s3cret");
    }
}
