package dev.switchboard.report.aggregator;

import dev.switchboard.contracts.message.JsonSerde;
import dev.switchboard.contracts.topic.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Task;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;

/** The aggregator's topology, built apart from {@code main} so tests drive the exact production topology. */
public final class ReportTopology {
    static final String JOBS_STORE = "switchboard-job-aggregates";
    static final String INDEX_STORE = "switchboard-job-time-index";
    /** The documents of staged jobs until their last stage is released (decision 0030). */
    static final String DOCUMENTS_STORE = "switchboard-job-documents";
    static final String SOURCE = "jobs-and-results";
    static final String AGGREGATOR = "job-aggregator";
    static final String REPORTS_SINK = "reports";
    static final String EVENTS_SINK = "events";
    /** Later stages' tasks, each to its agent's task topic. */
    static final String TASKS_SINK = "released-tasks";

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
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DOCUMENTS_STORE),
                Serdes.String(), JsonSerde.of(Document.class)).withCachingEnabled(), AGGREGATOR);
        // only agents the StageReleaser found declared in this same catalogue get a task: their topics exist
        TopicNameExtractor<String, Task> taskTopic = (jobId, task, record) -> StageReleaser.taskTopic(topics, task.agent())
                .orElseThrow(() -> new IllegalStateException("A task of undeclared agent " + task.agent() + " was released"));
        topology.addSink(TASKS_SINK, taskTopic, Serdes.String().serializer(), JsonSerde.of(Task.class).serializer(), AGGREGATOR);
        topology.addSink(REPORTS_SINK, topics.reports().name(), Serdes.String().serializer(),
                topics.reports().valueSerde().serializer(), AGGREGATOR);
        topology.addSink(EVENTS_SINK, topics.events().name(), Serdes.String().serializer(),
                topics.events().valueSerde().serializer(), AGGREGATOR);
        return topology;
    }
}
