package dev.switchboard.launcher;

import dev.switchboard.observability.tracing.Tracing;
import dev.switchboard.core.Agent;
import dev.switchboard.core.runtime.AgentWorker;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.lifecycle.ServiceRunner;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.WorkerConfig;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.observability.management.ReadinessChecks;
import dev.switchboard.observability.management.ManagementServer;
import dev.switchboard.observability.management.ManagementSettings;
import dev.switchboard.observability.management.MeterRegistries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Run one agent type against a Kafka cluster. Processes of the same agent share its task topic as one consumer group.",
                "Agents are discovered (java.util.ServiceLoader) on the class path, on --classpath and in the plugins directory "
                        + "(SWITCHBOARD_PLUGINS_DIR, default ./plugins: every *.jar in it)."})
final class AgentCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "A discovered agent, e.g. sentiment, entities, summary, synthesis or keywords.")
    String name;

    @Option(names = "--list", description = "List the discovered agents and exit.")
    boolean list;

    @Option(names = "--classpath", paramLabel = "PATHS",
            description = "Jars or directories with more agents, separated by the platform's path separator.")
    String classpath;

    @Option(names = "--instances", description = "Workers in this process (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    int instances;

    @Override
    public Integer call() throws Exception {
        if (instances < 1) {
            throw new IllegalArgumentException("--instances must be at least 1");
        }
        Settings settings = service.settings();
        AgentPlugins agents = AgentPlugins.load(classpath, AgentPlugins.pluginsDir(settings.get(AgentPlugins.PLUGINS_DIR_VARIABLE)));
        if (list) {
            agents.all().forEach((agent, impl) -> System.out.println(agent + "\t" + impl.getClass().getName()));
            agents.problems().forEach(problem -> System.err.println("not loaded: " + problem));
            return agents.problems().isEmpty() ? 0 : 1;
        }
        if (name == null) {
            throw new IllegalArgumentException("Name the agent to run (discovered: " + agents.all().keySet() + "), or use --list");
        }
        Agent<?> agent = agents.get(name);
        Tracing.init("agent-" + name);
        ConfigSource source = settings.source();
        KafkaSettings kafka = KafkaSettings.from(source);
        // before any client: an agent not in topics.yaml brings its topics (agentDefaults), none is auto-created
        TopicCatalogue topics = AgentWorker.provisionTopics(agent, kafka, TopicCatalogue.loadDefault());
        PrometheusMeterRegistry registry = MeterRegistries.prometheus(); // served on SWITCHBOARD_MANAGEMENT_PORT (0027)
        LlmGateway gateway = LlmGateway.shared(LlmConfig.from(source), kafka, topics, registry); // the account's limits, shared (0022)
        List<AgentWorker> workers = new ArrayList<>();
        WorkerConfig base = WorkerConfig.from(source);
        for (int i = 0; i < instances; i++) {
            WorkerConfig worker = instances == 1 ? base : WorkerConfig.from(base).instanceId(base.instanceId() + "-" + (i + 1)).build();
            workers.add(AgentWorker.builder(agent).kafka(kafka).topics(topics).gateway(gateway)
                    .worker(worker).meterRegistry(registry).build());
        }
        gateway.close(); // each worker holds the shared gateway until it has drained; the last one gives the share back
        ReadinessChecks readiness = new ReadinessChecks();
        for (int i = 0; i < workers.size(); i++) {
            AgentWorker worker = workers.get(i);
            readiness.add("agent " + name + (instances == 1 ? "" : "-" + (i + 1)), () -> !worker.isStopped());
        }
        Optional<ManagementServer> management = ManagementServer.startIfEnabled(ManagementSettings.from(source), registry, readiness);
        // a worker that stopped on its own (it could not write its outputs) no longer consumes: the runner exits with 1,
        // so whatever supervises this process starts a fresh one, rather than live on without taking tasks
        try {
            return ServiceRunner.of(workers).run(() -> System.out.println("Agent " + name + " is up (" + instances + " worker(s))"));
        } finally {
            management.ifPresent(ManagementServer::close);
        }
    }
}
