package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.config.Secret;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.core.config.Consumption;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.LlmProvider;
import dev.switchboard.core.config.WorkerConfig;
import dev.switchboard.core.runtime.AgentWorker;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.core.testagents.Greeter;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The process's coordinated quota lives as long as the gateways and workers that hold it, and no longer. */
@KafkaTest
class SharedQuotaReleaseIT {
    private final TestKafka kafka;

    SharedQuotaReleaseIT(TestKafka kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldGiveTheQuotaBackWhenTheLastWorkerHoldingItCloses() {
        // Given a launcher's shared gateway handed to two workers, its own hold closed once they are built
        TopicCatalogue catalogue = TopicCatalogue.bundled().withAgent(new Greeter().name(), List.of("200ms"), 2);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).apply(catalogue);
        }
        KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
        String topic = catalogue.llmQuota().name();
        LlmConfig llm = LlmConfig.custom().provider(LlmProvider.OPENAI).baseUrl("http://localhost:1/v1")
                .apiKey(Secret.of("sk-release-it")).model("release-it").build();
        LlmGateway gateway = LlmGateway.shared(llm, settings, catalogue, new SimpleMeterRegistry());
        AgentWorker first = worker(settings, catalogue, gateway);
        AgentWorker second = worker(settings, catalogue, gateway);
        gateway.close();

        // When the workers close one after the other
        // Then the quota runs while one of them holds it, and is given back (its coordinator stopped) after the last
        assertThat(AccountQuotas.isRunning(llm, settings, topic)).isTrue();
        first.close();
        assertThat(AccountQuotas.isRunning(llm, settings, topic)).isTrue();
        second.close();
        assertThat(AccountQuotas.isRunning(llm, settings, topic)).isFalse();
        // And a quota on another topic of the same account is another one
        assertThat(AccountQuotas.isRunning(llm, settings, topic + "-other")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Consumption.class)
    void shouldReleaseAWorkerNeverStartedAtOnceAndGiveTheQuotaBack(Consumption consumption) {
        // Given a worker holding the process's shared gateway, built with a 30 s drain timeout and never started
        // (a host whose start failed after building it)
        TopicCatalogue catalogue = TopicCatalogue.bundled().withAgent(new Greeter().name(), List.of("200ms"), 2);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).apply(catalogue);
        }
        KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
        LlmConfig llm = LlmConfig.custom().provider(LlmProvider.OPENAI).baseUrl("http://localhost:1/v1")
                .apiKey(Secret.of("sk-unstarted-" + consumption)).model("release-it").build();
        AgentWorker worker = AgentWorker.builder(new Greeter()).kafka(settings).topics(catalogue).llm(llm)
                .worker(WorkerConfig.custom().drainTimeout(Duration.ofSeconds(30)).consumption(consumption).build()).build();
        assertThat(AccountQuotas.isRunning(llm, settings, catalogue.llmQuota().name())).isTrue();

        // When it is closed
        long begin = System.nanoTime();
        worker.close();

        // Then it returns without waiting out the drain timeout for a poll thread that never ran, stopped and not
        // failed, and its hold on the gateway is gone: the account's quota is given back
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
        assertThat(worker.isStopped()).isTrue();
        assertThat(worker.failure()).isEmpty();
        assertThat(AccountQuotas.isRunning(llm, settings, catalogue.llmQuota().name())).isFalse();
    }

    private static AgentWorker worker(KafkaSettings settings, TopicCatalogue catalogue, LlmGateway gateway) {
        return AgentWorker.builder(new Greeter()).kafka(settings).topics(catalogue).gateway(gateway)
                .worker(WorkerConfig.ofDefaults()).build().start();
    }
}
