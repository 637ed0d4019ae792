package dev.switchboard.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.message.Json;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.Prompt;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.runtime.LlmGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gateway process for {@link ClusterQuotaIT}: the process's shared gateway, coordinated through the quota topic,
 * called from {@code QUOTA_THREADS} threads in a loop, as busy agents would.
 */
public final class QuotaGatewayMain {
    private QuotaGatewayMain() {
    }

    record LoopTask(UUID jobId, UUID taskId, String text) implements AgentTask {
        @Override
        public String agent() {
            return "quota";
        }

        @Override
        public int attempt() {
            return 1;
        }

        @Override
        public String contentType() {
            return "text/plain";
        }

        @Override
        public JsonNode parameters() {
            return Json.mapper().createObjectNode();
        }

        @Override
        public Instant submittedAt() {
            return Instant.now();
        }

        @Override
        public Instant deadline() {
            return Instant.now().plusSeconds(600);
        }
    }

    public static void main(String[] args) throws Exception {
        ConfigSource env = ConfigSource.fromEnvironment();
        LlmGateway gateway = LlmGateway.shared(LlmConfig.from(env), KafkaSettings.from(env), TopicCatalogue.loadDefault(),
                new SimpleMeterRegistry());
        int threads = Integer.parseInt(System.getenv().getOrDefault("QUOTA_THREADS", "4"));
        AtomicLong calls = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        UUID job = UUID.randomUUID();
        for (int i = 0; i < threads; i++) {
            Thread caller = new Thread(() -> {
                while (true) {
                    try {
                        gateway.client(new LoopTask(job, UUID.randomUUID(), "a document"), OfflineModel.none())
                                .chat(Prompt.of("Answer briefly.", "a document"));
                        calls.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        System.out.println("call failed: " + e);
                    }
                }
            }, "caller-" + i);
            caller.start();
        }
        System.out.println("Quota gateway is up");
        while (true) {
            Thread.sleep(1_000);
            System.out.println("calls=" + calls.get() + " failures=" + failures.get());
        }
    }
}
