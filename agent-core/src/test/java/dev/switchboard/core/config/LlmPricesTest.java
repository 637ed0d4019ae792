package dev.switchboard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LlmPricesTest {

    @Test
    void shouldPriceInputAndOutputTokensPerMillion() {
        // Given the operator's price table
        LlmPrices prices = LlmPrices.parse("SWITCHBOARD_LLM_PRICES", "gpt-4o-mini=0.15/0.60, claude-haiku-4-5=1/5");

        // When a million input and half a million output tokens are priced
        // Then each model has its own price
        assertThat(prices.cost("gpt-4o-mini", 1_000_000, 500_000)).isCloseTo(0.45, Offset.offset(1e-9));
        assertThat(prices.cost("claude-haiku-4-5", 1_000, 1_000)).isCloseTo(0.006, Offset.offset(1e-12));
    }

    @Test
    void shouldPriceAVersionedModelNameByTheLongestNameItStartsWith() {
        LlmPrices prices = LlmPrices.parse("SWITCHBOARD_LLM_PRICES", "gpt-4o=2.5/10,gpt-4o-mini=0.15/0.60");

        assertThat(prices.cost("gpt-4o-mini-2024-07-18", 1_000_000, 0)).isCloseTo(0.15, Offset.offset(1e-9));
        assertThat(prices.cost("GPT-4O-2024-08-06", 1_000_000, 0)).isCloseTo(2.5, Offset.offset(1e-9));
    }

    @Test
    void shouldHaveNoCostForAnUnknownModel() {
        LlmPrices prices = LlmPrices.parse("SWITCHBOARD_LLM_PRICES", "gpt-4o-mini=0.15/0.60");

        assertThat(prices.cost("llama3", 10, 10)).isNull();
        assertThat(prices.cost("gpt-4o-minimal", 10, 10)).isNull();
        assertThat(LlmPrices.NONE.cost("gpt-4o-mini", 10, 10)).isNull();
    }

    @Test
    void shouldRefuseAnInvalidTableAtStartNamingTheVariable() {
        for (String bad : new String[] {"gpt-4o-mini", "gpt-4o-mini=0.15", "=1/2", "m=a/b", "m=-1/2", "m=1/2,m=1/3", "m=1/NaN"}) {
            assertThatThrownBy(() -> WorkerConfig.from(ConfigSource.of(Map.of("llm.prices", bad))))
                    .as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_LLM_PRICES");
        }
    }

    @Test
    void shouldReadPricesAndCacheFromTheEnvironment() {
        WorkerConfig config = WorkerConfig.from(ConfigSource.of(Map.of("llm.prices", "m=1/2",
                "llm.cache", "exact", "llm.cache.ttl", "2h")));

        assertThat(config.llmCalls().prices().prices()).containsEntry("m", new LlmPrices.Price(1, 2));
        assertThat(config.llmCalls().cache()).isEqualTo(LlmCallsConfig.Cache.EXACT);
        assertThat(config.llmCalls().cacheTtl()).isEqualTo(java.time.Duration.ofHours(2));
        assertThat(WorkerConfig.ofDefaults().llmCalls().cache()).isEqualTo(LlmCallsConfig.Cache.OFF);
        assertThatThrownBy(() -> WorkerConfig.from(ConfigSource.of(Map.of("llm.cache", "fuzzy"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_LLM_CACHE");
    }
}
