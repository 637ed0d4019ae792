package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.fakes.ScriptedOpenAiServer;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 1: three gateway processes (separate JVMs) on one provider account of R requests/s, against a server
 * that refuses every call over R with a 429. They share R through the quota topic: none is refused, also when one is
 * SIGKILLed mid-run and another starts, and the account keeps working.
 */
@KafkaTest
class ClusterQuotaIT {
    private static final int RATE = 8;
    private final TestKafka kafka;

    ClusterQuotaIT(TestKafka kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldNeverGoOverTheAccountsLimitAcrossProcessesAlsoWhenOneIsKilled(@TempDir Path dir) throws Exception {
        // Given a server that allows 8 requests/s, and three processes that each would send far more
        TopicProvisioner.provision(KafkaSettings.of(kafka.bootstrapServers()), TopicCatalogue.loadDefault());
        try (ScriptedOpenAiServer llm = ScriptedOpenAiServer.start().refuseOverRate(RATE);
             Processes p = new Processes(dir)) {
            llm.otherwise(r -> ScriptedOpenAiServer.Reply.content("ok"));
            Map<String, String> env = Map.of("SWITCHBOARD_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "SWITCHBOARD_LLM_PROVIDER", "openai", "SWITCHBOARD_LLM_BASE_URL", llm.baseUrl(),
                    "SWITCHBOARD_LLM_API_KEY", "sk-one-account", "SWITCHBOARD_LLM_RATE_LIMIT", Integer.toString(RATE),
                    "SWITCHBOARD_LLM_TOKENS_PER_MINUTE", "0", "QUOTA_THREADS", "4");
            for (int i = 0; i < 3; i++) {
                p.startTestMain("gateway-" + i, env, QuotaGatewayMain.class);
            }
            for (int i = 0; i < 3; i++) {
                p.awaitLine("gateway-" + i, "Quota gateway is up", Duration.ofSeconds(60));
            }

            // When they have worked a while, one is killed mid-run and another starts
            awaitAccepted(llm, 60);
            p.kill("gateway-0");
            long killedAt = System.nanoTime();
            long acceptedAtKill = llm.acceptedCount();
            p.startTestMain("gateway-3", env, QuotaGatewayMain.class);
            p.awaitLine("gateway-3", "Quota gateway is up", Duration.ofSeconds(60));

            // Then the account keeps working: calls keep being answered after the kill
            awaitAccepted(llm, acceptedAtKill + 80);
            double seconds = (System.nanoTime() - killedAt) / 1e9;
            System.out.printf("cluster quota: R=%d/s, accepted %d after the kill in %.1f s (%.2f/s), refused %d in all%n", RATE,
                    llm.acceptedCount() - acceptedAtKill, seconds, (llm.acceptedCount() - acceptedAtKill) / seconds,
                    llm.refusedCount());
            p.awaitLine("gateway-3", "calls=", Duration.ofSeconds(30));

            // And not one call was refused for going over the account's limit
            assertThat(llm.refusedCount()).isZero();
        }
    }

    private static void awaitAccepted(ScriptedOpenAiServer llm, long count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> llm.acceptedCount() >= count);
    }
}
