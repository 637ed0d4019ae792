package dev.switchboard.bench;

import dev.switchboard.core.runtime.AgentWorker;

/** A benchmark agent as its own process: {@code BenchAgentMain <name> <sleepMillis>}; settings from SWITCHBOARD_*. */
public final class BenchAgentMain {
    private BenchAgentMain() {
    }

    public static void main(String[] args) {
        AgentWorker.runUntilShutdown(new BenchAgent(args[0], Long.parseLong(args[1]), false));
    }
}
