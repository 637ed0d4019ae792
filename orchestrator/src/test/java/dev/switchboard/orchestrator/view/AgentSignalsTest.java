package dev.switchboard.orchestrator.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.AgentRegistration;
import dev.switchboard.contracts.message.AgentRegistration.Amounts;
import dev.switchboard.contracts.message.AgentRegistration.Quota;
import dev.switchboard.contracts.message.AgentRegistration.Signals;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.orchestrator.port.AgentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An agent type's signals combine its live instances' heartbeats (decision 0033). */
class AgentSignalsTest {
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final String ACCOUNT = "openai@https://api.openai.com/v1#1a2b3c";

    private static AgentRegistration heartbeat(String instance, int secondsAgo, Signals signals) {
        return new AgentRegistration(Versioned.CURRENT_VERSION, "sentiment", instance, "x", null, 4, AgentRegistration.Status.UP,
                NOW.minusSeconds(600), NOW.minusSeconds(secondsAgo), signals);
    }

    private static Quota quota(int members, long rpsShare, long rpsUsed, long rpsLimit) {
        return new Quota(ACCOUNT, members, new Amounts(rpsLimit, rpsShare, rpsUsed), new Amounts(100_000, 30_000, 1_200));
    }

    @Test
    void shouldSumLagAndInFlightTakeTheOldestAgeAndCombineQuotaPerAccountOverLiveInstances() {
        // Given three instances: two live (the newer counts 3 members and a limit of 12), one long silent, one older agent without signals
        AgentDirectory directory = new AgentDirectory(Duration.ofSeconds(45));
        directory.register(heartbeat("newer", 2, new Signals(12, 3.5, 4, List.of(quota(3, 4, 2, 12)))));
        directory.register(heartbeat("older", 8, new Signals(5, 9.25, 1, List.of(quota(2, 3, 1, 10)))));
        directory.register(heartbeat("silent", 120, new Signals(1_000, 999, 9, List.of(quota(1, 10, 10, 10)))));
        directory.register(heartbeat("legacy", 1, null));

        // When the directory lists the type
        AgentType type = directory.types(NOW).get(0);

        // Then the type's signals cover the live instances that sent signals
        Signals combined = type.signals();
        assertThat(combined.lagRecords()).isEqualTo(17);
        assertThat(combined.oldestTaskAgeSeconds()).isEqualTo(9.25);
        assertThat(combined.inFlight()).isEqualTo(5);
        assertThat(combined.quota()).singleElement().satisfies(q -> {
            assertThat(q.account()).isEqualTo(ACCOUNT);
            assertThat(q.members()).isEqualTo(3);
            assertThat(q.requestsPerSecond()).isEqualTo(new Amounts(12, 7, 3));
            assertThat(q.tokensPerMinute()).isEqualTo(new Amounts(100_000, 60_000, 2_400));
        });

        // And each instance keeps its own, null for the older agent
        assertThat(type.instances()).filteredOn(i -> i.instanceId().equals("legacy")).singleElement()
                .satisfies(i -> assertThat(i.signals()).isNull());
        assertThat(type.instances()).filteredOn(i -> i.instanceId().equals("silent")).singleElement()
                .satisfies(i -> assertThat(i.signals().lagRecords()).isEqualTo(1_000));
    }

    @Test
    void shouldHaveNoTypeSignalsWhenNoLiveInstanceSentAny() {
        assertThat(AgentSignals.combine(List.of(heartbeat("legacy", 1, null)))).isNull();
        assertThat(AgentSignals.combine(List.of(heartbeat("offline", 1, new Signals(0, 0, 0, null)))).quota()).isEmpty();
    }
}
