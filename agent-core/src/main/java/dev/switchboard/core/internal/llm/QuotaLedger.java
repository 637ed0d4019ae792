package dev.switchboard.core.internal.llm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

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

    /**
     * What a member says: what it holds now (its share as its own ledger has it, which it sends under),
     * what it wants, how much it could use, and whether it is leaving.
     */
    record Claim(String member, Amounts hold, Amounts want, Amounts demand, boolean leaving) {
    }

    private static final class Member {
        final long[] share = new long[DIMENSIONS];
        long[] demand = new long[DIMENSIONS];
        long leaseEnd;
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

    /** Applies a claim appended at {@code time} (ms, broker clock). */
    void apply(long time, Claim claim) {
        advance(time);
        boolean known = members.containsKey(claim.member());
        Member m = members.computeIfAbsent(claim.member(), k -> new Member());
        for (int d = 0; d < DIMENSIONS; d++) {
            long held = m.share[d];
            long declared = Math.max(0, claim.hold().get(d));
            if (!known) {
                // unknown (its lease ran out here, or this ledger missed its history): what it held is cooling or
                // was never seen; adopt no more than is free, so granted + cooling stays within the limit
                declared = Math.min(declared, free(d));
            }
            if (declared < held) {
                cool(d, held - declared);
                held = declared;
            } else if (declared > held) {
                held = declared; // a ledger that missed history adopts what the member really sends under
            }
            long want = claim.leaving() ? 0 : Math.max(0, Math.min(claim.want().get(d), limits[d]));
            if (want < held) {
                cool(d, held - want);
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
            m.leaseEnd = now + leaseMillis;
            m.demand = new long[] {Math.max(0, claim.demand().requests()), Math.max(0, claim.demand().tokens())};
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
        return Math.max(0, limits[dimension] - granted(dimension) - cooling(dimension));
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
     * by demand (smallest demand first, ties by member id), integers; what is left after every demand
     * is met goes to the members with work, evenly (headroom to grow). A member without demand gets 0.
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
            List<String> order = new ArrayList<>(demands.keySet());
            order.sort(Comparator.<String>comparingLong(id -> demands.get(id)[dim]).thenComparing(Comparator.naturalOrder()));
            long remaining = limits[d];
            for (int i = 0; i < order.size(); i++) {
                long give = Math.min(demands.get(order.get(i))[d], remaining / (order.size() - i));
                split.get(order.get(i))[d] = give;
                remaining -= give;
            }
            List<String> busy = demands.keySet().stream().filter(id -> demands.get(id)[dim] > 0).toList();
            for (int i = 0; i < busy.size(); i++) {
                split.get(busy.get(i))[d] += remaining / busy.size() + (i < remaining % busy.size() ? 1 : 0);
            }
        }
        Map<String, Amounts> targets = new LinkedHashMap<>();
        split.forEach((id, values) -> targets.put(id, Amounts.of(values)));
        return targets;
    }

    private void advance(long time) {
        now = Math.max(now, time);
        var it = members.entrySet().iterator();
        while (it.hasNext()) {
            Member m = it.next().getValue();
            if (m.leaseEnd <= now) {
                for (int d = 0; d < DIMENSIONS; d++) {
                    if (m.share[d] > 0) {
                        cooling.add(new Cooling(d, m.share[d], m.leaseEnd + windows[d]));
                    }
                }
                it.remove();
            }
        }
        cooling.removeIf(c -> c.until() <= now);
    }

    private void cool(int dimension, long amount) {
        cooling.add(new Cooling(dimension, amount, now + windows[dimension]));
    }
}
