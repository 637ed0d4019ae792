package dev.switchboard.launcher;

import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.topic.TopicCatalogue;
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
        ReportAggregator aggregator = new ReportAggregator(KafkaSettings.from(source), TopicCatalogue.loadDefault(),
                AggregatorConfig.from(source), new SimpleMeterRegistry()).start();
        System.out.println("Aggregator is up");
        if (!Shutdown.awaitSignal(aggregator::hasFailed, aggregator)) {
            System.err.println("switchboard: the aggregator's Kafka Streams client stopped (see the log); exiting with 1");
            return 1;
        }
        return 0;
    }
}
