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
 * <li>the local share carries its lease end, so the limiter stops granting by itself when it passes, even if
 * this thread is stuck; claims are sent asynchronously (the thread never waits in {@code flush});</li>
 * <li>a pause record closes every process's gate; close gives the share back;</li>
 * <li>on an error the thread backs off and starts over from the beginning of the topic into a fresh ledger,
 * sending nothing meanwhile ({@code switchboard.llm.quota.coordinated} is 0 until it has caught up again).</li>
 * </ul>
 */
final class QuotaCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QuotaCoordinator.class);
    /** The least time between two claims that only chase free capacity. */
    private static final long MIN_CLAIM_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long FIRST_BACKOFF_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    /** What the coordinator drives in this process. */
    interface LocalShare {
        /** What this process could use now (requests in a window, tokens in a minute). */
        QuotaLedger.Amounts demand();

        /** The limits this process sends under from now on, until {@code validUntilNanos} (System.nanoTime); then none. */
        void share(QuotaLedger.Amounts share, long validUntilNanos);

        /** What this process sent in its sliding windows (requests in a window, tokens in a minute): at least that. */
        QuotaLedger.Amounts used();

        /** The limits it sends under now. */
        QuotaLedger.Amounts current();

        void closeGateFor(Duration wait);
    }

    private final String account;
    private final String member = UUID.randomUUID().toString();
    private final String topic;
    private final LocalShare local;
    private final QuotaMetrics metrics;
    private final QuotaLedger.Terms terms;
    private QuotaLedger ledger;
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
        this.terms = new QuotaLedger.Terms(limits, new QuotaLedger.Amounts(rateWindow.toMillis(),
                Duration.ofMinutes(1).toMillis()), leaseOf(heartbeat).toMillis());
        this.ledger = freshLedger();
        String clientId = "switchboard-llm-quota-" + member.substring(0, 8);
        this.producer = new KafkaProducer<>(kafka.clientConfig(Map.of("client.id", clientId, "acks", "all",
                "linger.ms", 0, "enable.idempotence", true, "max.block.ms", 2_000)), new StringSerializer(),
                new ByteArraySerializer());
        this.consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of("client.id", clientId, "enable.auto.commit", false,
                "auto.offset.reset", "earliest")), new StringDeserializer(), new ByteArrayDeserializer());
        local.share(QuotaLedger.Amounts.NONE, System.nanoTime());
        metrics.coordinated(false);
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

    private QuotaLedger freshLedger() {
        return new QuotaLedger(terms.limits(), terms.windows(), terms.leaseMillis());
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MILLIS;
        try {
            while (running) {
                try {
                    coordinate();
                } catch (WakeupException closing) {
                    return; // close() asked us to stop
                } catch (RuntimeException e) {
                    revoke();
                    metrics.coordinated(false);
                    log.warn("LLM quota coordination for {} failed; sending nothing on it, starting over in {} ms: {}",
                            account, backoff, e.toString());
                    if (!backOff(backoff)) {
                        return;
                    }
                    backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                }
            }
        } finally {
            release();
        }
    }

    /** Reads the topic from the beginning into a fresh ledger and takes part until closed or an error. */
    private void coordinate() {
        TopicPartition partition = new TopicPartition(topic, 0);
        ledger = freshLedger();
        caughtUp = false;
        pendingSeq = -1;
        publishedBusy = false;
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        endAtStart = consumer.endOffsets(List.of(partition)).get(partition);
        while (running) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                QuotaMessages.forAccount(r.value(), account).ifPresent(n -> apply(r.timestamp(), n));
            }
            if (!caughtUp && consumer.position(partition) >= endAtStart) {
                caughtUp = true;
                metrics.coordinated(true);
            }
            sendPause();
            if (caughtUp) {
                act();
            }
        }
    }

    /** Sleeps {@code millis} unless closed meanwhile; whether still running. */
    private boolean backOff(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            while (running && System.nanoTime() - end < 0) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return running;
    }

    /** This process sends nothing on the account until a claim of a new lease is read back. */
    private void revoke() {
        leaseValid = false;
        local.share(QuotaLedger.Amounts.NONE, System.nanoTime());
        metrics.share(QuotaLedger.Amounts.NONE);
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
        java.util.Optional<QuotaMessages.ReadClaim> readable = QuotaMessages.readClaim(n);
        if (readable.isEmpty()) {
            log.warn("Skipped a claim on the LLM quota topic for {} that no gateway could have written: {}", account, n);
            return;
        }
        QuotaMessages.ReadClaim read = readable.get();
        ledger.apply(timestamp, read.claim());
        metrics.members(ledger.members());
        if (read.claim().member().equals(member) && read.seq() == pendingSeq) {
            // our claim is in the log: the grant is ours from now until the lease (counted from sending) ends;
            // read back after that (a slow broker, a stuck thread), it starts no lease: the next claim asks again
            pendingSeq = -1;
            long leaseEnd = pendingSentAt + leaseNanos;
            if (System.nanoTime() - leaseEnd >= 0) {
                revoke();
                return;
            }
            localLeaseEnd = leaseEnd;
            leaseValid = true;
            QuotaLedger.Amounts granted = ledger.share(member);
            local.share(granted, localLeaseEnd);
            metrics.share(granted);
        }
    }

    private void act() {
        long now = System.nanoTime();
        if (leaseValid && now - localLeaseEnd >= 0) {
            revoke();
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
            local.share(lower, leaseValid ? localLeaseEnd : System.nanoTime()); // shrink before publishing the claim
            metrics.share(lower);
        }
        long s = ++seq;
        long sentAt = System.nanoTime();
        // measured after shrinking: what was sent in the window, so the ledger cools no more of a give-back than that
        QuotaLedger.Claim claim = new QuotaLedger.Claim(member, hold, want, demand, leaving, terms, local.used());
        producer.send(new ProducerRecord<>(topic, 0, QuotaMessages.claimKey(account, member),
                QuotaMessages.claim(account, s, claim)), (metadata, e) -> {
                    if (e != null) {
                        log.debug("LLM quota claim for {} not written; the next heartbeat claims again", account, e);
                    }
                });
        pendingSeq = s;
        pendingSentAt = sentAt;
        lastSentAt = sentAt;
        publishedBusy = demand.requests() > 0 || demand.tokens() > 0;
    }

    private void sendPause() {
        long millis = pendingPause.getAndSet(0);
        if (millis > 0) {
            producer.send(new ProducerRecord<>(topic, 0, QuotaMessages.pauseKey(account), QuotaMessages.pause(account, millis)));
        }
    }

    private void release() {
        boolean held = leaseValid || pendingSeq >= 0;
        revoke();
        metrics.coordinated(false);
        try {
            if (held) {
                QuotaLedger.Amounts hold = ledger.share(member);
                producer.send(new ProducerRecord<>(topic, 0, QuotaMessages.claimKey(account, member), QuotaMessages.claim(account,
                        ++seq, new QuotaLedger.Claim(member, hold, QuotaLedger.Amounts.NONE, QuotaLedger.Amounts.NONE, true,
                                terms, local.used()))));
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

    /** The account this coordinator shares. */
    String account() {
        return account;
    }

    /** The account's limits (requests per second, tokens per minute). */
    QuotaLedger.Amounts limits() {
        return terms.limits();
    }

    /** Processes sharing the account, as last counted. */
    int members() {
        return metrics.members();
    }
}
