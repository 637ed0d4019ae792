package dev.switchboard.core.internal.runtime;

import dev.switchboard.contracts.config.KafkaSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One answer cache per process and call journal (Kafka cluster and topic), shared by every agent runtime of the
 * process that turns it on, as the gateway is: {@code switchboard up} with N agents reads the journal once and holds
 * one bounded index, not N. The first runtime's time to live and size bound make it; the last runtime to let go of it
 * closes it.
 */
final class SharedAnswerCaches {
    private static final Map<String, Shared> BY_JOURNAL = new HashMap<>();

    private SharedAnswerCaches() {
    }

    private static final class Shared {
        final AnswerCache cache;
        int users;

        Shared(AnswerCache cache) {
            this.cache = cache;
        }
    }

    /** The process's cache of {@code topic} on {@code kafka}, made on first use; give it back with {@link #release}. */
    static synchronized AnswerCache acquire(KafkaSettings kafka, String topic, Duration ttl, long maxBytes, Clock clock,
                                            String clientId) {
        Shared shared = BY_JOURNAL.computeIfAbsent(key(kafka, topic),
                k -> new Shared(new AnswerCache(kafka, topic, ttl, maxBytes, clock, clientId)));
        shared.users++;
        return shared.cache;
    }

    /** One runtime is done with {@code cache}: the last one closes it. */
    static void release(AnswerCache cache) {
        AnswerCache toClose = null;
        synchronized (SharedAnswerCaches.class) {
            var it = BY_JOURNAL.values().iterator();
            while (it.hasNext()) {
                Shared shared = it.next();
                if (shared.cache == cache && --shared.users == 0) {
                    it.remove();
                    toClose = cache;
                }
            }
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    private static String key(KafkaSettings kafka, String topic) {
        return kafka.bootstrapServers() + "|" + kafka.clientProperties() + "|" + topic;
    }
}
