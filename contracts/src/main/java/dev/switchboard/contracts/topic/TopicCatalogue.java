package dev.switchboard.contracts.topic;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.contracts.message.AgentGraph;
import dev.switchboard.contracts.message.AgentRegistration;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.JsonSerde;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Task;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every Switchboard topic, typed, as declared in {@code topics.yaml}. Immutable: the
 * {@code with*} methods return a new catalogue.
 *
 * <p>Task, retry and dead-letter topic names follow one rule, kept here and nowhere else:
 * {@code switchboard.tasks.<agent>}, {@code switchboard.tasks.<agent>.retry-<delay>},
 * {@code switchboard.tasks.<agent>.dlq}.
 */
public final class TopicCatalogue {
    /** Environment variable naming the topics.yaml to load. */
    public static final String TOPICS_FILE_ENV = "SWITCHBOARD_TOPICS_FILE";
    public static final String DEFAULT_FILE_NAME = "topics.yaml";
    /** The largest record (Kafka's {@code max.message.bytes}) when topics.yaml names none: 2 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
    /** Bytes of a record kept for its key, headers and batch overhead: see {@link #maxValueBytes()}. */
    public static final int RECORD_OVERHEAD_ALLOWANCE = 32 * 1024;
    /** Below this a task with any real document would not fit. */
    public static final int MIN_MAX_MESSAGE_BYTES = 256 * 1024;
    private static final String MAX_MESSAGE_BYTES_CONFIG = "max.message.bytes";
    private static final String TASK_TOPIC_PREFIX = "switchboard.tasks.";
    private static final Pattern AGENT_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Set<String> CORE_TOPICS = Set.of("jobs", "results", "reports", "events", "agents", "llmCalls", "llmQuota",
            "dlqReplays", "submissions", "submissionsDlq");
    /**
     * Topics added after the first release: a topics.yaml written before them (SWITCHBOARD_TOPICS_FILE) still loads, and
     * gets them as declared here.
     */
    private static final Map<String, CatalogueFile.TopicEntry> LATER_TOPICS = Map.of(
            "llmCalls", new CatalogueFile.TopicEntry("switchboard.llm-calls", null, null,
                    Map.of("cleanup.policy", "compact,delete", "retention.ms", "604800000")),
            "llmQuota", new CatalogueFile.TopicEntry("switchboard.llm-quota", 1, null,
                    Map.of("cleanup.policy", "compact", "message.timestamp.type", "LogAppendTime",
                            "segment.ms", "3600000", "min.compaction.lag.ms", "600000")),
            "dlqReplays", new CatalogueFile.TopicEntry("switchboard.dlq-replays", 1, null,
                    Map.of("cleanup.policy", "compact,delete", "retention.ms", "1814400000")),
            "submissions", new CatalogueFile.TopicEntry("switchboard.submissions", null, null,
                    Map.of("retention.ms", "604800000")),
            "submissionsDlq", new CatalogueFile.TopicEntry("switchboard.submissions.dlq", null, null,
                    Map.of("retention.ms", "1209600000")));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Topic<String, JobManifest> jobs;
    private final Topic<String, AgentResult> results;
    private final Topic<String, Report> reports;
    private final Topic<String, JobEvent> events;
    private final Topic<String, AgentRegistration> agents;
    private final Topic<String, byte[]> llmCalls;
    private final Topic<String, byte[]> llmQuota;
    private final Topic<String, byte[]> dlqReplays;
    private final Topic<String, byte[]> submissions;
    private final Topic<String, byte[]> submissionsDlq;
    private final Map<String, AgentTopics> agentTopics;
    private final java.util.Set<String> defaultAgents;
    private final AgentGraph graph;
    private final CatalogueFile.AgentEntry agentDefaults;
    private final int defaultPartitions;
    private final short defaultReplication;
    private final int maxMessageBytes;

