package dev.switchboard.core.internal.llm;

/** A rough token count (four characters a token), for budgets before a call and offline usage. */
final class TokenEstimate {
    private TokenEstimate() {
    }

    static int of(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }
}
