package dev.switchboard.orchestrator.view;

import dev.switchboard.contracts.message.AgentRegistration;
import dev.switchboard.contracts.message.AgentRegistration.Amounts;
import dev.switchboard.contracts.message.AgentRegistration.Quota;
import dev.switchboard.contracts.message.AgentRegistration.Signals;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An agent type's signals over its live instances (decision 0033): lag and in-flight tasks summed, the oldest task
 * age the largest; per provider account, the limit and member count from the newest instance, share and use summed.
 */
final class AgentSignals {
    private AgentSignals() {
    }

    /** {@code newestFirst}: the live instances, newest heartbeat first; null when none of them sent signals. */
    static Signals combine(List<AgentRegistration> newestFirst) {
        List<Signals> all = newestFirst.stream().map(AgentRegistration::signals).filter(Objects::nonNull).toList();
        if (all.isEmpty()) {
            return null;
        }
        Map<String, Quota> quotas = new LinkedHashMap<>();
        for (Signals s : all) {
            for (Quota q : s.quota()) {
                quotas.merge(q.account(), q, (newest, older) -> new Quota(newest.account(), newest.members(),
                        add(newest.requestsPerSecond(), older.requestsPerSecond()),
                        add(newest.tokensPerMinute(), older.tokensPerMinute())));
            }
        }
        return new Signals(all.stream().mapToLong(Signals::lagRecords).sum(),
                all.stream().mapToDouble(Signals::oldestTaskAgeSeconds).max().orElse(0),
                all.stream().mapToInt(Signals::inFlight).sum(),
                List.copyOf(quotas.values()));
    }

    private static Amounts add(Amounts newest, Amounts older) {
        if (newest == null || older == null) {
            return newest == null ? older : newest;
        }
        return new Amounts(newest.limit(), newest.share() + older.share(), newest.used() + older.used());
    }
}
