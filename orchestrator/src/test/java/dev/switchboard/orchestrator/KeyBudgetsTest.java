package dev.switchboard.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.Secret;
import dev.switchboard.contracts.message.Budget;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SWITCHBOARD_KEY_BUDGET_TOKENS: a default budget per key, by the key's non-secret owner id, checked at start (decision 0024). */
class KeyBudgetsTest {
    private static final String KEY_A = "key-budget-alice-5e0a7c";
    private static final String KEY_B = "key-budget-bob-c41f9d2";
    private static final String ADMIN = "key-budget-admin-8b2e61";

    private static OrchestratorConfig config(String keyBudgets) {
        return OrchestratorConfig.from(ConfigSource.from(Map.of("SWITCHBOARD_API_KEYS", KEY_A + "," + KEY_B,
                "SWITCHBOARD_ADMIN_API_KEYS", ADMIN, "SWITCHBOARD_DEFAULT_BUDGET_TOKENS", "1000",
                "SWITCHBOARD_KEY_BUDGET_TOKENS", keyBudgets)));
    }

    @Test
    void shouldGiveANamedKeyItsOwnBudgetAndTheOthersTheDefault() {
        String a = OwnerIds.of(Secret.of(KEY_A));
        String admin = OwnerIds.of(Secret.of(ADMIN));

        // Given key A with 5000 tokens and the admin key with none (0)
        OrchestratorConfig c = config(a + "=5000, " + admin + "=0");

        // Then A gets its own, the admin key none, and key B the default
        assertThat(c.defaultBudget(a)).isEqualTo(new Budget(5000));
        assertThat(c.defaultBudget(admin)).isNull();
        assertThat(c.defaultBudget(OwnerIds.of(Secret.of(KEY_B)))).isEqualTo(new Budget(1000));
        // and the owner id shows nothing of the key
        assertThat(a).hasSize(16).doesNotContain("alice");
    }

    @Test
    void shouldRefuseAnIdOfNoConfiguredKeyNamingTheKnownIds() {
        // When an id is no key's (a typo, a removed key, or the key itself instead of its id)
        // Then the start fails naming the setting and the ids of the configured keys, never a key
        for (String wrong : new String[] {"0123456789abcdef=10", KEY_A + "=10"}) {
            assertThatThrownBy(() -> config(wrong)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("SWITCHBOARD_KEY_BUDGET_TOKENS")
                    .hasMessageContaining(OwnerIds.of(Secret.of(KEY_A))).hasMessageContaining(OwnerIds.of(Secret.of(ADMIN)))
                    .satisfies(e -> assertThat(e.getMessage().replace(wrong, "")).doesNotContain(KEY_B).doesNotContain(ADMIN));
        }
    }

    @Test
    void shouldRefuseMalformedEntriesAndOutOfRangeBudgets() {
        String a = OwnerIds.of(Secret.of(KEY_A));
        for (String bad : new String[] {a, a + "=", a + "=x", "=5", a + "=-1", a + "=1000000000001", a + "=5," + a + "=6"}) {
            assertThatThrownBy(() -> config(bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("SWITCHBOARD_KEY_BUDGET_TOKENS");
        }
    }

    @Test
    void shouldKnowKeylessCallersAsAnonymous() {
        OrchestratorConfig c = OrchestratorConfig.custom().keyBudgets(KeyBudgets.parse("anonymous=42")).build();
        assertThat(c.defaultBudget(OwnerIds.ANONYMOUS)).isEqualTo(new Budget(42));
    }
}
