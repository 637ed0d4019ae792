package dev.switchboard.core.internal.llm;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Tokens per minute for one provider account, in a sliding minute: a call reserves its estimated
 * tokens (prompt plus requested output) before it leaves, and the reservation is settled with the
 * count the provider reported after it, so the window holds what was really spent. The limit can
 * change while it runs: it is this process's share of the account's budget (decision 0022); 0 blocks.
 * A call larger than the limit reserves the whole limit (it could never fit otherwise).
 */
final class TokenWindow {
    /** The most a caller waits for tokens before its attempt fails as retriable. */
    static final Duration MAX_WAIT = Duration.ofMinutes(2);
    private static final long POLL_MILLIS = 50;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final Deque<Reservation> recent = new ArrayDeque<>();
    private long limit;
    private long waitingTokens;

    /** Tokens taken at a moment; {@link #settle} corrects the count. */
    static final class Reservation {
        private final long at;
        private long tokens;

        private Reservation(long at, long tokens) {
            this.at = at;
            this.tokens = tokens;
        }

        long tokens() {
            return tokens;
        }
    }

    /** A window of one minute holding at most {@code limit} tokens. */
    TokenWindow(long limit, LongSupplier nanoTime, Sleeper sleeper) {
        this.limit = limit;
        this.windowNanos = TimeUnit.MINUTES.toNanos(1);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    static TokenWindow perMinute(long tokensPerMinute) {
        return new TokenWindow(tokensPerMinute, System::nanoTime, Sleeper.SYSTEM);
    }

    synchronized void limit(long tokens) {
        this.limit = Math.max(0, tokens);
    }

    synchronized long limit() {
        return limit;
    }

    /** Tokens spent in the last minute plus tokens waiting: what this process could use in a minute now. */
    synchronized long demand() {
        return inWindow(nanoTime.getAsLong()) + waitingTokens;
    }

    /** Reserves {@code tokens}, waiting up to {@code maxWait}; {@code null} if they did not come. */
    Reservation reserve(int tokens, Duration maxWait) throws InterruptedException {
        long start = nanoTime.getAsLong();
        long wanted = Math.max(1, tokens);
        synchronized (this) {
            waitingTokens += wanted;
        }
        try {
            while (true) {
                synchronized (this) {
                    long now = nanoTime.getAsLong();
                    long take = Math.min(wanted, limit);
                    if (take > 0 && inWindow(now) + take <= limit) {
                        Reservation r = new Reservation(now, take);
                        recent.addLast(r);
                        return r;
                    }
                    if (now - start >= maxWait.toNanos()) {
                        return null;
                    }
                }
                sleeper.sleep(POLL_MILLIS);
            }
        } finally {
            synchronized (this) {
                waitingTokens -= wanted;
            }
        }
    }

    /** Replaces a reservation's estimate with the tokens the provider counted. */
    synchronized void settle(Reservation reservation, long actualTokens) {
        if (reservation != null && actualTokens > 0) {
            reservation.tokens = actualTokens;
        }
    }

    /** Gives a reservation back whole: its request never left, so the provider counted none of it. */
    synchronized void release(Reservation reservation) {
        if (reservation != null) {
            reservation.tokens = 0;
        }
    }

    private long inWindow(long now) {
        while (!recent.isEmpty() && now - recent.peekFirst().at >= windowNanos) {
            recent.removeFirst();
        }
        long sum = 0;
        for (Reservation r : recent) {
            sum += r.tokens;
        }
        return sum;
    }
}
