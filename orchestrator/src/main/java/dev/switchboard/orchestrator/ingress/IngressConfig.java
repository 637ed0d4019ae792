package dev.switchboard.orchestrator.ingress;

import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.Setting;

/**
 * Settings of the Kafka ingress (decision 0036): whether the orchestrator consumes {@code switchboard.submissions}, under
 * which consumer group, and which owner id its jobs get (readable by admin keys, and by everyone in keyless mode).
 */
public record IngressConfig(boolean enabled, String groupId, String owner) {
    public static final Setting<Boolean> ENABLED = Setting.ofBoolean("ingress.enabled", true);
    public static final Setting<String> GROUP_ID = Setting.ofString("ingress.group.id", "switchboard-orchestrator-ingress")
            .must("1 to 200 characters", id -> !id.isBlank() && id.length() <= 200);
    public static final Setting<String> OWNER = Setting.ofString("ingress.owner", "kafka-ingress")
            .must("1 to 64 letters, digits, '.', '_' or '-'", id -> id.matches("[A-Za-z0-9._-]{1,64}"));
    public static final IngressConfig DEFAULT = new IngressConfig(ENABLED.defaultValue(), GROUP_ID.defaultValue(), OWNER.defaultValue());

    public IngressConfig {
        GROUP_ID.check(groupId);
        OWNER.check(owner);
    }

    /** Every setting above, by its {@code SWITCHBOARD_INGRESS_*} variable. */
    public static IngressConfig from(ConfigSource source) {
        return new IngressConfig(ENABLED.read(source), GROUP_ID.read(source), OWNER.read(source));
    }

    public IngressConfig withEnabled(boolean on) {
        return new IngressConfig(on, groupId, owner);
    }

    public IngressConfig withGroupId(String id) {
        return new IngressConfig(enabled, id, owner);
    }

    public IngressConfig withOwner(String id) {
        return new IngressConfig(enabled, groupId, id);
    }
}
