package dev.switchboard.core.internal.llm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shares of one provider account's limits (requests per second, tokens per minute), as every
 * gateway process computes them by applying the quota topic's records in log order. Pure and
 * deterministic: time is the records' broker append time, so every member computes the same state.
 *
 * <p>A claim renews the member's lease and asks for an amount per limit: less than it holds gives
 * the difference back, more takes what is free. Capacity given back, or held by a member whose
 * lease ran out, first <em>cools</em> for the limit's window (the member may have sent under it in
 * the last window) before anyone can take it, so {@code granted + cooling <= limit} at all times and
 * the members' sends never add up to more than the limit in any sliding window.
 */
final class QuotaLedger {
    private static final Logger log = LoggerFactory.getLogger(QuotaLedger.class);
    static final int REQUESTS = 0;
    static final int TOKENS = 1;
    private static final int DIMENSIONS = 2;

    private final long[] limits;
    private final long[] windows;
    private final long leaseMillis;
    private final TreeMap<String, Member> members = new TreeMap<>();
    private final List<Cooling> cooling = new ArrayList<>();
    private long now = Long.MIN_VALUE;
    private long pausedUntil = Long.MIN_VALUE;
    private boolean warnedMismatch;

    /** One amount per limit: requests per second and tokens per minute. */
    record Amounts(long requests, long tokens) {
        static final Amounts NONE = new Amounts(0, 0);

        long get(int dimension) {
            return dimension == REQUESTS ? requests : tokens;
        }

        static Amounts of(long[] values) {
            return new Amounts(values[REQUESTS], values[TOKENS]);
        }
    }

    /** The member's own settings: the account's limits as it is configured, its windows (ms) and its lease (ms). */
    record Terms(Amounts limits, Amounts windows, long leaseMillis) {
    }

    /**
     * What a member says: what it holds now (its share as its own ledger has it, which it sends under),
     * what it wants, how much it could use, whether it is leaving, its settings ({@code null}: this ledger's),
     * and what it sent in its sliding windows, measured after it shrank to {@code want} ({@code null}: all it held).
     */
    record Claim(String member, Amounts hold, Amounts want, Amounts demand, boolean leaving, Terms terms, Amounts used) {
        Claim(String member, Amounts hold, Amounts want, Amounts demand, boolean leaving) {
            this(member, hold, want, demand, leaving, null, null);
        }
    }

    private static final class Member {
        final long[] share = new long[DIMENSIONS];
        long[] demand = new long[DIMENSIONS];
        long leaseEnd;
        Terms terms;
    }

    private record Cooling(int dimension, long amount, long until) {
    }

    /**
     * @param limits the account's limits (0 tokens: no token limit, nothing to share)
     * @param windows how long given-back capacity cools per limit, in ms (the limit's window plus margin)
     * @param leaseMillis how long a claim holds its share without renewal
     */
    QuotaLedger(Amounts limits, Amounts windows, long leaseMillis) {
        this.limits = new long[] {limits.requests(), limits.tokens()};
        this.windows = new long[] {windows.requests(), windows.tokens()};
        this.leaseMillis = leaseMillis;
    }

    /** This ledger's own settings, for claims that carry none. */
    Terms terms() {
        return new Terms(Amounts.of(limits), Amounts.of(windows), leaseMillis);
    }

