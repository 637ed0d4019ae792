package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The LLM metrics' tags stay bounded whatever model names a provider answers with. */
class LlmMetricsTest {

    @Test
    void shouldTagAtMostFiftyModelsAndTheRestOther() {
        // Given the metrics of one provider
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LlmMetrics metrics = new LlmMetrics(registry, "p");

        // When answers come from 80 differently named models, the first one again last
        IntStream.range(0, 80).forEach(i -> metrics.recordAnswer("a", "model-" + i, LlmMetrics.Source.PROVIDER, Usage.ofCall(1, 1, null)));
        metrics.recordAnswer("a", "model-0", LlmMetrics.Source.PROVIDER, Usage.ofCall(1, 1, null));

        // Then the answers counter has 50 model tags plus "other", which counts the 30 beyond
        var answers = registry.find("switchboard.llm.answers").counters();
        assertThat(answers).hasSize(LlmMetrics.MAX_MODELS + 1);
        assertThat(registry.get("switchboard.llm.answers").tag("model", "other").counter().count()).isEqualTo(30);
        assertThat(registry.get("switchboard.llm.answers").tag("model", "model-0").counter().count()).isEqualTo(2);
    }
}
