package dev.switchboard.orchestrator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.SteppingClock;
import dev.switchboard.testkit.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The orchestrator's {@code topics} readiness on a real broker: a missing topic or broken co-partitioning is down, drift is not. */
@KafkaTest
class TopicsReadinessIT {
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-01-01T00:00:00Z"));
    private Admin admin;
    private TopicCatalogue topics;
    private TopicsReadiness readiness;

    /** A catalogue of this test's own topics (the broker is shared with other test classes), one partition each. */
    private static TopicCatalogue ownTopics() {
        String p = "readiness-" + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder yaml = new StringBuilder("defaults: {partitions: 1}\ntopics:\n");
        for (String topic : List.of("jobs", "results", "reports", "events", "agents", "llmCalls", "llmQuota", "dlqReplays",
                "submissions", "submissionsDlq")) {
            yaml.append("  ").append(topic).append(": {name: ").append(p).append('.').append(topic)
                    .append(", configs: {retention.ms: \"604800000\"}}\n");
        }
        return TopicCatalogue.parse(yaml.toString());
    }

    @BeforeEach
    void provision(TestKafka kafka) {
        topics = ownTopics();
        TopicProvisioner.provision(KafkaSettings.of(kafka.bootstrapServers()), topics);
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        readiness = new TopicsReadiness(admin, topics, clock, TTL, TopicsReadiness.DEFAULT_TIMEOUT);
    }

    @AfterEach
    void close() {
        admin.close();
    }

    /** Asks again after the cached answer expires until {@code up} is seen (the broker applies admin changes a moment later). */
    private void awaitReadiness(boolean up) {
        await().atMost(WAIT).until(() -> {
            clock.advance(TTL);
            return readiness.getAsBoolean() == up;
        });
    }

    @Test
    void shouldStayReadyAndReportTheDriftWhenAnOperatorChangesATopicConfigOrGrowsATaskTopic() throws Exception {
        // Given a ready orchestrator
        assertThat(readiness.getAsBoolean()).isTrue();
        assertThat(readiness.drift()).isEmpty();

        // When an operator changes a topic's retention and grows another topic's partitions
        String events = topics.events().name();
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, events),
                List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "86400000"), AlterConfigOp.OpType.SET)))).all().get();
        admin.createPartitions(Map.of(topics.reports().name(), NewPartitions.increaseTo(2))).all().get();

        // Then it stays ready, and reports both differences as drift (logged at WARN when they change)
        await().atMost(WAIT).until(() -> {
            clock.advance(TTL);
            return readiness.getAsBoolean() && readiness.drift().size() == 2;
        });
        assertThat(readiness.drift()).anySatisfy(d -> assertThat(d).contains(events, "retention.ms=86400000"))
                .anySatisfy(d -> assertThat(d).contains(topics.reports().name(), "2 partitions"));
    }

    @Test
    void shouldTurnUnreadyWhenATopicIsDeletedOnlyOnceTheCachedAnswerExpires() throws Exception {
        // Given a ready orchestrator
        assertThat(readiness.getAsBoolean()).isTrue();

        // When one of its topics is deleted (and the broker no longer lists it)
        String events = topics.events().name();
        admin.deleteTopics(List.of(events)).all().get();
        await().atMost(WAIT).until(() -> !admin.listTopics().names().get().contains(events));

        // Then the cached answer holds until its time is up, and after that the orchestrator is not ready
        assertThat(readiness.getAsBoolean()).as("cached for " + TTL).isTrue();
        clock.advance(TTL);
        assertThat(readiness.getAsBoolean()).isFalse();
    }

    @Test
    void shouldTurnUnreadyWhenJobsAndResultsAreNoLongerCoPartitioned() throws Exception {
        // Given a ready orchestrator
        assertThat(readiness.getAsBoolean()).isTrue();

        // When switchboard.results grows and switchboard.jobs does not (the aggregator cannot join them any more)
        admin.createPartitions(Map.of(topics.results().name(), NewPartitions.increaseTo(2))).all().get();

        // Then it is not ready
        awaitReadiness(false);
    }
}
