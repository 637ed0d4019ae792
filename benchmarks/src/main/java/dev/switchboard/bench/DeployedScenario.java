package dev.switchboard.bench;

import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.testkit.AgentGroups;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.Admin;

/**
 * Scenario 7 (decision 0039): the overhead scenario's job as deployed: the orchestrator and the aggregator from the
 * launcher jar and the three no-op agents, each its own JVM with the options the {@code switchboard} script gives it
 * ({@link ServiceJvm}), on the bench broker. Saturated jobs/s, then latency at half that rate with its
 * {@link StageBreakdown}, the total resident memory of the five processes; and the same job all-in-one
 * ({@link FrontDoorBench}) in the same run, measured the same way, for the ratios.
 */
final class DeployedScenario {
    static final int PARTITIONS = 6;
    /** JVM options every deployed process gets after its own. */
    static final String EXTRA_OPTIONS = "SWITCHBOARD_BENCH_SERVICE_JAVA_OPTS";

    /** One layout's figures. */
    record Layout(double jobsPerSecond, PacedLatency.Result latency) {
    }

    record Result(Layout deployed, Layout allInOne, Map<String, Double> rssMb) {
        double p99Ratio() {
            return deployed.latency().p99() / allInOne.latency().p99();
        }

        double totalRssMb() {
            return rssMb.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private DeployedScenario() {
    }

    static Result run(String bootstrap, Path benchJar, Path launcherJar, boolean quick) throws Exception {
        int jobs = quick ? 1000 : 5000;
        Duration window = Duration.ofSeconds(quick ? 10 : 30);
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
        ExecutorService submitters = Executors.newFixedThreadPool(OverheadScenario.SUBMITTERS);
        try {
            Layout allInOne;
            try (FrontDoorBench bench = FrontDoorBench.start(bootstrap)) {
                FrontDoor door = new HttpFrontDoor(http, bench.stack().baseUrl(), submitters);
                double rate = bench.measure(door, jobs, Duration.ofSeconds(1)).jobsPerSecond();
                allInOne = new Layout(rate, PacedLatency.run(bootstrap, bench.topics(), FrontDoorBench.AGENTS, door, rate / 2, window));
            }
            Map<String, Double> rss = new LinkedHashMap<>();
            Layout deployed = deployed(bootstrap, benchJar, launcherJar, jobs, window, http, submitters, rss);
            return new Result(deployed, allInOne, rss);
        } finally {
            submitters.shutdown();
        }
    }

    private static Layout deployed(String bootstrap, Path benchJar, Path launcherJar, int jobs, Duration window, HttpClient http,
            ExecutorService submitters, Map<String, Double> rss) throws Exception {
        Path dir = Files.createTempDirectory("bench-deployed");
        List<String> agents = FrontDoorBench.AGENTS;
        Path topicsFile = AgentProcesses.writeTopicsFile(dir, PARTITIONS, agents.toArray(String[]::new));
        TopicCatalogue topics = TopicCatalogue.load(topicsFile);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new TopicProvisioner(admin).apply(topics);
        }
        int port = freePort();
        Map<String, String> env = Map.of("SWITCHBOARD_BOOTSTRAP_SERVERS", bootstrap, "SWITCHBOARD_TOPICS_FILE", topicsFile.toString(),
                "SWITCHBOARD_ORCHESTRATOR_PORT", Integer.toString(port),
                "SWITCHBOARD_AGGREGATOR_APPLICATION_ID", "bench-deployed-" + UUID.randomUUID(),
                "SWITCHBOARD_AGGREGATOR_STATE_DIR", Files.createDirectories(dir.resolve("streams")).toString());
        try (AgentProcesses processes = new AgentProcesses(benchJar, "", dir, env)) {
            Map<String, Process> started = new LinkedHashMap<>();
            for (ServiceJvm service : List.of(ServiceJvm.ORCHESTRATOR, ServiceJvm.AGGREGATOR)) {
                started.put(service.command(), processes.startJar(service.command(), options(service, service.command()), launcherJar,
                        service.command()));
            }
            for (String agent : agents) {
                started.put(agent, processes.start(agent, options(ServiceJvm.AGENT, agent), agent, "0"));
            }
            String baseUrl = "http://127.0.0.1:" + port;
            awaitReady(http, baseUrl + "/health/ready", Duration.ofSeconds(120));
            AgentGroups.awaitMembersWithTaskPartitions(bootstrap, agents, 1, Duration.ofSeconds(120));
            FrontDoor door = new HttpFrontDoor(http, baseUrl, submitters);
            Map<String, Long> reported = Kafkas.newSeen();
            double rate;
            try (Kafkas.Watcher watcher = new Kafkas.Watcher(bootstrap, topics.reports().name(), reported::putIfAbsent)) {
                FrontDoorBench.saturate(door, reported, FrontDoorBench.WARMUP_RUNS * jobs); // fresh JVMs: their JIT first
                List<Double> runs = new ArrayList<>();
                for (int i = 0; i < FrontDoorBench.RUNS; i++) {
                    runs.add(FrontDoorBench.saturate(door, reported, jobs));
                }
                rate = Stats.percentile(runs, 50);
            }
            PacedLatency.Result latency = PacedLatency.run(bootstrap, topics, agents, door, rate / 2, window);
            started.forEach((name, p) -> rss.put(name, ScalingScenario.rssMb(p.pid())));
            return new Layout(rate, latency);
        }
    }

    /**
     * The service's shipped options, then {@value #EXTRA_OPTIONS} split at spaces with {@code {service}} replaced by the
     * process's name (to profile them: {@code -XX:StartFlightRecording=filename=/tmp/{service}.jfr,settings=profile}).
     */
    static List<String> options(ServiceJvm service, String name) {
        List<String> options = new ArrayList<>(service.options());
        String extra = System.getenv(EXTRA_OPTIONS);
        if (extra != null && !extra.isBlank()) {
            for (String option : extra.trim().split("\\s+")) {
                options.add(option.replace("{service}", name));
            }
        }
        return options;
    }

    private static void awaitReady(HttpClient http, String url, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(url + " not ready within " + timeout);
            }
            Thread.sleep(250);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
