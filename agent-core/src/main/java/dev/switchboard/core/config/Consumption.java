package dev.switchboard.core.config;

import java.util.Locale;

/** How an agent worker takes tasks off its task topic ({@code SWITCHBOARD_AGENT_CONSUMPTION}, decision 0038). */
public enum Consumption {
    /**
     * A consumer group: each partition has one owner, tasks of a partition complete in any order but are committed in
     * order, crash markers isolate a record that was in flight during a crash. The default.
     */
    GROUP,
    /**
     * A Kafka share group (a queue): records are handed out one by one to any number of workers, past the partition
     * count, each acknowledged on its own; no order per key. Retry tiers stay on a consumer group.
     */
    SHARE;

    public static Consumption parse(String value) {
        return ConfigEnums.parse(Consumption.class, WorkerConfig.CONSUMPTION.envName(), value);
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
