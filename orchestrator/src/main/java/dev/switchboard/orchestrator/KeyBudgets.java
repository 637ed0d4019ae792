package dev.switchboard.orchestrator;

import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.message.Budget;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token budgets per job for some callers, by owner id ({@link OwnerIds}), from
 * {@code SWITCHBOARD_KEY_BUDGET_TOKENS=<owner-id>=N,<owner-id>=M} (decision 0024). {@code N = 0} means no budget for
 * that key; a key not named gets {@code SWITCHBOARD_DEFAULT_BUDGET_TOKENS}.
 */
public record KeyBudgets(Map<String, Long> tokensByOwner) {
    public static final KeyBudgets NONE = new KeyBudgets(Map.of());

    public KeyBudgets {
        tokensByOwner = Map.copyOf(tokensByOwner);
        tokensByOwner.forEach((owner, tokens) -> {
            if (tokens < 0 || tokens > Budget.MAX_TOKENS) {
                throw new ConfigException(OrchestratorConfig.KEY_BUDGET_TOKENS.envName() + ": the budget of " + owner
                        + " must be 0 (no budget) or 1 to " + Budget.MAX_TOKENS + ", was " + tokens);
            }
        });
    }

    /** Parses {@code id=N,id=M}; refuses a malformed entry or an id named twice. */
    public static KeyBudgets parse(String value) {
        Map<String, Long> budgets = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            String owner = eq < 0 ? "" : entry.substring(0, eq).trim();
            Long tokens = eq < 0 ? null : number(entry.substring(eq + 1).trim());
            if (owner.isEmpty() || tokens == null) {
                throw new ConfigException(OrchestratorConfig.KEY_BUDGET_TOKENS.envName()
                        + " must be <owner-id>=<tokens>,... (the owner ids are logged at start), got '" + entry.trim() + "'");
            }
            if (budgets.put(owner, tokens) != null) {
                throw new ConfigException(OrchestratorConfig.KEY_BUDGET_TOKENS.envName() + " names " + owner + " twice");
            }
        }
        return new KeyBudgets(budgets);
    }

    private static Long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Refuses an id that is none of the configured keys', naming the known ones (non-secret fingerprints). */
    void checkOwners(Collection<String> known) {
        for (String owner : tokensByOwner.keySet()) {
            if (!known.contains(owner)) {
                throw new ConfigException(OrchestratorConfig.KEY_BUDGET_TOKENS.envName() + " names " + owner
                        + ", which is no configured key's owner id; the keys' owner ids are " + known);
            }
        }
    }

    /** The budget of {@code owner}'s jobs: its own if named (null for 0), else {@code fallback}. */
    public Budget budgetOf(String owner, Budget fallback) {
        Long tokens = tokensByOwner.get(owner);
        if (tokens == null) {
            return fallback;
        }
        return tokens == 0 ? null : new Budget(tokens);
    }
}
