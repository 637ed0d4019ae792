package dev.switchboard.agents.entities;

import dev.switchboard.core.runtime.AgentWorker;

/** Runs the entities agent in its consumer group; settings from {@code SWITCHBOARD_*}. */
public final class EntitiesMain {
    private EntitiesMain() {
    }

    public static void main(String[] args) {
        AgentWorker.runUntilShutdown(new EntitiesAgent());
    }
}
