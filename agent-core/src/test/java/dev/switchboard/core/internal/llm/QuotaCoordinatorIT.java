package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.core.internal.llm.QuotaLedger.Amounts;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@KafkaTest
class QuotaCoordinatorIT {
    private static final int LIMIT = 12;
    private final TestKafka kafka;

    QuotaCoordinatorIT(TestKafka kafka) {
        this.kafka = kafka;
    }

    /** What a gateway's limiter and token window would do with the coordinator's orders: here, only remember them. */
    private static final class RecordingShare implements QuotaCoordinator.LocalShare {
        private volatile Amounts share = Amounts.NONE;
        private volatile Amounts demand;
        private final AtomicInteger failures = new AtomicInteger();

        RecordingShare(Amounts demand) {
            this.demand = demand;
        }

        @Override
        public Amounts demand() {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("demand failed (test)");
            }
            return demand;
        }

        @Override
        public void share(Amounts share, long validUntilNanos) {
            this.share = share;
        }

        @Override
        public Amounts used() {
            return share;
        }

        @Override
        public Amounts current() {
            return share;
        }

        private final java.util.Queue<Duration> gateClosings = new java.util.concurrent.ConcurrentLinkedQueue<>();

        @Override
        public void closeGateFor(Duration wait) {
            gateClosings.add(wait);
        }
    }

    private String quotaTopic() throws Exception {
        String topic = "it.llm-quota." + UUID.randomUUID();
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact",
                    "message.timestamp.type", "LogAppendTime")))).all().get();
        }
        return topic;
    }

    @Test
    void shouldStartOverAfterAnErrorInsteadOfStayingAtNoShare() throws Exception {
        // Given a process whose coordination fails twice right after catching up
        String topic = quotaTopic();
        RecordingShare share = new RecordingShare(new Amounts(30, 0));
        share.failures.set(2);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (QuotaCoordinator coordinator = new QuotaCoordinator("it-account-" + UUID.randomUUID(), new Amounts(LIMIT, 0),
                Duration.ofMillis(1_030), Duration.ofMillis(2_100), KafkaSettings.of(kafka.bootstrapServers()), topic, share,
                new QuotaMetrics(registry, "it")).start()) {
            // When it backs off and starts over
            // Then it gets the account's whole limit after all, and says it is coordinated again
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> share.current().requests() == LIMIT);
            assertThat(registry.get("switchboard.llm.quota.coordinated").gauge().value()).isEqualTo(1.0);
            assertThat(share.failures.get()).isZero();
        }
    }

    @Test
    void shouldPauseEveryProcessOfTheAccountWhenOneIsToldToWait() throws Exception {
        // Given two processes on one account, and a third on another account, all caught up
        String topic = quotaTopic();
        String account = "it-account-" + UUID.randomUUID();
        RecordingShare told = new RecordingShare(new Amounts(5, 0));
        RecordingShare peer = new RecordingShare(new Amounts(5, 0));
        RecordingShare stranger = new RecordingShare(new Amounts(5, 0));
        KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
        try (QuotaCoordinator a = new QuotaCoordinator(account, new Amounts(LIMIT, 0), Duration.ofMillis(1_030),
                Duration.ofMillis(2_100), settings, topic, told, new QuotaMetrics(new SimpleMeterRegistry(), "it")).start();
             QuotaCoordinator b = new QuotaCoordinator(account, new Amounts(LIMIT, 0), Duration.ofMillis(1_030),
                     Duration.ofMillis(2_100), settings, topic, peer, new QuotaMetrics(new SimpleMeterRegistry(), "it")).start();
             QuotaCoordinator c = new QuotaCoordinator("other-" + account, new Amounts(LIMIT, 0), Duration.ofMillis(1_030),
                     Duration.ofMillis(2_100), settings, topic, stranger, new QuotaMetrics(new SimpleMeterRegistry(), "it")).start()) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> told.current().requests() > 0
                    && peer.current().requests() > 0 && stranger.current().requests() > 0);

            // When the provider tells one of them to wait 20 s (a 429 with Retry-After)
            a.pause(Duration.ofSeconds(20));

            // Then the other process of that account closes its gate for about that long; the other account's does not
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !peer.gateClosings.isEmpty());
            assertThat(peer.gateClosings.peek()).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(20));
            // (the same log: a pause meant for the other account too would have reached it within the half second)
            Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(stranger.gateClosings::isEmpty);
        }
    }

    @Test
    void shouldConvergeToSharesWithinTheLimitAndHandBackAClosedMembersShare() throws Exception {
        // Given a quota topic and three busy processes on one account of 12 requests/s
        String topic = quotaTopic();
        String account = "it-account-" + UUID.randomUUID();
        List<RecordingShare> shares = new ArrayList<>();
        List<QuotaCoordinator> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RecordingShare share = new RecordingShare(new Amounts(30, 0));
            shares.add(share);
            members.add(new QuotaCoordinator(account, new Amounts(LIMIT, 0), Duration.ofMillis(1_030), Duration.ofMillis(2_100),
                    KafkaSettings.of(kafka.bootstrapServers()), topic, share, new QuotaMetrics(new SimpleMeterRegistry(), "it"))
                    .start());
        }
        AtomicLong mostInUse = new AtomicLong();
        try {
            // When they settle: every one holds a share, and the shares in use never add up to more than the limit
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> {
                long inUse = shares.stream().mapToLong(s -> s.current().requests()).sum();
                mostInUse.accumulateAndGet(inUse, Math::max);
                return shares.stream().allMatch(s -> s.current().requests() >= LIMIT / 3 - 1) && inUse == LIMIT;
            });
            System.out.printf("quota shares after converging: %s%n", shares.stream().map(s -> s.current().requests()).toList());

            // And the read-only view a heartbeat reports (decision 0033) shows the account, its limit, three members, a share
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                dev.switchboard.contracts.message.AgentRegistration.Quota seen = QuotaView.of(members.get(1), shares.get(1));
                assertThat(seen.account()).isEqualTo(account);
                assertThat(seen.members()).isEqualTo(3);
                assertThat(seen.requestsPerSecond().limit()).isEqualTo(LIMIT);
                assertThat(seen.requestsPerSecond().share()).isBetween((long) (LIMIT / 3 - 1), (long) LIMIT);
            });

            // And when one closes, the other two take its share
            members.remove(0).close();
            List<RecordingShare> left = shares.subList(1, 3);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> {
                long inUse = shares.stream().mapToLong(s -> s.current().requests()).sum();
                mostInUse.accumulateAndGet(inUse, Math::max);
                return left.stream().mapToLong(s -> s.current().requests()).sum() == LIMIT;
            });
            System.out.printf("quota shares after one left: %s%n", left.stream().map(s -> s.current().requests()).toList());
        } finally {
            members.forEach(QuotaCoordinator::close);
        }

        // Then at no moment did the processes hold more than the limit between them
        assertThat(shares.get(0).current().requests()).isZero();
        assertThat(mostInUse.get()).isLessThanOrEqualTo(LIMIT);
    }
}
