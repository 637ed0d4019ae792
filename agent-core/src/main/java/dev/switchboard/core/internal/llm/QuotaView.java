package dev.switchboard.core.internal.llm;

import dev.switchboard.contracts.message.AgentRegistration;
import java.util.List;

/**
 * A read-only look at this process's coordinated provider-account quotas (decision 0022), for the agents' heartbeat
 * (decision 0033): per account, its limits, how many processes share it, this process's share and what it used.
 * Changes nothing: the coordinator alone sets shares.
 */
public final class QuotaView {
    private QuotaView() {
    }

    /** Each account this process coordinates; empty when it calls no coordinated provider (an offline model). */
    public static List<AgentRegistration.Quota> current() {
        return AccountQuotas.open().stream().map(c -> of(c.coordinator(), c.quota())).toList();
    }

    /** The account {@code coordinator} shares, as {@code local} (this process's share) sends under it. */
    static AgentRegistration.Quota of(QuotaCoordinator coordinator, QuotaCoordinator.LocalShare local) {
        QuotaLedger.Amounts limits = coordinator.limits();
        QuotaLedger.Amounts share = local.current();
        QuotaLedger.Amounts used = local.used();
        return new AgentRegistration.Quota(coordinator.account(), coordinator.members(),
                new AgentRegistration.Amounts(limits.requests(), share.requests(), used.requests()),
                new AgentRegistration.Amounts(limits.tokens(), share.tokens(), used.tokens()));
    }
}
