package dev.switchboard.launcher;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;

/**
 * Samples the cluster's ongoing transactions every {@value #INTERVAL_MS} ms and keeps the age of
 * the oldest one ever seen: how long a {@code read_committed} reader could have been held up.
 */
final class OpenTransactions implements AutoCloseable {
    private static final long INTERVAL_MS = 500;

    private final Admin admin;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "open-transactions");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong longestMs = new AtomicLong();
    private final AtomicInteger samples = new AtomicInteger();
    private volatile String longestId = "none";

    private OpenTransactions(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
    }

    static OpenTransactions watch(String bootstrapServers) {
        OpenTransactions watch = new OpenTransactions(bootstrapServers);
        watch.sampler.scheduleWithFixedDelay(watch::sample, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
        return watch;
    }

    private void sample() {
        try {
            List<String> ongoing = admin.listTransactions().all().get(5, TimeUnit.SECONDS).stream()
                    .filter(t -> t.state() == TransactionState.ONGOING)
                    .map(TransactionListing::transactionalId)
                    .toList();
            long now = System.currentTimeMillis();
            if (!ongoing.isEmpty()) {
                Map<String, TransactionDescription> described = admin.describeTransactions(ongoing).all().get(5, TimeUnit.SECONDS);
                described.forEach((id, d) -> {
                    if (d.state() == TransactionState.ONGOING && d.transactionStartTimeMs().isPresent()) {
                        long age = now - d.transactionStartTimeMs().getAsLong();
                        if (age > longestMs.get()) {
                            longestMs.set(age);
                            longestId = id;
                        }
                    }
                });
            }
            samples.incrementAndGet();
        } catch (Exception e) {
            // a broker is down or a transaction ended between listing and describing: the next sample sees it again
        }
    }

    /** The age of the oldest ongoing transaction seen in any sample. */
    Duration longestOpen() {
        return Duration.ofMillis(longestMs.get());
    }

    /** The transactional id of the oldest ongoing transaction seen. */
    String longestId() {
        return longestId;
    }

    int samples() {
        return samples.get();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
