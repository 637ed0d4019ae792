package dev.switchboard.core.config;

import dev.switchboard.contracts.config.ConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the operator pays per million input and output tokens, by model: {@code SWITCHBOARD_LLM_PRICES}, e.g.
 * {@code gpt-4o-mini=0.15/0.60,claude-haiku-4-5=1/5}. A model the table does not name has no estimated cost. A model
 * name the provider answers with a version suffix ({@code gpt-4o-mini-2024-07-18}) takes the price of the longest
 * name in the table it starts with, followed by a dash.
 */
public final class LlmPrices {
    public static final LlmPrices NONE = new LlmPrices(Map.of());
    private static final String FORMAT = "model=input/output per million tokens, comma-separated, e.g. "
            + "gpt-4o-mini=0.15/0.60,claude-haiku-4-5=1/5";

    /** The price of one million input and one million output tokens. */
    public record Price(double input, double output) {
        public Price {
            if (!(input >= 0) || !(output >= 0) || Double.isInfinite(input) || Double.isInfinite(output)) {
                throw new IllegalArgumentException("prices must be finite and not negative");
            }
        }
    }

    private final Map<String, Price> prices;

    private LlmPrices(Map<String, Price> prices) {
        this.prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
    }

    /** Parses the table; throws a {@link ConfigException} naming {@code variable} and the bad entry. */
    public static LlmPrices parse(String variable, String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        Map<String, Price> prices = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            String trimmed = entry.trim();
            int eq = trimmed.indexOf('=');
            int slash = trimmed.indexOf('/', Math.max(eq, 0));
            if (eq < 1 || slash < 0) {
                throw new ConfigException(variable + " must be " + FORMAT + "; '" + trimmed + "' is not");
            }
            String model = trimmed.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            try {
                Price price = new Price(Double.parseDouble(trimmed.substring(eq + 1, slash).trim()),
                        Double.parseDouble(trimmed.substring(slash + 1).trim()));
                if (prices.put(model, price) != null) {
                    throw new ConfigException(variable + " names model '" + model + "' twice");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(variable + " must be " + FORMAT + "; '" + trimmed + "' is not ("
                        + e.getMessage() + ")");
            }
        }
        return new LlmPrices(prices);
    }

    /** The table's entries. */
    public Map<String, Price> prices() {
        return prices;
    }

    /** What {@code inputTokens} and {@code outputTokens} of {@code model} cost, or {@code null} when it has no price. */
    public Double cost(String model, long inputTokens, long outputTokens) {
        Price price = priceOf(model);
        if (price == null) {
            return null;
        }
        return (inputTokens * price.input() + outputTokens * price.output()) / 1_000_000d;
    }

    private Price priceOf(String model) {
        if (model == null) {
            return null;
        }
        String name = model.toLowerCase(Locale.ROOT);
        Price exact = prices.get(name);
        if (exact != null) {
            return exact;
        }
        String best = null;
        for (String known : prices.keySet()) {
            if (name.startsWith(known + "-") && (best == null || known.length() > best.length())) {
                best = known;
            }
        }
        return best == null ? null : prices.get(best);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LlmPrices other && prices.equals(other.prices);
    }

    @Override
    public int hashCode() {
        return Objects.hash(prices);
    }

    @Override
    public String toString() {
        return prices.toString();
    }
}
