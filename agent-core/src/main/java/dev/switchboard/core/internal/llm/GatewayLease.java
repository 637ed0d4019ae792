package dev.switchboard.core.internal.llm;

import dev.switchboard.core.AgentTask;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.runtime.LlmGateway;

/**
 * One hold on the process's shared gateway ({@link LlmGateway#shared}): it answers as the gateway, and closing it lets
 * go of the gateway; the last hold to close closes the gateway and with it its hold on the account's quota.
 */
final class GatewayLease implements LlmGateway {
    private final SharedInstances.Holder<GuardedLlmGateway> hold;

    GatewayLease(SharedInstances.Holder<GuardedLlmGateway> hold) {
        this.hold = hold;
    }

    /** The shared gateway itself. */
    GuardedLlmGateway gateway() {
        return hold.value();
    }

    SharedInstances.Holder<GuardedLlmGateway> hold() {
        return hold;
    }

    @Override
    public LlmConfig config() {
        return hold.value().config();
    }

    @Override
    public Client client(AgentTask task, OfflineModel<?> offlineModel) {
        return hold.value().client(task, offlineModel);
    }

    @Override
    public void close() {
        hold.close();
    }
}
