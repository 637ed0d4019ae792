package dev.switchboard.bench;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.runtime.AgentWorker;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.orchestrator.Orchestrator;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.report.aggregator.AggregatorConfig;
import dev.switchboard.report.aggregator.ReportAggregator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A job's whole path in this JVM, for the scenarios that go through the front door: the orchestrator (HTTP on a free
 * port), one no-op worker per agent and the exactly-once aggregator, on {@code topics} (provisioned first).
 */
final class BenchStack implements AutoCloseable {
    private final List<AutoCloseable> services = new ArrayList<>();
    private final PrometheusMeterRegistry orchestratorMetrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private Orchestrator orchestrator;

    private BenchStack() {
    }

    /** Starts the services and returns once the orchestrator's view has caught up and the aggregator runs. */
    static BenchStack start(KafkaSettings kafka, TopicCatalogue topics, List<String> agents) throws Exception {
        BenchStack stack = new BenchStack();
        try {
            stack.startServices(kafka, topics, agents);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startServices(KafkaSettings kafka, TopicCatalogue topics, List<String> agents) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LlmGateway gateway = LlmGateway.create(LlmConfig.ofDefaults(), registry);
        TopicProvisioner.provision(kafka, topics);
        orchestrator = new Orchestrator(OrchestratorConfig.custom().port(0).build(), kafka, topics, orchestratorMetrics,
                Clock.systemUTC()).start();
        services.add(orchestrator);
        for (String a : agents) {
            services.add(AgentWorker.builder(new BenchAgent(a, 0, false)).kafka(kafka).topics(topics).gateway(gateway)
                    .meterRegistry(registry).build().start());
        }
        ReportAggregator aggregator = new ReportAggregator(kafka, topics, AggregatorConfig.custom()
                .applicationId("bench-aggregator-" + UUID.randomUUID())
                .stateDir(Files.createTempDirectory("bench-streams").toString()).build(), registry).start();
        services.add(aggregator);
        while (!orchestrator.view().caughtUp() || aggregator.state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
            Thread.sleep(50);
        }
    }

    PrometheusMeterRegistry orchestratorMetrics() {
        return orchestratorMetrics;
    }

    /** The orchestrator's base URL, {@code http://127.0.0.1:<port>}. */
    String baseUrl() {
        return "http://127.0.0.1:" + orchestrator.port();
    }

    /** POSTs {@code body} to {@code url} (the jobs endpoint) and returns the job id of its 202. */
    static String submit(HttpClient http, String url, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("submit failed: " + r.statusCode() + " " + r.body());
        }
        String b = r.body();
        int i = b.indexOf("\"jobId\":\"") + 9;
        return b.substring(i, b.indexOf('"', i));
    }

    @Override
    public void close() throws Exception {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
    }
}
