package dev.switchboard.contracts.topic;

import dev.switchboard.contracts.config.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link TopicCatalogue} to a cluster: creates what is missing, leaves what matches, and
 * refuses (with every disagreement listed) when an existing topic differs from topics.yaml.
 * Idempotent, and safe to run from several processes at once.
 */
public final class TopicProvisioner {
    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;
    private final Duration timeout;

    public TopicProvisioner(Admin admin) {
        this(admin, DEFAULT_TIMEOUT);
    }

    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * The provisioning step of a process, run once before its services are constructed: creates the catalogue's missing
     * topics on the cluster {@code kafka} names and checks the rest ({@link #apply}).
     */
    public static Outcome provision(KafkaSettings kafka, TopicCatalogue catalogue) {
        try (Admin admin = Admin.create(kafka.clientConfig(Map.of()))) {
            return new TopicProvisioner(admin).apply(catalogue);
        }
    }

    /** What {@link #apply} did. */
    public record Outcome(List<String> created, List<String> unchanged) {
    }

    /** Creates missing topics, then checks every topic; throws {@link TopicConfigException} listing each mismatch. */
    public Outcome apply(TopicCatalogue catalogue) {
        List<TopicSpec> specs = catalogue.specs();
        Set<String> existing = call(() -> admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        List<TopicSpec> missing = specs.stream().filter(s -> !existing.contains(s.name())).toList();
        List<String> created = new ArrayList<>();
        // created here, or by another process between our list and our create (services provision side by side):
        // either way this process's next metadata may not show them yet
        List<String> appearing = new ArrayList<>();
        if (!missing.isEmpty()) {
            List<NewTopic> newTopics = missing.stream()
                    .map(s -> new NewTopic(s.name(), s.partitions(), s.replicationFactor()).configs(s.configs()))
                    .toList();
            admin.createTopics(newTopics).values().forEach((name, future) -> {
                try {
                    future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(name);
                    appearing.add(name);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new TopicConfigException("Cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                    }
                    appearing.add(name);
                } catch (TimeoutException e) {
                    throw new TopicConfigException("Creating topic " + name + " did not finish within " + timeout, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TopicConfigException("Interrupted while creating topic " + name, e);
                }
            });
        }
        awaitVisible(appearing);
        List<String> problems = check(catalogue);
        if (!problems.isEmpty()) {
            throw new TopicConfigException("The cluster's topics disagree with topics.yaml:\n  - "
                    + String.join("\n  - ", problems)
                    + "\nChange topics.yaml to match, or fix the topics on the cluster (partitions can only grow).");
        }
        List<String> unchanged = specs.stream().map(TopicSpec::name).filter(n -> !created.contains(n)).toList();
        log.info("Topics provisioned: {} created, {} already as declared", created.size(), unchanged.size());
        return new Outcome(List.copyOf(created), unchanged);
    }

    /**
     * New topics reach every broker's metadata a moment after creation, and each partition's leader takes a moment more
     * to serve it (metadata can name a leader whose log is not open yet: producers then get NOT_LEADER_OR_FOLLOWER, and
     * an idempotent one was seen wedged on OUT_OF_ORDER_SEQUENCE_NUMBER after that). Wait until every new partition's
     * leader answers a ListOffsets, which only the leader's replica manager does.
     */
    private void awaitVisible(List<String> created) {
        if (created.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(created).allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).containsAll(created)) {
                    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                    described.values().forEach(t -> t.partitions().forEach(
                            p -> partitions.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
                    admin.listOffsets(partitions).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                }
            } catch (ExecutionException e) {
                log.debug("New topics not visible yet: {}", e.getCause().toString());
            } catch (TimeoutException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicConfigException("Interrupted while waiting for new topics", e);
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicConfigException("Interrupted while waiting for new topics", e);
            }
        }
        throw new TopicConfigException("Created topics " + created + " did not become visible within " + timeout);
    }

    /** Every way the cluster differs from the catalogue; empty when they agree. Changes nothing. */
    public List<String> check(TopicCatalogue catalogue) {
        List<TopicSpec> specs = catalogue.specs();
        Set<String> existing = call(() -> admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        List<String> problems = new ArrayList<>();
        specs.stream().filter(s -> !existing.contains(s.name()))
                .forEach(s -> problems.add(s.name() + " does not exist"));
        List<TopicSpec> present = specs.stream().filter(s -> existing.contains(s.name())).toList();
        if (present.isEmpty()) {
            return problems;
        }
        Map<String, TopicDescription> descriptions = call(() -> admin.describeTopics(names(present)).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        Map<ConfigResource, Config> configs = call(() -> admin.describeConfigs(present.stream()
                        .map(s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name())).toList()).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        for (TopicSpec spec : present) {
            TopicDescription d = descriptions.get(spec.name());
            int partitions = d.partitions().size();
            if (partitions != spec.partitions()) {
                problems.add(spec.name() + " has " + partitions + " partitions, topics.yaml says " + spec.partitions());
            }
            int replicas = d.partitions().get(0).replicas().size();
            if (replicas < spec.replicationFactor()) {
                problems.add(spec.name() + " has replication factor " + replicas + ", topics.yaml says " + spec.replicationFactor());
            }
            Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            spec.configs().forEach((key, want) -> {
                ConfigEntry entry = actual == null ? null : actual.get(key);
                String have = entry == null ? null : entry.value();
                if (!want.equals(have)) {
                    problems.add(spec.name() + " has " + key + "=" + have + ", topics.yaml says " + want);
                }
            });
        }
        TopicDescription jobs = descriptions.get(catalogue.jobs().name());
        TopicDescription results = descriptions.get(catalogue.results().name());
        if (jobs != null && results != null && jobs.partitions().size() != results.partitions().size()) {
            problems.add(catalogue.jobs().name() + " (" + jobs.partitions().size() + " partitions) and "
                    + catalogue.results().name() + " (" + results.partitions().size()
                    + " partitions) are not co-partitioned; the aggregator cannot join them");
        }
        return problems;
    }

    private static Collection<String> names(List<TopicSpec> specs) {
        return specs.stream().map(TopicSpec::name).collect(Collectors.toCollection(ArrayList::new));
    }

    private interface AdminCall<T> {
        T get() throws Exception;
    }

    private <T> T call(AdminCall<T> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicConfigException("Interrupted while talking to Kafka", e);
        } catch (ExecutionException e) {
            throw new TopicConfigException("Kafka refused a topic request: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new TopicConfigException("Kafka did not answer within " + timeout + "; is it reachable?", e);
        } catch (Exception e) {
            throw new TopicConfigException("Topic request failed: " + e.getMessage(), e);
        }
    }

}
