package dev.switchboard.launcher;

import dev.switchboard.core.runtime.AgentWorker;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.WorkerConfig;
import dev.switchboard.contracts.topic.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run one agent type against a Kafka cluster. Processes of the same agent share its task topic as one consumer group.")
final class AgentCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Parameters(paramLabel = "NAME", description = "sentiment, entities, summary or keywords.")
    String name;

    @Option(names = "--instances", description = "Workers in this process (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    int instances;

    @Override
    public Integer call() throws Exception {
        if (instances < 1) {
            throw new IllegalArgumentException("--instances must be at least 1");
        }
        ConfigSource source = service.settings().source();
        KafkaSettings kafka = KafkaSettings.from(source);
        TopicCatalogue topics = TopicCatalogue.loadDefault();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LlmGateway gateway = LlmGateway.shared(LlmConfig.from(source), registry);
        List<AgentWorker> workers = new ArrayList<>();
        WorkerConfig base = WorkerConfig.from(source);
        for (int i = 0; i < instances; i++) {
            WorkerConfig worker = instances == 1 ? base : base.withInstanceId(base.instanceId() + "-" + (i + 1));
            workers.add(AgentWorker.builder(BuiltInAgents.create(name)).kafka(kafka).topics(topics).gateway(gateway)
                    .worker(worker).meterRegistry(registry).build().start());
        }
        System.out.println("Agent " + name + " is up (" + instances + " worker(s))");
        // a worker that stopped on its own (it could not write its outputs) no longer consumes: exit, so whatever
        // supervises this process starts a fresh one, rather than live on without taking tasks
        if (!Shutdown.awaitSignal(() -> workers.stream().anyMatch(AgentWorker::isStopped), workers.toArray(AutoCloseable[]::new))) {
            workers.stream().filter(w -> w.failure() != null).forEach(w ->
                    System.err.println("switchboard: agent " + name + " stopped on its own: " + w.failure()));
            return 1;
        }
        return 0;
    }
}
