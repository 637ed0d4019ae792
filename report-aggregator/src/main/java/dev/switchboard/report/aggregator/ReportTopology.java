package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.message.JsonSerde;
import dev.switchboard.contracts.topic.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import dev.switchboard.contracts.message.AgentResult;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/** The aggregator's topology, built apart from {@code main} so tests drive the exact production topology. */
public final class ReportTopology {
    static final String JOBS_STORE = "switchboard-job-aggregates";
    static final String INDEX_STORE = "switchboard-job-time-index";
    static final String SOURCE = "jobs-and-results";
    static final String AGGREGATOR = "job-aggregator";
    static final String REPORTS_SINK = "reports";
    static final String EVENTS_SINK = "events";

    private ReportTopology() {
    }

    public static Topology build(TopicCatalogue topics, AggregatorConfig config, MeterRegistry registry) {
        return build(topics, config, new AggregatorMetrics(registry), ReportBuilder.HEADLINES);
    }

    /** The topology counting into {@code metrics}, the same instance the exception handlers get (see {@link AggregatorStreamsConfig}). */
    static Topology build(TopicCatalogue topics, AggregatorConfig config, AggregatorMetrics metrics,
                          Function<AgentResult, Optional<String>> headlines) {
        ReportBuilder reports = new ReportBuilder(headlines, metrics);
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                topics.jobs().name(), topics.results().name());
        topology.addProcessor(AGGREGATOR, () -> new JobAggregator(topics, config, reports, metrics), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOBS_STORE),
                Serdes.String(), JsonSerde.of(JobAggregate.class)).withCachingEnabled(), AGGREGATOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INDEX_STORE),
                Serdes.String(), Serdes.String()).withCachingEnabled(), AGGREGATOR);
        topology.addSink(REPORTS_SINK, topics.reports().name(), Serdes.String().serializer(),
                topics.reports().valueSerde().serializer(), AGGREGATOR);
        topology.addSink(EVENTS_SINK, topics.events().name(), Serdes.String().serializer(),
                topics.events().valueSerde().serializer(), AGGREGATOR);
        return topology;
    }
}
