package dev.switchboard.agents.sentiment;

import dev.switchboard.core.runtime.AgentWorker;

/** Runs the sentiment agent in its consumer group; settings from {@code SWITCHBOARD_*}. */
public final class SentimentMain {
    private SentimentMain() {
    }

    public static void main(String[] args) {
        AgentWorker.runUntilShutdown(new SentimentAgent());
    }
}
