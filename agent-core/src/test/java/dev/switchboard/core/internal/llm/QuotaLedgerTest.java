package dev.switchboard.core.internal.llm;

import static dev.switchboard.core.internal.llm.QuotaLedger.REQUESTS;
import static dev.switchboard.core.internal.llm.QuotaLedger.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.internal.llm.QuotaLedger.Amounts;
import dev.switchboard.core.internal.llm.QuotaLedger.Claim;
import dev.switchboard.core.internal.llm.QuotaLedger.Terms;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuotaLedgerTest {
    private static final long LEASE = 4_500;
    private static final Amounts WINDOWS = new Amounts(1_030, 60_000);

    private static QuotaLedger ledger(long requests, long tokens) {
        return new QuotaLedger(new Amounts(requests, tokens), WINDOWS, LEASE);
    }

    /** A member that says honestly what it holds (its share in the ledger). */
    private static Claim claim(QuotaLedger ledger, String member, long wantRequests, long demandRequests) {
        return new Claim(member, ledger.share(member), new Amounts(wantRequests, wantRequests * 1_000),
                new Amounts(demandRequests, demandRequests * 1_000), false);
    }

    @Test
    void shouldNeverGrantPlusCoolMoreThanTheLimitWhateverTheClaims() {
        // Given random members claiming, shrinking, leaving and dying at random times, for many sequences
        for (long seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            QuotaLedger ledger = ledger(8, 40_000);
            List<String> members = List.of("a", "b", "c", "d", "e");
            long time = 1_000;
            for (int step = 0; step < 200; step++) {
                time += random.nextInt(random.nextBoolean() ? 200 : 3_000);
                String member = members.get(random.nextInt(members.size()));
                // a member whose lease ran out (it stopped sending) says it holds nothing; one in five claims says a
                // stale or made-up hold; what it used is anything
                boolean live = ledger.leaseEnd(member).stream().anyMatch(end -> end > ledger.now());
                Amounts hold = live ? ledger.share(member) : Amounts.NONE;
                if (random.nextInt(5) == 0) {
                    hold = new Amounts(random.nextInt(12), random.nextInt(60_000));
                }
                Amounts want = new Amounts(random.nextInt(12), random.nextInt(60_000));
                Amounts used = random.nextBoolean() ? null : new Amounts(random.nextInt(12), random.nextInt(60_000));
                ledger.apply(time, new Claim(member, hold, want, want, random.nextInt(10) == 0, null, used));

                // Then what is granted plus what is cooling never exceeds either limit
                assertThat(ledger.granted(REQUESTS) + ledger.cooling(REQUESTS)).as("requests, seed %d step %d", seed, step)
                        .isLessThanOrEqualTo(8);
                assertThat(ledger.granted(TOKENS) + ledger.cooling(TOKENS)).as("tokens, seed %d step %d", seed, step)
                        .isLessThanOrEqualTo(40_000);
            }
        }
    }

    @Test
    void shouldGrantANewcomerOnlyWhatIsFree() {
        // Given one member holding 6 of 8
        QuotaLedger ledger = ledger(8, 0);
        ledger.apply(1_000, claim(ledger, "a", 6, 6));

        // When a newcomer wants 5
        ledger.apply(1_100, claim(ledger, "b", 5, 5));

        // Then it gets the 2 that are free, and the first keeps its 6
        assertThat(ledger.share("b").requests()).isEqualTo(2);
        assertThat(ledger.share("a").requests()).isEqualTo(6);
    }

    @Test
    void shouldCoolGivenBackCapacityForAWindowBeforeAnyoneTakesIt() {
        // Given a holds all 8 and gives 4 back
        QuotaLedger ledger = ledger(8, 0);
        ledger.apply(1_000, claim(ledger, "a", 8, 8));
        ledger.apply(2_000, claim(ledger, "a", 4, 4));

        // When b claims within the window and after it
        ledger.apply(2_500, claim(ledger, "b", 4, 4));
        long within = ledger.share("b").requests();
        ledger.apply(2_000 + 1_030, claim(ledger, "b", 4, 4));

        // Then it gets nothing while a may still have sent under the 4 it gave back, and all 4 after
        assertThat(within).isZero();
        assertThat(ledger.share("b").requests()).isEqualTo(4);
    }

    @Test
    void shouldFreeADeadMembersShareAfterItsLeaseAndCooling() {
        // Given a holds 8 and dies after claiming at t=1000
        QuotaLedger ledger = ledger(8, 0);
        ledger.apply(1_000, claim(ledger, "a", 8, 8));

        // When b claims before the lease ends, within the cooling, and after both
        ledger.apply(1_000 + LEASE - 1, claim(ledger, "b", 8, 8));
        long duringLease = ledger.share("b").requests();
        ledger.apply(1_000 + LEASE + 1_029, claim(ledger, "b", 8, 8));
        long duringCooling = ledger.share("b").requests();
        ledger.apply(1_000 + LEASE + 1_030, claim(ledger, "b", 8, 8));

        // Then the share comes back only after lease + cooling, which fits in two heartbeats of 3 s
        assertThat(duringLease).isZero();
        assertThat(duringCooling).isZero();
        assertThat(ledger.share("b").requests()).isEqualTo(8);
        assertThat(ledger.members()).isEqualTo(1);
        assertThat(LEASE + 1_030).isLessThanOrEqualTo(2 * 3_000);
    }

    @Test
    void shouldSplitByDemandSoAnIdleMemberLendsItsShare() {
        // Given a busy member, an idle one, and one that needs only 2
        QuotaLedger ledger = ledger(10, 0);
        ledger.apply(1_000, claim(ledger, "busy", 0, 30));
        ledger.apply(1_001, claim(ledger, "idle", 0, 0));
        ledger.apply(1_002, claim(ledger, "light", 0, 2));

        // Then the idle one's target is 0, the light one gets its 2, the busy one the rest (and the spare headroom is split)
        assertThat(ledger.target("idle").requests()).isZero();
        assertThat(ledger.target("light").requests() + ledger.target("busy").requests()).isEqualTo(10);
        assertThat(ledger.target("light").requests()).isGreaterThanOrEqualTo(2);
        assertThat(ledger.target("busy").requests()).isGreaterThanOrEqualTo(8);

        // And two equally busy members split evenly, deterministically, the odd unit going to each in turn
        QuotaLedger two = ledger(9, 0);
        two.apply(1_000, claim(two, "x", 0, 20));
        two.apply(1_001, claim(two, "y", 0, 20));
        assertThat(List.of(two.target("x").requests(), two.target("y").requests())).containsExactly(5L, 4L);
        two.apply(1_000 + LEASE, claim(two, "x", 0, 20));
        assertThat(List.of(two.target("x").requests(), two.target("y").requests())).containsExactly(4L, 5L);
    }

    @Test
    void shouldGiveEveryBusyMemberAShareInTurnWhenTheyOutnumberTheLimit() {
        // Given 3 requests per second and 4 members that always have a caller waiting (a holder also counts its sends)
        QuotaLedger ledger = ledger(3, 0);
        List<String> members = List.of("a", "b", "c", "d");
        Set<String> served = new HashSet<>();

        // When they claim what the split gives them, every half second for a minute
        for (long time = 1_000; time < 61_000; time += 500) {
            for (String m : members) {
                long demand = ledger.share(m).requests() + 1;
                long want = ledger.targetWith(m, new Amounts(demand, 0)).requests();
                ledger.apply(time, new Claim(m, ledger.share(m), new Amounts(want, 0), new Amounts(demand, 0), false));
                if (ledger.share(m).requests() > 0) {
                    served.add(m);
                }
                assertThat(ledger.granted(REQUESTS) + ledger.cooling(REQUESTS)).isLessThanOrEqualTo(3);
            }
        }

        // Then every one of them held a share at some point
        assertThat(served).containsExactlyInAnyOrderElementsOf(members);
    }

    @Test
    void shouldKeepAMembersShareForItsOwnLeaseNotTheReadersLease() {
        // Given a member whose lease is 9 s, read by a ledger configured with 4.5 s
        QuotaLedger ledger = ledger(8, 0);
        Terms longLease = new Terms(new Amounts(8, 0), WINDOWS, 9_000);
        ledger.apply(1_000, new Claim("a", Amounts.NONE, new Amounts(8, 0), new Amounts(8, 0), false, longLease, null));

        // When another member claims after the reader's lease, and after the member's own lease and cooling
        ledger.apply(1_000 + 6_000, claim(ledger, "b", 8, 8));
        long afterReadersLease = ledger.share("b").requests();
        ledger.apply(1_000 + 9_000 + 1_030, claim(ledger, "b", 8, 8));

        // Then the member keeps its share for its own lease
        assertThat(afterReadersLease).isZero();
        assertThat(ledger.share("b").requests()).isEqualTo(8);
    }

    @Test
    void shouldNotGrantBeyondTheLowestLimitAnyLiveMemberIsConfiguredWith() {
        // Given a member configured with 4 requests per second holding 2
        QuotaLedger ledger = ledger(8, 0);
        ledger.apply(1_000, new Claim("low", Amounts.NONE, new Amounts(2, 0), new Amounts(2, 0), false,
                new Terms(new Amounts(4, 0), WINDOWS, LEASE), null));

        // When a member configured with 8 wants 8
        ledger.apply(1_100, new Claim("high", Amounts.NONE, new Amounts(8, 0), new Amounts(8, 0), false,
                new Terms(new Amounts(8, 0), WINDOWS, LEASE), null));

        // Then it gets only what is left of the lower limit
        assertThat(ledger.share("high").requests()).isEqualTo(2);
        assertThat(ledger.granted(REQUESTS)).isEqualTo(4);
    }

    @Test
    void shouldCoolOnlyWhatAMemberUsedOfWhatItGivesBack() {
        // Given a member holding all 100k tokens per minute, with 10k spent in its last minute
        QuotaLedger ledger = ledger(0, 100_000);
        ledger.apply(1_000, new Claim("a", Amounts.NONE, new Amounts(0, 100_000), new Amounts(0, 100_000), false));

        // When it gives 50k back, and another member asks for 50k at once
        ledger.apply(2_000, new Claim("a", ledger.share("a"), new Amounts(0, 50_000), new Amounts(0, 50_000), false,
                null, new Amounts(0, 10_000)));
        ledger.apply(2_001, new Claim("b", Amounts.NONE, new Amounts(0, 50_000), new Amounts(0, 50_000), false));

        // Then the unspent part is free at once
        assertThat(ledger.share("b").tokens()).isEqualTo(50_000);

        // And when a member that spent 80k gives 50k back, the 30k it spent beyond its new hold cools
        QuotaLedger spent = ledger(0, 100_000);
        spent.apply(1_000, new Claim("a", Amounts.NONE, new Amounts(0, 100_000), new Amounts(0, 100_000), false));
        spent.apply(2_000, new Claim("a", spent.share("a"), new Amounts(0, 50_000), new Amounts(0, 50_000), false,
                null, new Amounts(0, 80_000)));
        spent.apply(2_001, new Claim("b", Amounts.NONE, new Amounts(0, 50_000), new Amounts(0, 50_000), false));
        assertThat(spent.cooling(TOKENS)).isEqualTo(30_000);
        assertThat(spent.share("b").tokens()).isEqualTo(20_000);
    }

    @Test
    void shouldComputeTheSameStateFromTheSameRecords() {
        // Given two ledgers fed the same records
        QuotaLedger one = ledger(8, 1_000);
        QuotaLedger other = ledger(8, 1_000);
        List<Runnable> steps = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 100; i++) {
            long t = 1_000 + i * 400L;
            String m = "m" + random.nextInt(4);
            Amounts want = new Amounts(random.nextInt(9), random.nextInt(1_000));
            steps.add(() -> {
                one.apply(t, new Claim(m, one.share(m), want, want, false));
                other.apply(t, new Claim(m, other.share(m), want, want, false));
            });
        }
        steps.forEach(Runnable::run);

        // Then they agree on every share and target
        for (String m : List.of("m0", "m1", "m2", "m3")) {
            assertThat(one.share(m)).isEqualTo(other.share(m));
            assertThat(one.target(m)).isEqualTo(other.target(m));
        }
    }
}
