package dev.switchboard.agents.keywords;

import dev.switchboard.core.runtime.AgentWorker;

public final class KeywordsMain {
    private KeywordsMain() {
    }

    public static void main(String[] args) {
        AgentWorker.runUntilShutdown(new KeywordsAgent());
    }
}