    /**
     * Applies a claim appended at {@code time} (ms, broker clock). What a member gives back cools only as far as it
     * was used: after shrinking to {@code n} its sliding window lets it send at most {@code max(used, n)} in any
     * window, so only {@code max(0, used - n)} may still be in flight; the rest is free at once.
     */
    void apply(long time, Claim claim) {
        advance(time);
        Member m = members.computeIfAbsent(claim.member(), k -> new Member());
        m.terms = claim.terms() == null ? terms() : claim.terms();
        warnOnMismatch();
        for (int d = 0; d < DIMENSIONS; d++) {
            long held = m.share[d];
            long used = claim.used() == null ? Long.MAX_VALUE : Math.max(0, claim.used().get(d));
            // a member adopts at most what it held here plus what is free, so a stale or lying hold cannot overgrant
            // (one this ledger does not know, its lease ran out here or history was missed, held nothing here)
            long declared = Math.min(Math.max(0, claim.hold().get(d)), held + free(d));
            if (declared < held) {
                giveBack(m, d, held - declared, used - declared);
                held = declared;
            } else if (declared > held) {
                held = declared; // a ledger that missed history adopts what the member really sends under
            }
            long want = claim.leaving() ? 0 : Math.max(0, Math.min(claim.want().get(d), limit(d)));
            if (want < held) {
                giveBack(m, d, held - want, used - want);
                held = want;
            }
            m.share[d] = held;
            if (want > held) {
                m.share[d] = held + Math.min(want - held, free(d));
            }
        }
        if (claim.leaving()) {
            members.remove(claim.member());
        } else {
            m.leaseEnd = now + m.terms.leaseMillis();
            m.demand = new long[] {Math.max(0, claim.demand().requests()), Math.max(0, claim.demand().tokens())};
        }
    }

    /** Cools as much of {@code amount} given back as may still be in the member's window ({@code inWindow}). */
    private void giveBack(Member m, int dimension, long amount, long inWindow) {
        long cools = Math.min(amount, Math.max(0, inWindow));
        if (cools > 0) {
            cooling.add(new Cooling(dimension, cools, now + m.terms.windows().get(dimension)));
        }
    }

    /**
     * The limit in force: the lowest any live member is configured with (tokens: the lowest positive one; 0 is no
     * token budget), so a member configured higher cannot grant beyond it; this ledger's own when nobody is live.
     */
    long limit(int dimension) {
        long lowest = Long.MAX_VALUE;
        for (Member m : members.values()) {
            long l = m.terms.limits().get(dimension);
            if (l > 0 || dimension == REQUESTS) {
                lowest = Math.min(lowest, l);
            }
        }
        return lowest == Long.MAX_VALUE ? limits[dimension] : lowest;
    }

    private void warnOnMismatch() {
        if (!warnedMismatch && members.values().stream().map(m -> m.terms.limits()).distinct().count() > 1) {
            warnedMismatch = true;
            log.warn("LLM quota members are configured with different account limits ({}); the lowest holds",
                    members.values().stream().map(m -> m.terms.limits()).distinct().toList());
        }
    }

    /** Applies an account-wide pause appended at {@code time}: nobody sends for {@code pauseMillis}. */
    void pause(long time, long pauseMillis) {
        advance(time);
        pausedUntil = Math.max(pausedUntil, time + pauseMillis);
    }

    /** Ledger time: the last record's append time. */
    long now() {
        return now;
    }

    long pausedUntil() {
        return pausedUntil;
    }

    Amounts share(String member) {
        Member m = members.get(member);
        return m == null ? Amounts.NONE : Amounts.of(m.share);
    }

    /** When the member's lease ends (ledger time), if it has one. */
    OptionalLong leaseEnd(String member) {
        Member m = members.get(member);
        return m == null ? OptionalLong.empty() : OptionalLong.of(m.leaseEnd);
    }

    int members() {
        return members.size();
    }

    long granted(int dimension) {
        return members.values().stream().mapToLong(m -> m.share[dimension]).sum();
    }

    long cooling(int dimension) {
        return cooling.stream().filter(c -> c.dimension() == dimension).mapToLong(Cooling::amount).sum();
    }

    long free(int dimension) {
        return Math.max(0, limit(dimension) - granted(dimension) - cooling(dimension));
    }

    /** The next moment (ledger time) capacity frees by itself: a lease or a cooling ends. */
    OptionalLong nextRelease() {
        long next = Long.MAX_VALUE;
        for (Member m : members.values()) {
            if (m.leaseEnd > now && (m.share[REQUESTS] > 0 || m.share[TOKENS] > 0)) {
                next = Math.min(next, m.leaseEnd + 1);
            }
        }
        for (Cooling c : cooling) {
            next = Math.min(next, c.until());
        }
        return next == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(next);
    }

