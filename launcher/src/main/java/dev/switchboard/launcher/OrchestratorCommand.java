package dev.switchboard.launcher;

import dev.switchboard.observability.tracing.Tracing;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.lifecycle.ServiceRunner;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.orchestrator.Orchestrator;
import dev.switchboard.orchestrator.OrchestratorConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "orchestrator", mixinStandardHelpOptions = true, description = "Run the orchestrator (HTTP API) against a Kafka cluster.")
final class OrchestratorCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Option(names = "--port", description = "HTTP port (default: SWITCHBOARD_ORCHESTRATOR_PORT or 8080).")
    Integer port;

    @Option(names = "--host", description = "Address to bind (default: SWITCHBOARD_ORCHESTRATOR_HOST or 127.0.0.1).")
    String host;

    @Option(names = "--insecure", description = "Allow a non-loopback address without API keys.")
    boolean insecure;

    @Override
    public Integer call() throws Exception {
        Tracing.init("orchestrator");
        ConfigSource source = service.settings().set("SWITCHBOARD_ORCHESTRATOR_PORT", port).set("SWITCHBOARD_ORCHESTRATOR_HOST", host)
                .set("SWITCHBOARD_INSECURE", insecure ? "true" : null).source();
        KafkaSettings kafka = KafkaSettings.from(source);
        TopicCatalogue topics = TopicCatalogue.loadDefault();
        TopicProvisioner.provision(kafka, topics);
        Orchestrator orchestrator = new Orchestrator(OrchestratorConfig.from(source), kafka, topics);
        return ServiceRunner.of(orchestrator).run(() -> System.out.println("Orchestrator is up on port " + orchestrator.port()));
    }
}
