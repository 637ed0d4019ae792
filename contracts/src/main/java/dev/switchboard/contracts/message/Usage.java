package dev.switchboard.contracts.message;

/**
 * What LLM calls cost one task (in a result), one agent or one job (in a report). {@code calls} counts every answer
 * the task used, {@code replayedCalls} those of them that did not come from the provider: replayed from the task's own
 * call journal (a redelivered task does not pay twice; the answer's tokens and cost are counted, as this task paid
 * them once, in an earlier attempt) or answered by the exact-match cache (0 tokens and no cost: another job paid).
 * Tokens are the tokens each answer was paid for, once, whichever attempt paid.
 * {@code estimatedCost} prices them with the operator's price table ({@code SWITCHBOARD_LLM_PRICES}); {@code null}
 * when no call was to a priced model. Records written before these fields existed read as 0 calls and no cost.
 */
public record Usage(long calls, long replayedCalls, long inputTokens, long outputTokens, Double estimatedCost) {
    public static final Usage NONE = new Usage(0, 0, 0, 0, null);

    public Usage {
        if (calls < 0 || replayedCalls < 0 || inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("usage counts are never negative");
        }
        if (estimatedCost != null && (estimatedCost.isNaN() || estimatedCost < 0)) {
            throw new IllegalArgumentException("estimated cost must be a non-negative number, was " + estimatedCost);
        }
    }

    /** Reads JSON: a count missing from an older record is 0 (the message mapper refuses null for a primitive). */
    @com.fasterxml.jackson.annotation.JsonCreator
    static Usage read(@com.fasterxml.jackson.annotation.JsonProperty("calls") Long calls,
                      @com.fasterxml.jackson.annotation.JsonProperty("replayedCalls") Long replayedCalls,
                      @com.fasterxml.jackson.annotation.JsonProperty("inputTokens") Long inputTokens,
                      @com.fasterxml.jackson.annotation.JsonProperty("outputTokens") Long outputTokens,
                      @com.fasterxml.jackson.annotation.JsonProperty("estimatedCost") Double estimatedCost) {
        return new Usage(orZero(calls), orZero(replayedCalls), orZero(inputTokens), orZero(outputTokens), estimatedCost);
    }

    private static long orZero(Long n) {
        return n == null ? 0 : n;
    }

    /** Tokens only (no call count, no cost): the shape before calls and cost were counted. */
    public Usage(long inputTokens, long outputTokens) {
        this(0, 0, inputTokens, outputTokens, null);
    }

    /** One answer the provider was paid for. */
    public static Usage ofCall(long inputTokens, long outputTokens, Double estimatedCost) {
        return new Usage(1, 0, inputTokens, outputTokens, estimatedCost);
    }

    /** One answer replayed from the call journal: its tokens were paid by an earlier attempt. */
    public static Usage ofReplay(long inputTokens, long outputTokens, Double estimatedCost) {
        return new Usage(1, 1, inputTokens, outputTokens, estimatedCost);
    }

    /** Input plus output tokens. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    public Usage plus(Usage other) {
        Double cost = estimatedCost;
        if (other.estimatedCost != null) {
            cost = cost == null ? other.estimatedCost : Double.valueOf(cost + other.estimatedCost);
        }
        return new Usage(calls + other.calls, replayedCalls + other.replayedCalls, inputTokens + other.inputTokens,
                outputTokens + other.outputTokens, cost);
    }
}
