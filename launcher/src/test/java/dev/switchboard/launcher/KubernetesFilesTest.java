package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.contracts.config.ConfigException;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.lifecycle.ServiceRunner;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicSpec;
import dev.switchboard.core.config.Consumption;
import dev.switchboard.core.config.WorkerConfig;
import dev.switchboard.observability.management.ManagementSettings;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.report.aggregator.AggregatorConfig;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import picocli.CommandLine;

/**
 * The Kubernetes manifests (deploy/kubernetes, decision 0042) checked as data, as {@link DeploymentFilesTest} checks
 * compose: each container runs a real launcher command, sets only settings the code reads, is probed where its process
 * serves, stops within its grace period, runs as the image's non-root user without privileges; each agent scales on its
 * own group's lag up to its task topic's partitions (from topics.yaml); nothing refers to an object that is not there.
 */
class KubernetesFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DIR = ROOT.resolve("deploy/kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "Job");
    private static final Pattern ENV_LINE = Pattern.compile("^#?\\s*([A-Z][A-Z0-9_]*)=(.*)$");
    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([kKmMgG]?)");
    private static final Pattern QUANTITY = Pattern.compile("^(\\d+)(Ki|Mi|Gi|k|M|G)?$");
    private static final String EXAMPLE_SECRETS = "secrets.env.example";
    /** How long a finished Job may stay: the wait before a re-apply with a new image goes through without deleting it. */
    private static final Duration TOPICS_JOB_TTL = Duration.ofMinutes(2);

    /** One container of a workload, with the environment it gets: its ConfigMaps (envFrom), overridden by its env. */
    record Container(String workload, String kind, JsonNode pod, JsonNode spec, Map<String, String> env, CommandLine.ParseResult command) {
        String subcommand() {
            return command.subcommand().commandSpec().name();
        }

        <T> T commandObject(Class<T> type) {
            return type.cast(command.subcommand().commandSpec().userObject());
        }

        ConfigSource settings() {
            return ConfigSource.from(env);
        }

        boolean longRunning() {
            return !kind.equals("Job");
        }

        @Override
        public String toString() {
            return kind + " " + workload + "/" + spec.path("name").asText();
        }
    }

    static List<JsonNode> parse(String yaml) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && doc.has("kind")) {
                    objects.add(doc);
                }
            }
        }
        return objects;
    }

    /** Every object of every manifest the kustomization lists. */
    static List<JsonNode> manifests() throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        for (String file : kustomizationResources()) {
            objects.addAll(parse(Files.readString(DIR.resolve(file))));
        }
        return objects;
    }

    private static JsonNode kustomization() throws IOException {
        return YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
    }

    private static List<String> kustomizationResources() throws IOException {
        List<String> files = new ArrayList<>();
        kustomization().path("resources").forEach(r -> files.add(r.asText()));
        return files;
    }

    private static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static List<Container> containers(List<JsonNode> objects) {
        List<Container> containers = new ArrayList<>();
        for (JsonNode workload : objects) {
            String kind = workload.path("kind").asText();
            if (!WORKLOADS.contains(kind)) {
                continue;
            }
            JsonNode pod = workload.path("spec").path("template").path("spec");
            for (JsonNode c : pod.path("containers")) {
                List<String> args = new ArrayList<>();
                c.path("args").forEach(a -> args.add(a.asText()));
                CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(args.toArray(String[]::new)); // throws on a wrong command or flag
                containers.add(new Container(name(workload), kind, pod, c, environment(objects, c), parsed));
            }
        }
        return containers;
    }

    /** What a container's process sees: ConfigMap keys by envFrom, then its own env; a reference stands as {@code <from ...>}. */
    private static Map<String, String> environment(List<JsonNode> objects, JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String map = from.path("configMapRef").path("name").asText(null);
            ofKind(objects, "ConfigMap").stream().filter(m -> name(m).equals(map))
                    .forEach(m -> m.path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText())));
        }
        for (JsonNode e : container.path("env")) {
            env.put(e.path("name").asText(), e.has("value") ? e.path("value").asText() : "<from " + e.path("valueFrom") + ">");
        }
        return env;
    }

    private static TopicCatalogue catalogue() {
        return TopicCatalogue.load(ROOT.resolve("topics.yaml")); // the file the image carries (Dockerfile: /app/topics.yaml)
    }

    @Test
    void shouldRunOnlyRealLauncherCommands() throws Exception {
        // Given every container of the manifests (containers() parses each one's args with the launcher's picocli Main)
        List<Container> containers = containers(manifests());

        // Then none replaces the image's entrypoint (`command` would drop `java -jar`), and each runs a subcommand
        Set<String> commands = new TreeSet<>();
        for (Container c : containers) {
            assertThat(c.spec().has("command")).as(c + " sets command, which replaces the image's ENTRYPOINT; use args").isFalse();
            assertThat(c.command().hasSubcommand()).as(c + " runs no launcher subcommand").isTrue();
            commands.add(c.subcommand());
        }
        assertThat(commands).containsExactlyInAnyOrder("topics", "orchestrator", "aggregator", "agent");
    }

    @Test
    void shouldSetOnlySettingsTheCodeReads() throws Exception {
        // Given the settings the code reads
        Set<String> known = DeploymentFilesTest.settingsTheCodeReads();

        // When every SWITCHBOARD_* name the manifests and the example secrets set is collected
        Set<String> set = new TreeSet<>();
        for (JsonNode map : ofKind(manifests(), "ConfigMap")) {
            map.path("data").fieldNames().forEachRemaining(set::add);
        }
        for (Container c : containers(manifests())) {
            c.spec().path("env").forEach(e -> set.add(e.path("name").asText()));
        }
        set.addAll(exampleSecrets(true).keySet());

        // Then each one is read somewhere
        Set<String> unread = new TreeSet<>();
        set.stream().filter(n -> n.startsWith(ConfigSource.ENV_PREFIX) && !DeploymentFilesTest.isKnown(n, known)).forEach(unread::add);
        assertThat(set).contains("SWITCHBOARD_BOOTSTRAP_SERVERS", "SWITCHBOARD_MANAGEMENT_PORT", "SWITCHBOARD_API_KEYS");
        assertThat(unread).as("set in deploy/kubernetes, read by no code").isEmpty();
    }

    @Test
    void shouldProbeEachProcessWhereItServes() throws Exception {
        for (Container c : containers(manifests())) {
            if (!c.longRunning()) {
                continue;
            }
            // Given the port the process serves /health on: the orchestrator's API port, else its management port
            int served;
            if (c.subcommand().equals("orchestrator")) {
                Integer port = c.commandObject(OrchestratorCommand.class).port;
                served = port != null ? port : OrchestratorConfig.PORT.read(c.settings());
            } else {
                ManagementSettings management = ManagementSettings.from(c.settings());
                assertThat(management.enabled()).as(c + ": SWITCHBOARD_MANAGEMENT_PORT unset, nothing to probe").isTrue();
                assertThat(management.host()).as(c + ": SWITCHBOARD_MANAGEMENT_HOST (the kubelet probes the pod IP)").isEqualTo("0.0.0.0");
                served = management.port();
            }

            // Then liveness and readiness (and startup, if any) ask the right path on that port
            Map<String, String> paths = Map.of("startupProbe", "/health/live", "livenessProbe", "/health/live", "readinessProbe", "/health/ready");
            assertThat(c.spec().has("livenessProbe") && c.spec().has("readinessProbe")).as(c + " has liveness and readiness probes").isTrue();
            paths.forEach((probe, path) -> {
                JsonNode http = c.spec().path(probe).path("httpGet");
                if (c.spec().has(probe)) {
                    assertThat(http.path("path").asText()).as(c + " " + probe + " path").isEqualTo(path);
                    assertThat(portNumber(c.spec(), http.path("port"))).as(c + " " + probe + " port").isEqualTo(served);
                }
            });
        }
    }

    private static int portNumber(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        return -1;
    }

    /**
     * What is wrong with how the agents scale: each agent workload needs exactly one ScaledObject. A consumer-group
     * agent scales on its group's lag on its task topic, capped at that topic's partitions (more members would idle).
     * A share-group agent is a queue: KEDA's kafka scaler reads consumer-group offsets, which a share group does not
     * have, so a kafka trigger on it is refused and no cap is required.
     */
    static List<String> scalingProblems(List<JsonNode> objects, TopicCatalogue catalogue) {
        List<String> problems = new ArrayList<>();
        for (Container c : containers(objects)) {
            if (!c.longRunning() || !c.subcommand().equals("agent")) {
                continue;
            }
            AgentCommand agent = c.commandObject(AgentCommand.class);
            WorkerConfig worker = WorkerConfig.from(c.settings());
            String group = worker.groupIdFor(agent.name);
            TopicSpec tasks = catalogue.agent(agent.name).tasks().spec();
            List<JsonNode> scalers = ofKind(objects, "ScaledObject").stream()
                    .filter(s -> s.path("spec").path("scaleTargetRef").path("name").asText().equals(c.workload()))
                    .filter(s -> s.path("spec").path("scaleTargetRef").path("kind").asText("Deployment").equals(c.kind())).toList();
            if (scalers.size() != 1) {
                problems.add(c + " has " + scalers.size() + " ScaledObjects, wants 1");
                continue;
            }
            JsonNode spec = scalers.get(0).path("spec");
            List<JsonNode> onGroup = new ArrayList<>();
            spec.path("triggers").forEach(t -> {
                if (t.path("type").asText().equals("kafka") && t.path("metadata").path("consumerGroup").asText().equals(group)) {
                    onGroup.add(t.path("metadata"));
                }
            });
            if (worker.consumption() == Consumption.SHARE) {
                if (!onGroup.isEmpty()) {
                    problems.add(c + " consumes as share group " + group + ": KEDA's kafka scaler reads consumer-group offsets, a share group has none");
                }
                continue;
            }
            if (onGroup.isEmpty()) {
                problems.add(c + " has no kafka trigger on its consumer group " + group);
            }
            for (JsonNode kafka : onGroup) {
                if (!kafka.path("topic").asText().equals(tasks.name())) {
                    problems.add(c + " scales on topic " + kafka.path("topic").asText() + ", wants " + tasks.name());
                }
                if (kafka.path("allowIdleConsumers").asText().equals("true")) {
                    problems.add(c + " allows idle consumers: members beyond " + tasks.partitions() + " partitions would idle");
                }
            }
            int wanted = (tasks.partitions() + agent.instances - 1) / agent.instances; // group members = pods x --instances
            if (spec.path("maxReplicaCount").asInt(-1) != wanted) {
                problems.add(c + " maxReplicaCount " + spec.path("maxReplicaCount") + ", wants " + wanted + " (" + tasks.name() + " has "
                        + tasks.partitions() + " partitions, " + agent.instances + " worker(s) a pod)");
            }
        }
        return problems;
    }

    @Test
    void shouldScaleEveryAgentOnItsGroupLagUpToItsPartitions() throws Exception {
        // Given the manifests and the topic catalogue the image carries
        List<JsonNode> objects = manifests();
        TopicCatalogue catalogue = catalogue();

        // Then every agent a job gets by default runs, and each scales on its own lag, capped at its partitions
        Set<String> agents = new TreeSet<>();
        containers(objects).stream().filter(c -> c.subcommand().equals("agent")).forEach(c -> agents.add(c.commandObject(AgentCommand.class).name));
        assertThat(agents).containsAll(catalogue.defaultAgentNames());
        assertThat(scalingProblems(objects, catalogue)).isEmpty();
    }

    @Test
    void shouldCapAConsumerGroupAtItsPartitionsButNotAShareGroup() throws Exception {
        // Given an agent on a share group scaled by a Prometheus trigger past the partition count, and one on a
        // consumer group capped above it and another share-group agent scaled on a kafka trigger
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %1$s}
                spec:
                  template:
                    spec:
                      containers:
                        - name: agent
                          args: [agent, %2$s]
                          env: [{name: SWITCHBOARD_AGENT_CONSUMPTION, value: %3$s}]
                ---
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: %1$s}
                spec:
                  scaleTargetRef: {name: %1$s}
                  maxReplicaCount: %4$d
                  triggers:
                    - type: %5$s
                      metadata: {topic: switchboard.tasks.%2$s, consumerGroup: switchboard-agent-%2$s, query: sum(switchboard_agent_lag_records)}
                ---
                """;
        String yaml = deployment.formatted("share-ok", "sentiment", "share", 30, "prometheus")
                + deployment.formatted("group-too-many", "entities", "group", 12, "kafka")
                + deployment.formatted("share-on-kafka", "summary", "share", 30, "kafka");

        // When their scaling is checked
        List<String> problems = scalingProblems(parse(yaml), catalogue());

        // Then only the consumer group's cap and the kafka trigger on a share group are problems
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("group-too-many").contains("maxReplicaCount 12, wants 6");
        assertThat(problems.get(1)).contains("share-on-kafka").contains("share group");
    }

    @Test
    void shouldGiveEveryStopMoreTimeThanItMayTake() throws Exception {
        for (Container c : containers(manifests())) {
            if (!c.longRunning()) {
                continue;
            }
            // Given how long the process may take to stop: the runner's close bound, an agent's drain plus its margin
            Duration bound = ServiceRunner.DEFAULT_CLOSE_TIMEOUT;
            if (c.subcommand().equals("agent")) {
                Duration drain = WorkerConfig.from(c.settings()).drainTimeout().plus(ServiceRunner.CLOSE_MARGIN);
                bound = drain.compareTo(bound) > 0 ? drain : bound;
            }

            // Then the kubelet waits longer before SIGKILL (default 30 s when unset)
            long grace = c.pod().path("terminationGracePeriodSeconds").asLong(30);
            assertThat(grace).as(c + " terminationGracePeriodSeconds vs. its stop of up to " + bound.toSeconds() + " s")
                    .isGreaterThan(bound.toSeconds());
        }
    }

    @Test
    void shouldRunEveryPodAsTheImageUserWithoutPrivileges() throws Exception {
        // Given the image's user (the Dockerfile's last USER, numeric)
        String imageUser = null;
        for (String line : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
            if (line.trim().toUpperCase().startsWith("USER ")) {
                imageUser = line.trim().substring(5).trim().split(":")[0];
            }
        }

        // When each container's effective security context is read (the container's own over the pod's)
        List<String> violations = new ArrayList<>();
        for (Container c : containers(manifests())) {
            expect(violations, c, "runAsNonRoot", "true");
            expect(violations, c, "runAsUser", imageUser);
            expect(violations, c, "allowPrivilegeEscalation", "false");
            expect(violations, c, "readOnlyRootFilesystem", "true");
            expect(violations, c, "seccompProfile.type", "RuntimeDefault");
            List<String> dropped = new ArrayList<>();
            c.spec().path("securityContext").path("capabilities").path("drop").forEach(d -> dropped.add(d.asText()));
            if (!dropped.contains("ALL")) {
                violations.add(c + " does not drop ALL capabilities");
            }
            if (!writableTmp(c)) {
                violations.add(c + " has a read-only root and no emptyDir on /tmp (the JVM and RocksDB write there)");
            }
        }

        // Then none runs as root, escalates, writes its image or keeps a capability
        assertThat(violations).isEmpty();
    }

    private static void expect(List<String> violations, Container c, String path, String wanted) {
        JsonNode value = c.spec().path("securityContext");
        JsonNode fallback = c.pod().path("securityContext");
        for (String part : path.split("\\.")) {
            value = value.path(part);
            fallback = fallback.path(part);
        }
        String effective = value.isMissingNode() ? fallback.asText(null) : value.asText();
        if (!wanted.equals(effective)) {
            violations.add(c + " securityContext." + path + " is " + effective + ", wants " + wanted);
        }
    }

    private static boolean writableTmp(Container c) {
        for (JsonNode mount : c.spec().path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals("/tmp")) {
                for (JsonNode volume : c.pod().path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText()) && volume.has("emptyDir")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    void shouldKeepEachOrchestratorsIdAndTheAggregatorsStateAcrossRestarts() throws Exception {
        List<JsonNode> objects = manifests();
        for (Container c : containers(objects)) {
            if (c.subcommand().equals("orchestrator")) {
                // a StatefulSet's pod name is stable per replica and held by one pod at a time: a restart fences its predecessor
                assertThat(c.kind()).as(c.toString()).isEqualTo("StatefulSet");
                String id = c.env().get("SWITCHBOARD_ORCHESTRATOR_INSTANCE_ID");
                assertThat(id).as(c + " SWITCHBOARD_ORCHESTRATOR_INSTANCE_ID from the pod name").contains("\"fieldPath\":\"metadata.name\"");
            }
            if (c.subcommand().equals("aggregator")) {
                // Kafka Streams' state on a volume of this replica's own, kept across restarts
                String stateDir = AggregatorConfig.STATE_DIR.read(c.settings());
                assertThat(c.kind()).as(c.toString()).isEqualTo("StatefulSet");
                assertThat(stateDir).as(c + " SWITCHBOARD_AGGREGATOR_STATE_DIR").isNotNull();
                JsonNode workload = ofKind(objects, "StatefulSet").stream().filter(s -> name(s).equals(c.workload())).findFirst().orElseThrow();
                Set<String> claims = new TreeSet<>();
                workload.path("spec").path("volumeClaimTemplates").forEach(t -> claims.add(name(t)));
                boolean persistent = false;
                for (JsonNode mount : c.spec().path("volumeMounts")) {
                    persistent |= claims.contains(mount.path("name").asText())
                            && Path.of(stateDir).startsWith(Path.of(mount.path("mountPath").asText()));
                }
                assertThat(persistent).as(c + ": " + stateDir + " on a volumeClaimTemplate").isTrue();
            }
        }
    }

    @Test
    void shouldReferOnlyToObjectsTheManifestsDefine() throws Exception {
        // Given the objects defined: manifests, and the kustomization's generators
        List<JsonNode> objects = manifests();
        Set<String> configMaps = new TreeSet<>();
        Set<String> secrets = new TreeSet<>();
        ofKind(objects, "ConfigMap").forEach(m -> configMaps.add(name(m)));
        ofKind(objects, "Secret").forEach(s -> secrets.add(name(s)));
        kustomization().path("configMapGenerator").forEach(g -> configMaps.add(g.path("name").asText()));
        kustomization().path("secretGenerator").forEach(g -> secrets.add(g.path("name").asText()));
        Map<String, String> secretKeys = exampleSecrets(true);

        // Then every reference names one of them (and a secret key the example documents)
        List<String> dangling = new ArrayList<>();
        for (JsonNode object : objects) {
            for (JsonNode ref : object.findValues("configMapRef")) {
                check(dangling, object, "ConfigMap", ref.path("name").asText(), configMaps);
            }
            for (JsonNode ref : object.findValues("configMapKeyRef")) {
                check(dangling, object, "ConfigMap", ref.path("name").asText(), configMaps);
            }
            for (JsonNode ref : object.findValues("secretRef")) {
                check(dangling, object, "Secret", ref.path("name").asText(), secrets);
            }
            for (JsonNode ref : object.findValues("secretKeyRef")) {
                check(dangling, object, "Secret", ref.path("name").asText(), secrets);
                if (!secretKeys.containsKey(ref.path("key").asText())) {
                    dangling.add(name(object) + " reads secret key " + ref.path("key").asText() + ", which " + EXAMPLE_SECRETS + " does not name");
                }
            }
            String serviceName = object.path("spec").path("serviceName").asText(null);
            if (object.path("kind").asText().equals("StatefulSet")
                    && ofKind(objects, "Service").stream().noneMatch(s -> name(s).equals(serviceName) && s.path("spec").path("clusterIP").asText().equals("None"))) {
                dangling.add(name(object) + " names serviceName " + serviceName + ", which is no headless Service here");
            }
        }
        assertThat(dangling).isEmpty();
    }

    private static void check(List<String> dangling, JsonNode object, String kind, String name, Set<String> defined) {
        if (!defined.contains(name)) {
            dangling.add(name(object) + " refers to " + kind + " " + name + ", which the manifests do not define");
        }
    }

    /**
     * What a JVM takes beyond its heap, at the least: metaspace (~60-100 MB for the launcher's classes), the code cache
     * (up to 240 MB reserved, ~30-60 MB used), thread stacks (1 MB each reserved, the orchestrator and the Kafka clients
     * run dozens), GC structures and the direct buffers of Jetty and the Kafka clients. A limit of -Xmx plus a byte gets
     * a full heap OOM-killed.
     */
    static final long JVM_NON_HEAP = 256L << 20;

    /** Memory a process takes outside the JVM's own: the aggregator's RocksDB stores, bounded by their shared cache. */
    private static long offHeap(Container c) {
        return c.subcommand().equals("aggregator") ? AggregatorConfig.from(c.settings()).rocksDbMemory() : 0;
    }

    @Test
    void shouldRequestResourcesForEveryContainerAboveItsHeap() throws Exception {
        for (Container c : containers(manifests())) {
            JsonNode resources = c.spec().path("resources");
            assertThat(resources.path("requests").has("cpu") && resources.path("requests").has("memory")).as(c + " requests cpu and memory").isTrue();
            long request = bytes(resources.path("requests").path("memory").asText());
            long limit = bytes(resources.path("limits").path("memory").asText());
            assertThat(limit).as(c + " memory limit").isGreaterThanOrEqualTo(request);
            Matcher xmx = XMX.matcher(c.env().getOrDefault("JAVA_TOOL_OPTIONS", ""));
            assertThat(xmx.find()).as(c + " caps its heap in JAVA_TOOL_OPTIONS (else 75 %% of the limit, decision 0039)").isTrue();
            long heap = Long.parseLong(xmx.group(1)) << switch (xmx.group(2).toLowerCase()) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                default -> 0;
            };
            long needed = heap + JVM_NON_HEAP + offHeap(c);
            assertThat(limit).as(c + " memory limit vs. -Xmx " + (heap >> 20) + " MiB + " + (JVM_NON_HEAP >> 20)
                    + " MiB beyond the heap + " + (offHeap(c) >> 20) + " MiB RocksDB").isGreaterThanOrEqualTo(needed);
        }
    }

    private static long bytes(String quantity) {
        Matcher m = QUANTITY.matcher(quantity);
        assertThat(m.matches()).as("memory quantity " + quantity).isTrue();
        int shift = switch (m.group(2) == null ? "" : m.group(2)) {
            case "Ki" -> 10;
            case "Mi" -> 20;
            case "Gi" -> 30;
            default -> 0;
        };
        long decimal = switch (m.group(2) == null ? "" : m.group(2)) {
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            default -> 1L;
        };
        return (Long.parseLong(m.group(1)) << shift) * decimal;
    }

    /** The root pom's own {@code <version>}: the project version the image is built from. */
    static String projectVersion() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile()).getDocumentElement();
        for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("version")) {
                return e.getTextContent().trim();
            }
        }
        throw new IllegalStateException("the root pom.xml has no <version>");
    }

    @Test
    void shouldPinTheImageToTheProjectVersionNeverLatest() throws Exception {
        // Given the kustomization's image and the project version
        List<JsonNode> images = new ArrayList<>();
        kustomization().path("images").forEach(images::add);
        String version = projectVersion();

        // Then the one image every container names is tagged with that version: `latest` with IfNotPresent would run
        // whichever build each node pulled first
        assertThat(images).hasSize(1);
        String tag = images.get(0).path("newTag").asText("");
        assertThat(tag).as("newTag of image switchboard").isNotEqualTo("latest").isEqualTo(version);
        assertThat(containers(manifests())).allSatisfy(c -> assertThat(c.spec().path("image").asText()).isEqualTo(images.get(0).path("name").asText()));
    }

    @Test
    void shouldDeleteTheTopicsJobSoonAfterItFinishesAndTellHowToReapplyBefore() throws Exception {
        // Given the Jobs (a Job's pod template is immutable: an apply with a new image fails while the old Job exists)
        List<JsonNode> jobs = ofKind(manifests(), "Job");
        assertThat(jobs).isNotEmpty();

        // Then each is deleted within TOPICS_JOB_TTL of finishing, and the README says to delete it before an apply inside that
        for (JsonNode job : jobs) {
            assertThat(job.path("spec").path("ttlSecondsAfterFinished").asLong(Long.MAX_VALUE)).as(name(job) + " ttlSecondsAfterFinished")
                    .isLessThanOrEqualTo(TOPICS_JOB_TTL.toSeconds());
            assertThat(Files.readString(ROOT.resolve("README.md"))).contains("kubectl delete job " + name(job) + " --ignore-not-found");
        }
    }

    @Test
    void shouldListEveryManifestInTheKustomization() throws Exception {
        // Given the manifest files of the directory
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(DIR)) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .filter(n -> !n.equals("kustomization.yaml")).forEach(files::add);
        }

        // Then the kustomization applies each one, and each generator's file is there or gitignored beside its example
        assertThat(new TreeSet<>(kustomizationResources())).isEqualTo(files);
        String gitignore = Files.exists(DIR.resolve(".gitignore")) ? Files.readString(DIR.resolve(".gitignore")) : "";
        for (JsonNode generator : kustomization().path("secretGenerator")) {
            for (JsonNode env : generator.path("envs")) {
                assertThat(gitignore.lines().map(String::trim)).as(env.asText() + " holds real keys: gitignored").contains(env.asText());
                assertThat(DIR.resolve(env.asText() + ".example")).as("the example of " + env.asText()).exists();
            }
        }
    }

    /** The example secrets file's entries; {@code withCommented}: also the optional ones shown commented out. */
    private static Map<String, String> exampleSecrets(boolean withCommented) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DIR.resolve(EXAMPLE_SECRETS))) {
            Matcher m = ENV_LINE.matcher(line.trim());
            if (m.matches() && (withCommented || !line.trim().startsWith("#"))) {
                entries.put(m.group(1), m.group(2));
            }
        }
        return entries;
    }

    @Test
    void shouldShipNoUsableSecret() throws Exception {
        // Given the manifests and the example secrets
        assertThat(ofKind(manifests(), "Secret")).as("Secret objects with values in the manifests").isEmpty();
        Map<String, String> shipped = exampleSecrets(false);
        assertThat(shipped).containsKeys("SWITCHBOARD_API_KEYS", "SWITCHBOARD_CALLBACK_SECRET");

        // When the orchestrator is configured with each shipped value, Then it refuses to start, naming the variable
        shipped.forEach((variable, value) -> assertThatThrownBy(() -> OrchestratorConfig.from(ConfigSource.from(Map.of(variable, value))))
                .as(variable + "=" + value + " in " + EXAMPLE_SECRETS + " would be a working credential")
                .isInstanceOf(ConfigException.class).hasMessageContaining(variable));
    }

    @Test
    void shouldRenderWithKubectlKustomize(@TempDir Path dir) throws Exception {
        // Given kubectl (optional here: the other checks read the files as data) and a copy with secrets.env made
        Path kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(p -> Path.of(p, "kubectl")).filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(kubectl != null, "kubectl is not installed");
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.copy(DIR.resolve(EXAMPLE_SECRETS), dir.resolve("secrets.env"));

        // When kustomize renders it
        Path out = dir.resolve("rendered.yaml");
        Process render = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(render.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
        assertThat(render.exitValue()).as(Files.readString(out)).isZero();

        // Then the generated Secret's hashed name is the one every reference uses, and the image is the Dockerfile's
        List<JsonNode> rendered = parse(Files.readString(out));
        List<JsonNode> secrets = ofKind(rendered, "Secret");
        assertThat(secrets).hasSize(1);
        Set<String> referenced = new TreeSet<>();
        rendered.forEach(o -> o.findValues("secretKeyRef").forEach(r -> referenced.add(r.path("name").asText())));
        assertThat(referenced).containsExactly(name(secrets.get(0)));
        assertThat(containers(rendered)).allSatisfy(c -> assertThat(c.spec().path("image").asText()).startsWith("switchboard:"));
        assertThat(rendered.stream().filter(o -> !o.path("metadata").path("labels").has("app.kubernetes.io/part-of")).map(KubernetesFilesTest::name).toList())
                .as("objects without the part-of label").isEmpty();
    }
}
