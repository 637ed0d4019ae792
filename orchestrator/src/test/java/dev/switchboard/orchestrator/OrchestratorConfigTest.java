package dev.switchboard.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.Secret;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrchestratorConfigTest {

    @Test
    void shouldRefuseToServeOnANonLoopbackAddressWithoutKeysUnlessInsecure() {
        assertThatThrownBy(() -> OrchestratorConfig.custom().host("0.0.0.0").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_API_KEYS").hasMessageContaining("--insecure");
        assertThat(OrchestratorConfig.custom().host("0.0.0.0").insecure(true).build().host()).isEqualTo("0.0.0.0");
        assertThat(OrchestratorConfig.from(ConfigSource.from(Map.of(
                "SWITCHBOARD_ORCHESTRATOR_HOST", "0.0.0.0", "SWITCHBOARD_API_KEYS", "first-key-3c8e91f2, second-key-b7d04a6e"))).apiKeys()).hasSize(2);
        assertThat(OrchestratorConfig.ofDefaults().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldReadCallbackAndLimitSettings() {
        OrchestratorConfig c = OrchestratorConfig.from(ConfigSource.from(Map.of(
                "SWITCHBOARD_CALLBACK_SECRET", "cb-signing-9e1f47a2c3",
                "SWITCHBOARD_CALLBACK_ALLOW_PRIVATE", "true",
                "SWITCHBOARD_MAX_DOCUMENT_BYTES", "2048",
                "SWITCHBOARD_DEFAULT_AGENTS", "sentiment,summary",
                "SWITCHBOARD_FAN_OUT_PRODUCERS", "3")));
        assertThat(c.callbackSecret().reveal()).isEqualTo("cb-signing-9e1f47a2c3");
        assertThat(c.callbackSecret().toString()).doesNotContain("cb-signing-9e1f47a2c3");
        assertThat(c.callbackAllowPrivate()).isTrue();
        assertThat(c.maxDocumentBytes()).isEqualTo(2048);
        assertThat(c.defaultAgents()).containsExactly("sentiment", "summary");
        assertThat(c.fanOutProducers()).isEqualTo(3);
        assertThat(OrchestratorConfig.ofDefaults().fanOutProducers()).isEqualTo(OrchestratorConfig.DEFAULT_FAN_OUT_PRODUCERS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"change-me", "CHANGE-ME-too", "changeme-changeme-changeme", "Password", "secret", "test",
            "example-key-for-the-readme", "default-api-key-value"})
    void shouldRefuseAPlaceholderApiKeyOrSigningSecretNamingTheVariable(String placeholder) {
        // Given a key or a signing secret copied from an example
        // When the config is read, Then start fails and says which variable to change
        assertThatThrownBy(() -> OrchestratorConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_API_KEYS", placeholder))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_API_KEYS");
        assertThatThrownBy(() -> OrchestratorConfig.custom().callbackSecret(Secret.of(placeholder)).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_CALLBACK_SECRET");
    }

    @Test
    void shouldRefuseAKeyShorterThanSixteenCharactersButKeepKeylessLoopbackMode() {
        assertThatThrownBy(() -> OrchestratorConfig.custom().apiKeys(List.of(Secret.of("a1b2c3d4e5f6g7h"))).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_API_KEYS").hasMessageContaining("16");
        assertThatThrownBy(() -> OrchestratorConfig.from(ConfigSource.from(Map.of(
                "SWITCHBOARD_API_KEYS", "a-good-key-4f9c2e81d0, short-7f3a"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_API_KEYS");
        assertThatThrownBy(() -> OrchestratorConfig.custom().callbackSecret(Secret.of("q9Zr41xK")).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_CALLBACK_SECRET");

        assertThat(OrchestratorConfig.custom().apiKeys(List.of(Secret.of("a1b2c3d4e5f6g7h8"))).build().apiKeys()).hasSize(1);
        assertThat(OrchestratorConfig.ofDefaults().apiKeys()).isEmpty();
        assertThat(OrchestratorConfig.ofDefaults().callbackSecret().isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseAWhsecSecretThatIsNotBase64OrDecodesToFewerThanSixteenBytes() {
        // Given whsec_ secrets: not base64 (long enough as a string), and base64 of a 15-byte key (20+ characters)
        String notBase64 = "whsec_this-is-not*base64!!";
        String shortKey = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[15]).replace('A', 'k');

        // When the config is built (from the environment or a builder), Then it names the variable, never the value
        assertThatThrownBy(() -> OrchestratorConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_CALLBACK_SECRET", notBase64))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_CALLBACK_SECRET")
                .hasMessageContaining("base64").hasMessageNotContaining(notBase64);
        assertThatThrownBy(() -> OrchestratorConfig.custom().callbackSecret(Secret.of(shortKey)).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_CALLBACK_SECRET").hasMessageContaining("16 bytes");
        // and a whsec_ secret of a 16-byte key is taken
        String goodKey = "whsec_" + java.util.Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(OrchestratorConfig.custom().callbackSecret(Secret.of(goodKey)).build().callbackSecret().reveal()).isEqualTo(goodKey);
    }

    @Test
    void shouldKeepAGivenInstanceIdAndRefuseOneThatCannotNameATransactionalId() {
        // Given an instance id from the environment, When read, Then it is kept
        assertThat(OrchestratorConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_ORCHESTRATOR_INSTANCE_ID", "orchestrator-0")))
                .instanceId()).isEqualTo("orchestrator-0");
        // And one with a space, or an empty one (every such instance would share ids), is refused, naming the variable
        assertThatThrownBy(() -> OrchestratorConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_ORCHESTRATOR_INSTANCE_ID", "orchestrator a"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_ORCHESTRATOR_INSTANCE_ID must be");
        assertThatThrownBy(() -> OrchestratorConfig.custom().instanceId("").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_ORCHESTRATOR_INSTANCE_ID must be");
    }
}
