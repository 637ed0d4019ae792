package dev.switchboard.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrchestratorConfigTest {

    @Test
    void shouldRefuseToServeOnANonLoopbackAddressWithoutKeysUnlessInsecure() {
        assertThatThrownBy(() -> OrchestratorConfig.custom().host("0.0.0.0").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_API_KEYS").hasMessageContaining("--insecure");
        assertThat(OrchestratorConfig.custom().host("0.0.0.0").insecure(true).build().host()).isEqualTo("0.0.0.0");
        assertThat(OrchestratorConfig.from(ConfigSource.from(Map.of(
                "SWITCHBOARD_ORCHESTRATOR_HOST", "0.0.0.0", "SWITCHBOARD_API_KEYS", "k1, k2"))).apiKeys()).hasSize(2);
        assertThat(OrchestratorConfig.ofDefaults().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldReadCallbackAndLimitSettings() {
        OrchestratorConfig c = OrchestratorConfig.from(ConfigSource.from(Map.of(
                "SWITCHBOARD_CALLBACK_SECRET", "s3cret",
                "SWITCHBOARD_CALLBACK_ALLOW_PRIVATE", "true",
                "SWITCHBOARD_MAX_DOCUMENT_BYTES", "2048",
                "SWITCHBOARD_DEFAULT_AGENTS", "sentiment,summary",
                "SWITCHBOARD_FAN_OUT_PRODUCERS", "3")));
        assertThat(c.callbackSecret().reveal()).isEqualTo("s3cret");
        assertThat(c.callbackSecret().toString()).doesNotContain("s3cret");
        assertThat(c.callbackAllowPrivate()).isTrue();
        assertThat(c.maxDocumentBytes()).isEqualTo(2048);
        assertThat(c.defaultAgents()).containsExactly("sentiment", "summary");
        assertThat(c.fanOutProducers()).isEqualTo(3);
        assertThat(OrchestratorConfig.ofDefaults().fanOutProducers()).isEqualTo(OrchestratorConfig.DEFAULT_FAN_OUT_PRODUCERS);
    }
}
