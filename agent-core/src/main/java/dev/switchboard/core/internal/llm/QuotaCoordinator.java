package dev.switchboard.core.internal.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.config.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's membership in one provider account's quota (decision 0022). One thread reads the
 * quota topic's single partition from the beginning into a {@link QuotaLedger} and, once caught up,
 * claims this process's fair share of the account's limits, renewing it every heartbeat:
 * <ul>
 * <li>a grant is used only once the claim is read back (so a newcomer has its share before it sends);</li>
 * <li>the local limits shrink <em>before</em> a lower claim is published;</li>
 * <li>the local lease counts from when the claim was sent, so it ends no later than the ledger's: when
 * renewals stop coming back (broker gone), this process stops sending before anyone reuses its share;</li>
 * <li>a pause record closes every process's gate; close gives the share back.</li>
 * </ul>
 */
final class QuotaCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QuotaCoordinator.class);
    /** The least time between two claims that only chase free capacity. */
    private static final long MIN_CLAIM_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** What the coordinator drives in this process. */
    interface LocalShare {
        /** What this process could use now (requests in a window, tokens in a minute). */
        QuotaLedger.Amounts demand();

        /** The limits this process sends under from now on. */
        void share(QuotaLedger.Amounts share);

        /** The limits it sends under now. */
        QuotaLedger.Amounts current();

        void closeGateFor(Duration wait);
    }

    private final String account;
    private final String member = UUID.randomUUID().toString();
    private final String topic;
    private final LocalShare local;
    private final QuotaMetrics metrics;
    private final QuotaLedger ledger;
    private final long heartbeatNanos;
    private final long leaseNanos;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicLong pendingPause = new AtomicLong();
    private volatile boolean running = true;
    private long seq;
    private long pendingSeq = -1;
    private long pendingSentAt;
    private long lastSentAt;
    private long localLeaseEnd;
    private boolean leaseValid;
    private boolean publishedBusy;
    private long endAtStart = -1;
    private boolean caughtUp;

    /**
     * @param limits the account's limits (requests per second, tokens per minute; 0 tokens: no token budget)
     * @param rateWindow the request limiter's window (one second plus margin)
     */
    QuotaCoordinator(String account, QuotaLedger.Amounts limits, Duration rateWindow, Duration heartbeat,
                     KafkaSettings kafka, String topic, LocalShare local, QuotaMetrics metrics) {
        this.account = account;
        this.topic = topic;
        this.local = local;
        this.metrics = metrics;
        this.heartbeatNanos = heartbeat.toNanos();
        this.leaseNanos = leaseOf(heartbeat).toNanos();
        this.ledger = new QuotaLedger(limits, new QuotaLedger.Amounts(rateWindow.toMillis(), Duration.ofMinutes(1).toMillis()),
                leaseOf(heartbeat).toMillis());
        String clientId = "switchboard-llm-quota-" + member.substring(0, 8);
        this.producer = new KafkaProducer<>(kafka.clientConfig(Map.of("client.id", clientId, "acks", "all",
                "linger.ms", 0, "enable.idempotence", true)), new StringSerializer(), new ByteArraySerializer());
        this.consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of("client.id", clientId, "enable.auto.commit", false,
                "auto.offset.reset", "earliest")), new StringDeserializer(), new ByteArrayDeserializer());
        local.share(QuotaLedger.Amounts.NONE);
        this.thread = new Thread(this::run, "llm-quota-" + member.substring(0, 8));
        this.thread.setDaemon(true);
    }

    /** A claim holds for one and a half heartbeats: a renewal may be late by half an interval. */
    static Duration leaseOf(Duration heartbeat) {
        return heartbeat.plus(heartbeat.dividedBy(2));
    }

    QuotaCoordinator start() {
        thread.start();
        return this;
    }

    String member() {
        return member;
    }

    /** Pauses the whole account for {@code wait} (a 429 or 503 with {@code Retry-After}, or an exhausted header). */
    void pause(Duration wait) {
        pendingPause.accumulateAndGet(Math.max(1, wait.toMillis()), Math::max);
    }

    private void run() {
        TopicPartition partition = new TopicPartition(topic, 0);
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            endAtStart = consumer.endOffsets(List.of(partition)).get(partition);
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    QuotaMessages.forAccount(r.value(), account).ifPresent(n -> apply(r.timestamp(), n));
                }
                caughtUp = caughtUp || consumer.position(partition) >= endAtStart;
                sendPause();
                if (caughtUp) {
                    act();
                }
            }
        } catch (WakeupException closing) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            log.warn("LLM quota coordination for {} stopped; this process sends nothing more on it: {}", account, e.toString());
            local.share(QuotaLedger.Amounts.NONE);
        } finally {
            release();
        }
    }

    private void apply(long timestamp, JsonNode n) {
        if (QuotaMessages.isPause(n)) {
            long millis = QuotaMessages.pauseMillis(n);
            ledger.pause(timestamp, millis);
            long left = timestamp + millis - System.currentTimeMillis();
            if (left > 0) {
                local.closeGateFor(Duration.ofMillis(Math.min(left, millis)));
            }
            return;
        }
        QuotaMessages.ReadClaim read = QuotaMessages.readClaim(n);
        ledger.apply(timestamp, read.claim());
        metrics.members(ledger.members());
        if (read.claim().member().equals(member) && read.seq() == pendingSeq) {
            // our claim is in the log: the grant is ours from now until the lease (counted from sending) ends
            localLeaseEnd = pendingSentAt + leaseNanos;
            leaseValid = true;
            pendingSeq = -1;
            QuotaLedger.Amounts granted = ledger.share(member);
            local.share(granted);
            metrics.share(granted);
        }
    }

    private void act() {
        long now = System.nanoTime();
        if (leaseValid && now - localLeaseEnd >= 0) {
            leaseValid = false;
            local.share(QuotaLedger.Amounts.NONE);
            metrics.share(QuotaLedger.Amounts.NONE);
            log.warn("LLM quota lease for {} ran out unrenewed; sending nothing until the quota topic answers", account);
        }
        boolean pending = pendingSeq >= 0 && now - pendingSentAt < heartbeatNanos;
        if (pending) {
            return;
        }
        QuotaLedger.Amounts demand = local.demand();
        metrics.demand(demand.requests());
        QuotaLedger.Amounts hold = leaseValid ? ledger.share(member) : QuotaLedger.Amounts.NONE;
        QuotaLedger.Amounts want = want(hold, demand);
        boolean busy = demand.requests() > 0 || demand.tokens() > 0;
        boolean heartbeatDue = now - lastSentAt >= heartbeatNanos || lastSentAt == 0;
        boolean shrink = want.requests() < hold.requests() || want.tokens() < hold.tokens();
        boolean grow = (want.requests() > hold.requests() || want.tokens() > hold.tokens())
                && now - lastSentAt >= MIN_CLAIM_GAP_NANOS && (capacityFree(want, hold) || releaseDue());
        if (heartbeatDue || shrink || grow || busy != publishedBusy) {
            claim(hold, want, demand, false);
        }
    }

    /**
     * Per limit: grow towards the target this process's current demand gives it; give back down to the target
     * every process computes from the published demands only when another process is short of its own
     * (an idle process lends, but demand noise alone does not make shares churn).
     */
    private QuotaLedger.Amounts want(QuotaLedger.Amounts hold, QuotaLedger.Amounts demand) {
        QuotaLedger.Amounts live = ledger.targetWith(member, demand);
        QuotaLedger.Amounts fair = ledger.target(member);
        long[] want = new long[2];
        for (int d = 0; d < 2; d++) {
            long h = hold.get(d);
            if (live.get(d) >= h) {
                want[d] = live.get(d);
            } else {
                want[d] = fair.get(d) < h && ledger.anotherShort(member, d) ? Math.max(fair.get(d), live.get(d)) : h;
            }
        }
        return QuotaLedger.Amounts.of(want);
    }

    private boolean capacityFree(QuotaLedger.Amounts want, QuotaLedger.Amounts hold) {
        return (want.requests() > hold.requests() && ledger.free(QuotaLedger.REQUESTS) > 0)
                || (want.tokens() > hold.tokens() && ledger.free(QuotaLedger.TOKENS) > 0);
    }

    /** Whether a lease or cooling has ended by now (estimated on this machine's wall clock). */
    private boolean releaseDue() {
        return ledger.nextRelease().stream().anyMatch(at -> at <= System.currentTimeMillis());
    }

    private void claim(QuotaLedger.Amounts hold, QuotaLedger.Amounts want, QuotaLedger.Amounts demand, boolean leaving) {
        QuotaLedger.Amounts current = local.current();
        QuotaLedger.Amounts lower = new QuotaLedger.Amounts(Math.min(current.requests(), want.requests()),
                Math.min(current.tokens(), want.tokens()));
        if (!lower.equals(current)) {
            local.share(lower); // shrink before the claim that gives it back is published
            metrics.share(lower);
        }
        long s = ++seq;
        long sentAt = System.nanoTime();
        producer.send(new ProducerRecord<>(topic, 0, QuotaMessages.claimKey(account, member),
                QuotaMessages.claim(account, s, new QuotaLedger.Claim(member, hold, want, demand, leaving))));
        producer.flush();
        pendingSeq = s;
        pendingSentAt = sentAt;
        lastSentAt = sentAt;
        publishedBusy = demand.requests() > 0 || demand.tokens() > 0;
    }

    private void sendPause() {
        long millis = pendingPause.getAndSet(0);
        if (millis > 0) {
            producer.send(new ProducerRecord<>(topic, 0, QuotaMessages.pauseKey(account), QuotaMessages.pause(account, millis)));
            producer.flush();
        }
    }

    private void release() {
        local.share(QuotaLedger.Amounts.NONE);
        metrics.share(QuotaLedger.Amounts.NONE);
        try {
            if (leaseValid || pendingSeq >= 0) {
                QuotaLedger.Amounts hold = ledger.share(member);
                producer.send(new ProducerRecord<>(topic, 0, QuotaMessages.claimKey(account, member), QuotaMessages.claim(account,
                        ++seq, new QuotaLedger.Claim(member, hold, QuotaLedger.Amounts.NONE, QuotaLedger.Amounts.NONE, true))));
                producer.send(new ProducerRecord<>(topic, 0, QuotaMessages.claimKey(account, member), null));
            }
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.debug("LLM quota release for {} not written; the lease runs out instead", account, e);
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** Gives this process's share back and stops. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
