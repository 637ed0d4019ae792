package dev.switchboard.agents.summarizer;

import dev.switchboard.core.runtime.AgentWorker;

/** Runs the summary agent in its consumer group; settings from {@code SWITCHBOARD_*}. */
public final class SummaryMain {
    private SummaryMain() {
    }

    public static void main(String[] args) {
        AgentWorker.runUntilShutdown(new SummaryAgent());
    }
}
