package dev.switchboard.orchestrator.health;

/**
 * A long-running loop that a {@link Supervisor} runs on its own thread and restarts when it dies.
 * {@link #run(Runnable)} is called again after each failure, so it sets up (and in a
 * {@code finally}, releases) whatever it needs for one run: a consumer, a producer.
 */
public interface SupervisedLoop {

    /**
     * Runs the loop on the calling thread. Calls {@code up} once it is set up and working; returns
     * when {@link #stop()} was called; throws when it fails.
     */
    void run(Runnable up) throws Exception;

    /** Asks {@link #run(Runnable)} to return soon, for good. Called from another thread. */
    void stop();
}