    /**
     * The fair split every member computes the same way: water-filling of the limit over live members
     * by demand (every member gets {@code min(demand, level)}, the highest level that fits), integers; the
     * units left go one each to the members still short, in an order that rotates every epoch (the longest
     * live lease), so when busy members outnumber the limit each gets a share in turn; what is left after
     * every demand is met goes to the members with work, evenly (headroom to grow). Without demand: 0.
     */
    Map<String, Amounts> targets() {
        Map<String, long[]> demands = new TreeMap<>();
        members.forEach((id, m) -> demands.put(id, m.demand));
        return split(demands);
    }

    Amounts target(String member) {
        return targets().getOrDefault(member, Amounts.NONE);
    }

    /** Whether a live member other than {@code member} holds less of a limit than its target. */
    boolean anotherShort(String member, int dimension) {
        Map<String, Amounts> targets = targets();
        return members.entrySet().stream().anyMatch(e -> !e.getKey().equals(member)
                && e.getValue().share[dimension] < targets.get(e.getKey()).get(dimension));
    }

    /** The member's target if its demand were {@code demand} (what it should ask for before it says so). */
    Amounts targetWith(String member, Amounts demand) {
        Map<String, long[]> demands = new TreeMap<>();
        members.forEach((id, m) -> demands.put(id, m.demand));
        demands.put(member, new long[] {demand.requests(), demand.tokens()});
        return split(demands).get(member);
    }

    private Map<String, Amounts> split(Map<String, long[]> demands) {
        Map<String, long[]> split = new TreeMap<>();
        demands.keySet().forEach(id -> split.put(id, new long[DIMENSIONS]));
        for (int d = 0; d < DIMENSIONS; d++) {
            int dim = d;
            List<String> busy = demands.keySet().stream().filter(id -> demands.get(id)[dim] > 0).toList();
            long limit = limit(d);
            long level = level(busy.stream().mapToLong(id -> demands.get(id)[dim]).toArray(), limit);
            long remaining = limit;
            for (String id : busy) {
                long give = Math.min(demands.get(id)[d], level);
                split.get(id)[d] = give;
                remaining -= give;
            }
            // the units left go one each to the members still short (all busy ones once every demand is met), in an
            // order that rotates every epoch: when busy members outnumber the units, each gets some in turn
            List<String> takers = busy.stream().filter(id -> demands.get(id)[dim] > level).toList();
            List<String> spread = takers.isEmpty() ? busy : takers;
            int offset = spread.isEmpty() ? 0 : (int) Math.floorMod(epoch(), (long) spread.size());
            for (int i = 0; i < spread.size(); i++) {
                int turn = Math.floorMod(i - offset, spread.size());
                split.get(spread.get(i))[d] += remaining / spread.size() + (turn < remaining % spread.size() ? 1 : 0);
            }
        }
        Map<String, Amounts> targets = new LinkedHashMap<>();
        split.forEach((id, values) -> targets.put(id, Amounts.of(values)));
        return targets;
    }

    /** The highest level {@code L} with {@code sum(min(demand, L)) <= limit} (water-filling). */
    private static long level(long[] demands, long limit) {
        long low = 0;
        long high = limit;
        while (low < high) {
            long mid = low + (high - low + 1) / 2;
            long sum = 0;
            for (long demand : demands) {
                sum += Math.min(demand, mid);
            }
            if (sum <= limit) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** Which turn of the rotation it is: ledger time in units of the longest live lease (the same in every ledger). */
    private long epoch() {
        long lease = members.values().stream().mapToLong(m -> m.terms.leaseMillis()).max().orElse(leaseMillis);
        return now == Long.MIN_VALUE ? 0 : Math.floorDiv(now, Math.max(1, lease));
    }

    private void advance(long time) {
        now = Math.max(now, time);
        var it = members.entrySet().iterator();
        while (it.hasNext()) {
            Member m = it.next().getValue();
            if (m.leaseEnd <= now) {
                for (int d = 0; d < DIMENSIONS; d++) {
                    if (m.share[d] > 0) {
                        cooling.add(new Cooling(d, m.share[d], m.leaseEnd + m.terms.windows().get(d)));
                    }
                }
                it.remove();
            }
        }
        cooling.removeIf(c -> c.until() <= now);
    }

}
