package dev.switchboard.core.internal.runtime;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.core.internal.llm.JournalCodec;
import dev.switchboard.core.internal.llm.JournalEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exact-match answer cache ({@code SWITCHBOARD_LLM_CACHE=exact}): a background consumer of the call journal indexes
 * every answer paid for in the last {@code ttl} by its request hash (model and request), keeping at most
 * {@code maxBytes}, oldest dropped first. A request asked again, by any job of any tenant, is answered from it (one
 * per process: {@link SharedAnswerCaches}).
 */
final class AnswerCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AnswerCache.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Duration ttl;
    private final long maxBytes;
    private final Clock clock;
    private final LinkedHashMap<String, JournalEntry> byHash = new LinkedHashMap<>();
    private final Thread thread;
    private long bytes;
    private boolean started;
    private volatile boolean running = true;

    AnswerCache(KafkaSettings kafka, String topic, Duration ttl, long maxBytes, Clock clock, String clientId) {
        this.consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-answer-cache",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")), new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.ttl = ttl;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.thread = new Thread(this::run, clientId + "-answer-cache");
        this.thread.setDaemon(true);
    }

    /** Starts reading the journal; a cache already started is left as it is (runtimes share one, see {@link SharedAnswerCaches}). */
    synchronized void start() {
        if (!started) {
            started = true;
            thread.start();
        }
    }

    /** A journaled answer to the request hashing to {@code requestHash}, younger than the time to live. */
    synchronized Optional<JournalEntry> get(String requestHash) {
        JournalEntry entry = byHash.get(requestHash);
        return entry == null || entry.at().isBefore(clock.instant().minus(ttl)) ? Optional.empty() : Optional.of(entry);
    }

    /**
     * Indexes one journaled answer; the newest answer to a request replaces an older one. An entry of no tokens is not
     * an answer paid for (a cache hit or a replay journaled again): indexing it would keep an answer alive past its
     * time to live for as long as it is asked.
     */
    synchronized void put(JournalEntry entry) {
        if (entry.inputTokens() == 0 && entry.outputTokens() == 0) {
            return;
        }
        JournalEntry old = byHash.remove(entry.requestHash());
        if (old != null) {
            bytes -= old.weight();
        }
        byHash.put(entry.requestHash(), entry);
        bytes += entry.weight();
        Instant expired = clock.instant().minus(ttl);
        Iterator<JournalEntry> oldest = byHash.values().iterator();
        while (oldest.hasNext()) {
            JournalEntry head = oldest.next();
            if (bytes <= maxBytes && !head.at().isBefore(expired)) {
                break;
            }
            oldest.remove();
            bytes -= head.weight();
        }
    }

    synchronized int size() {
        return byHash.size();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> since = new HashMap<>();
            partitions.forEach(tp -> since.put(tp, clock.instant().minus(ttl).toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(since);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp at = from.get(tp);
                if (at == null) {
                    consumer.seekToEnd(List.of(tp));
                } else {
                    consumer.seek(tp, at.offset());
                }
            }
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    JournalCodec.decode(record.value()).filter(e -> e.at() != null).ifPresent(this::put);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.warn("The answer cache stopped reading {}; calls go to the model: {}", topic, e.toString());
        } finally {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(1)));
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (this) {
            if (!started) {
                started = true; // never to start now
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(1)));
                return;
            }
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