    private TopicCatalogue(CatalogueFile file) {
        CatalogueFile.Defaults d = file.defaults() == null ? new CatalogueFile.Defaults(null, null, null) : file.defaults();
        this.defaultPartitions = d.partitions() == null ? 6 : d.partitions();
        this.defaultReplication = d.replicationFactor() == null ? 1 : d.replicationFactor();
        this.maxMessageBytes = d.maxMessageBytes() == null ? DEFAULT_MAX_MESSAGE_BYTES : d.maxMessageBytes();
        if (maxMessageBytes < MIN_MAX_MESSAGE_BYTES) {
            throw new TopicConfigException("topics.yaml: defaults.maxMessageBytes must be at least " + MIN_MAX_MESSAGE_BYTES
                    + ", was " + maxMessageBytes);
        }
        Map<String, CatalogueFile.TopicEntry> topics = new java.util.HashMap<>(LATER_TOPICS);
        if (file.topics() != null) {
            topics.putAll(file.topics());
        }
        Set<String> unknown = new java.util.TreeSet<>(topics.keySet());
        unknown.removeAll(CORE_TOPICS);
        if (!unknown.isEmpty()) {
            throw new TopicConfigException("topics.yaml: unknown entries under topics: " + unknown + "; known are " + new java.util.TreeSet<>(CORE_TOPICS));
        }
        this.jobs = core(topics, "jobs", JobManifest.class);
        this.results = core(topics, "results", AgentResult.class);
        this.reports = core(topics, "reports", Report.class);
        this.events = core(topics, "events", JobEvent.class);
        this.agents = core(topics, "agents", AgentRegistration.class);
        this.llmCalls = raw(topics, "llmCalls");
        this.llmQuota = raw(topics, "llmQuota");
        this.dlqReplays = raw(topics, "dlqReplays");
        this.submissions = raw(topics, "submissions");
        this.submissionsDlq = raw(topics, "submissionsDlq");
        this.agentDefaults = file.agentDefaults() == null
                ? new CatalogueFile.AgentEntry(null, null, List.of("5s", "30s", "5m"), null, null, null, null, null)
                : file.agentDefaults();
        if (agentDefaults.needs() != null && !agentDefaults.needs().isEmpty()) {
            throw new TopicConfigException("topics.yaml: agentDefaults cannot have needs; declare them under the agent that has them");
        }
        Map<String, AgentTopics> byAgent = new LinkedHashMap<>();
        Map<String, CatalogueFile.AgentEntry> declared = file.agents() == null ? Map.of() : file.agents();
        declared.forEach((name, entry) -> byAgent.put(name, agentTopics(name, entry)));
        this.agentTopics = Collections.unmodifiableMap(byAgent);
        java.util.Set<String> defaults = new java.util.LinkedHashSet<>();
        declared.forEach((name, entry) -> {
            if (entry == null || entry.includeByDefault() == null || entry.includeByDefault()) {
                defaults.add(name);
            }
        });
        this.defaultAgents = Collections.unmodifiableSet(defaults);
        this.graph = graph(declared);
        if (jobs.spec().partitions() != results.spec().partitions()) {
            throw new TopicConfigException("topics.yaml: " + jobs.name() + " has " + jobs.spec().partitions()
                    + " partitions and " + results.name() + " has " + results.spec().partitions()
                    + "; they must have the same count so the aggregator can join them (co-partitioning)");
        }
    }

    private TopicCatalogue(TopicCatalogue base, Map<String, AgentTopics> agentTopics) {
        this.jobs = base.jobs;
        this.results = base.results;
        this.reports = base.reports;
        this.events = base.events;
        this.agents = base.agents;
        this.llmCalls = base.llmCalls;
        this.llmQuota = base.llmQuota;
        this.dlqReplays = base.dlqReplays;
        this.submissions = base.submissions;
        this.submissionsDlq = base.submissionsDlq;
        this.agentDefaults = base.agentDefaults;
        this.defaultPartitions = base.defaultPartitions;
        this.defaultReplication = base.defaultReplication;
        this.maxMessageBytes = base.maxMessageBytes;
        this.agentTopics = Collections.unmodifiableMap(new LinkedHashMap<>(agentTopics));
        this.defaultAgents = base.defaultAgents;
        this.graph = base.graph;
    }

