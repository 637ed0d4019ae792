package dev.switchboard.launcher;

import dev.switchboard.observability.tracing.Tracing;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.lifecycle.ServiceRunner;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.report.aggregator.AggregatorConfig;
import dev.switchboard.report.aggregator.ReportAggregator;
import dev.switchboard.observability.management.ReadinessChecks;
import dev.switchboard.observability.management.ManagementServer;
import dev.switchboard.observability.management.ManagementSettings;
import dev.switchboard.observability.management.MeterRegistries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "aggregator", mixinStandardHelpOptions = true, description = "Run the report aggregator (Kafka Streams) against a Kafka cluster.")
final class AggregatorCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Override
    public Integer call() throws Exception {
        Tracing.init("aggregator");
        ConfigSource source = service.settings().source();
        KafkaSettings kafka = KafkaSettings.from(source);
        TopicCatalogue topics = TopicCatalogue.loadDefault();
        TopicProvisioner.provision(kafka, topics);
        PrometheusMeterRegistry registry = MeterRegistries.prometheus(); // served on SWITCHBOARD_MANAGEMENT_PORT (0027)
        ReportAggregator aggregator = new ReportAggregator(kafka, topics, AggregatorConfig.from(source), registry);
        // ready while Kafka Streams is RUNNING or REBALANCING (a rebalance is brief and the process still aggregates)
        Optional<ManagementServer> management = ManagementServer.startIfEnabled(ManagementSettings.from(source), registry,
                new ReadinessChecks().add("aggregator", aggregator::isHealthy));
        try {
            return ServiceRunner.of(aggregator).run(() -> System.out.println("Aggregator is up"));
        } finally {
            management.ifPresent(ManagementServer::close);
        }
    }
}
