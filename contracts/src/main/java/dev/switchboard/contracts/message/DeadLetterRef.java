package dev.switchboard.contracts.message;

import java.util.Objects;

/**
 * Names one dead letter: the agent whose DLQ holds it, and its partition and offset there. Written {@code
 * agent:partition:offset} (e.g. {@code sentiment:3:1042}): in {@code /v1/dlq/{ref}}, on the command line, in the
 * {@link DeadLetterHeaders#REPLAY_OF} header and as the key of the replay ledger.
 */
public record DeadLetterRef(String agent, int partition, long offset) {
    /** Longer than any agent name the catalogue accepts plus two numbers: a ref past it is refused unread. */
    public static final int MAX_LENGTH = 200;

    public DeadLetterRef {
        Objects.requireNonNull(agent, "agent");
        if (agent.isBlank() || agent.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a dead-letter ref's agent must be a non-blank name without ':'");
        }
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("a dead-letter ref's partition and offset must not be negative");
        }
    }

    /** Parses {@code agent:partition:offset}; throws {@link IllegalArgumentException} with a message fit for a 400. */
    public static DeadLetterRef parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a dead-letter ref is agent:partition:offset, at most " + MAX_LENGTH + " characters");
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a dead-letter ref is agent:partition:offset, e.g. sentiment:3:1042; got " + text);
        }
        try {
            return new DeadLetterRef(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a dead-letter ref's partition and offset are numbers; got " + text);
        }
    }

    @Override
    public String toString() {
        return agent + ":" + partition + ":" + offset;
    }
}