    /** The needs of the declared agents; refuses a need of an undeclared agent and a cycle, naming them. */
    private static AgentGraph graph(Map<String, CatalogueFile.AgentEntry> declared) {
        Map<String, List<String>> needs = new LinkedHashMap<>();
        declared.forEach((name, entry) -> {
            List<String> of = entry == null || entry.needs() == null ? List.of() : entry.needs();
            for (String need : of) {
                if (need == null || !declared.containsKey(need)) {
                    throw new TopicConfigException("topics.yaml, agent " + name + ": needs '" + need
                            + "', which is not an agent declared under agents: " + declared.keySet());
                }
            }
            needs.put(name, of);
        });
        try {
            return AgentGraph.of(needs);
        } catch (IllegalArgumentException e) {
            throw new TopicConfigException("topics.yaml: " + e.getMessage(), e);
        }
    }

    /** Parses topics.yaml text. */
    public static TopicCatalogue parse(String yaml) {
        try {
            return new TopicCatalogue(YAML.readValue(yaml, CatalogueFile.class));
        } catch (IOException e) {
            throw new TopicConfigException("topics.yaml is not valid: " + e.getMessage(), e);
        }
    }

    public static TopicCatalogue load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new TopicConfigException("Cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** The topics.yaml bundled with Switchboard (the repository's own). */
    public static TopicCatalogue bundled() {
        try (InputStream in = TopicCatalogue.class.getResourceAsStream(DEFAULT_FILE_NAME)) {
            if (in == null) {
                throw new TopicConfigException("The bundled " + DEFAULT_FILE_NAME + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TopicConfigException("Cannot read the bundled " + DEFAULT_FILE_NAME, e);
        }
    }

    /**
     * The catalogue this process should use: the file named by {@code SWITCHBOARD_TOPICS_FILE}, else
     * {@code ./topics.yaml}, else the bundled one.
     */
    public static TopicCatalogue loadDefault() {
        return loadDefault(System.getenv(TOPICS_FILE_ENV));
    }

    /** Like {@link #loadDefault()}, with the file named elsewhere (Spring's {@code switchboard.topics.file}); {@code null} or blank: none named. */
    public static TopicCatalogue loadDefault(String named) {
        if (named != null && !named.isBlank()) {
            return load(Path.of(named));
        }
        Path local = Path.of(DEFAULT_FILE_NAME);
        return Files.isRegularFile(local) ? load(local) : bundled();
    }

    public Topic<String, JobManifest> jobs() {
        return jobs;
    }

    public Topic<String, AgentResult> results() {
        return results;
    }

    public Topic<String, Report> reports() {
        return reports;
    }

    public Topic<String, JobEvent> events() {
        return events;
    }

    public Topic<String, AgentRegistration> agents() {
        return agents;
    }

    /** The call journal: every completed model call of a task, so a redelivered task replays instead of paying twice. */
    public Topic<String, byte[]> llmCalls() {
        return llmCalls;
    }

    /** Where the gateways of every process agree how one provider account's rate limit is shared out. */
    public Topic<String, byte[]> llmQuota() {
        return llmQuota;
    }

    /** The replay ledger: one record per replayed dead letter, keyed by its ref, so no dead letter is replayed twice. */
    public Topic<String, byte[]> dlqReplays() {
        return dlqReplays;
    }

    /**
     * The Kafka front door: key = the submitter's idempotency key, value = the JSON body of {@code POST /v1/jobs}. The
     * orchestrator turns each record into a job, exactly once (decision 0036).
     */
    public Topic<String, byte[]> submissions() {
        return submissions;
    }

    /** Submissions the orchestrator refused, unchanged, with the validation errors in headers (decision 0036). */
    public Topic<String, byte[]> submissionsDlq() {
        return submissionsDlq;
    }

    /**
     * The topics of an agent type: as declared in topics.yaml, or, for an agent not declared there, the
     * {@code agentDefaults} (with {@code includeByDefault: false}, as {@link #withAgent(String)} gives).
     * Throws {@link TopicConfigException} for a name that cannot be a topic suffix.
     */
    public AgentTopics agent(String name) {
        AgentTopics topics = agentTopics.get(name);
        return topics != null ? topics : withAgent(name).agentTopics.get(name);
    }

    public Optional<AgentTopics> findAgent(String name) {
        return Optional.ofNullable(agentTopics.get(name));
    }

    public Set<String> agentNames() {
        return agentTopics.keySet();
    }

    /** The agents a job gets when it names none: every declared agent without {@code includeByDefault: false}. */
    public Set<String> defaultAgentNames() {
        return defaultAgents;
    }

    /**
     * This catalogue if it declares {@code agent}, else this catalogue plus that agent with the {@code agentDefaults} of
     * topics.yaml: what a process running an agent provisions and uses.
     */
    public TopicCatalogue including(String agent) {
        return agentTopics.containsKey(agent) ? this : withAgent(agent);
    }

    /**
     * Which declared agents need which others' outputs ({@code needs:} in topics.yaml; decision 0030). An agent not
     * declared here needs nothing.
     */
    public AgentGraph graph() {
        return graph;
    }

    /** This catalogue plus one agent type with the agent defaults of topics.yaml. */
    public TopicCatalogue withAgent(String name) {
        return withAgent(name, agentDefaults.retryTiers(), agentDefaults.maxAttempts());
    }

    /** This catalogue plus one agent type with its own retry tiers (labels like {@code 5s}) and attempts. */
    public TopicCatalogue withAgent(String name, List<String> retryTiers, Integer maxAttempts) {
        Map<String, AgentTopics> copy = new LinkedHashMap<>(agentTopics);
        copy.put(name, agentTopics(name, new CatalogueFile.AgentEntry(null, null, retryTiers, maxAttempts, null, null, false, null)));
        return new TopicCatalogue(this, copy);
    }

    /** Every topic spec, core topics first. */
    public List<TopicSpec> specs() {
        List<TopicSpec> specs = new ArrayList<>(List.of(jobs.spec(), results.spec(), reports.spec(), events.spec(), agents.spec(),
                llmCalls.spec(), llmQuota.spec(), dlqReplays.spec(),
                submissions.spec(), submissionsDlq.spec()));
        agentTopics.values().stream().flatMap(AgentTopics::specs).forEach(specs::add);
        return specs;
    }

    private Topic<String, byte[]> raw(Map<String, CatalogueFile.TopicEntry> topics, String key) {
        return new Topic<>(spec(topics, key), Serdes.String(), Serdes.ByteArray());
    }

    private <V> Topic<String, V> core(Map<String, CatalogueFile.TopicEntry> topics, String key, Class<V> type) {
        return new Topic<>(spec(topics, key), Serdes.String(), JsonSerde.of(type));
    }

    private TopicSpec spec(Map<String, CatalogueFile.TopicEntry> topics, String key) {
        CatalogueFile.TopicEntry e = topics.get(key);
        if (e == null || e.name() == null || e.name().isBlank()) {
            throw new TopicConfigException("topics.yaml: 'topics." + key + ".name' is required");
        }
        return new TopicSpec(e.name(), orElse(e.partitions(), defaultPartitions),
                orElse(e.replicationFactor(), defaultReplication), withSizeLimit(e.configs()));
    }

    private AgentTopics agentTopics(String name, CatalogueFile.AgentEntry entry) {
        if (name == null || !AGENT_NAME.matcher(name).matches()) {
            throw new TopicConfigException("Agent name '" + name + "' must be lower-case letters, digits and dashes "
                    + "(it becomes part of topic names)");
        }
        CatalogueFile.AgentEntry e = entry == null ? new CatalogueFile.AgentEntry(null, null, null, null, null, null, null, null) : entry;
        int partitions = orElse(e.partitions(), orElse(agentDefaults.partitions(), defaultPartitions));
        short rf = orElse(e.replicationFactor(), orElse(agentDefaults.replicationFactor(), defaultReplication));
        Map<String, String> configs = withSizeLimit(e.configs() != null ? e.configs() : agentDefaults.configs());
        Map<String, String> dlqConfigs = withSizeLimit(e.deadLetterConfigs() != null ? e.deadLetterConfigs()
                : agentDefaults.deadLetterConfigs());
        List<String> labels = e.retryTiers() != null ? e.retryTiers() : orElse(agentDefaults.retryTiers(), List.of());
        String taskTopic = TASK_TOPIC_PREFIX + name;
        List<RetryTier> tiers = new ArrayList<>();
        for (String label : labels) {
            String clean;
            java.time.Duration delay;
            try {
                clean = label.trim().toLowerCase(java.util.Locale.ROOT);
                delay = RetryTier.parseDelay(clean);
            } catch (IllegalArgumentException ex) {
                throw new TopicConfigException("topics.yaml, agent " + name + ": " + ex.getMessage(), ex);
            }
            TopicSpec spec = new TopicSpec(taskTopic + ".retry-" + clean, partitions, rf, configs);
            tiers.add(new RetryTier(clean, delay, new Topic<>(spec, Serdes.String(), Serdes.ByteArray())));
        }
        if (Stream.iterate(1, i -> i < tiers.size(), i -> i + 1)
                .anyMatch(i -> tiers.get(i).delay().compareTo(tiers.get(i - 1).delay()) < 0)) {
            throw new TopicConfigException("topics.yaml, agent " + name + ": retry tiers must not get shorter, got " + labels);
        }
        int maxAttempts = orElse(e.maxAttempts(), orElse(agentDefaults.maxAttempts(), tiers.size() + 1));
        if (maxAttempts < 1) {
            throw new TopicConfigException("topics.yaml, agent " + name + ": maxAttempts must be at least 1, was " + maxAttempts);
        }
        Topic<String, Task> tasks = new Topic<>(new TopicSpec(taskTopic, partitions, rf, configs), Serdes.String(), JsonSerde.of(Task.class));
        Topic<String, byte[]> dlq = new Topic<>(new TopicSpec(taskTopic + ".dlq", partitions, rf, dlqConfigs), Serdes.String(), Serdes.ByteArray());
        return new AgentTopics(name, tasks, tiers, dlq, maxAttempts);
    }

    /**
     * The largest record any Switchboard topic takes, in bytes ({@code defaults.maxMessageBytes}, applied to every
     * topic as {@code max.message.bytes}). Producers are sized to it and writers check their records against it.
     */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /**
     * The largest record value a writer may produce: {@link #maxMessageBytes()} less room for the key, headers (trace,
     * retry and dead-letter headers) and batch overhead.
     */
    public int maxValueBytes() {
        return maxMessageBytes - RECORD_OVERHEAD_ALLOWANCE;
    }

    /** Producer settings that let a client send any record the topics take, and no larger. */
    public Map<String, Object> producerSizeConfig() {
        return Map.of("max.request.size", maxMessageBytes);
    }

    /** The replication factor of topics that name none; also used for Kafka Streams' internal topics. */
    public short defaultReplicationFactor() {
        return defaultReplication;
    }

    private Map<String, String> withSizeLimit(Map<String, String> configs) {
        Map<String, String> out = new LinkedHashMap<>(configs == null ? Map.of() : configs);
        String declared = out.putIfAbsent(MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes));
        if (declared != null && !declared.equals(Integer.toString(maxMessageBytes))) {
            throw new TopicConfigException("topics.yaml: a topic declares " + MAX_MESSAGE_BYTES_CONFIG + "=" + declared
                    + "; set defaults.maxMessageBytes instead, so every writer checks its records against one limit");
        }
        return out;
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
