package dev.switchboard.launcher;

import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.lifecycle.ServiceRunner;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.report.aggregator.AggregatorConfig;
import dev.switchboard.report.aggregator.ReportAggregator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "aggregator", mixinStandardHelpOptions = true, description = "Run the report aggregator (Kafka Streams) against a Kafka cluster.")
final class AggregatorCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Override
    public Integer call() throws Exception {
        ConfigSource source = service.settings().source();
        KafkaSettings kafka = KafkaSettings.from(source);
        TopicCatalogue topics = TopicCatalogue.loadDefault();
        TopicProvisioner.provision(kafka, topics);
        ReportAggregator aggregator = new ReportAggregator(kafka, topics, AggregatorConfig.from(source), new SimpleMeterRegistry());
        return ServiceRunner.of(aggregator).run(() -> System.out.println("Aggregator is up"));
    }
}
