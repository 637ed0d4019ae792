package dev.switchboard.bench;

import dev.switchboard.core.runtime.AgentWorker;

/**
 * A benchmark agent as its own process: {@code BenchAgentMain <name> <sleepMillis> [llm]} ({@code llm}: each task also
 * calls the model once); settings from SWITCHBOARD_*.
 */
public final class BenchAgentMain {
    /** The third argument that makes each task call the model. */
    static final String LLM = "llm";

    private BenchAgentMain() {
    }

    public static void main(String[] args) {
        AgentWorker.runUntilShutdown(new BenchAgent(args[0], Long.parseLong(args[1]), args.length > 2 && args[2].equals(LLM)));
    }
}
