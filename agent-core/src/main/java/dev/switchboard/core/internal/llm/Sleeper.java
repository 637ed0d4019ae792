package dev.switchboard.core.internal.llm;

/** Waiting, injectable so tests can run on a fake clock. */
@FunctionalInterface
interface Sleeper {
    Sleeper SYSTEM = Thread::sleep;

    void sleep(long millis) throws InterruptedException;
}
