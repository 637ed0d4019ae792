package dev.switchboard.contracts.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {
    /** A topics.yaml with the first release's core topics and nothing else. */
    private static final String CORE_TOPICS_ONLY = """
                topics:
                  jobs: {name: switchboard.jobs}
                  results: {name: switchboard.results}
                  reports: {name: switchboard.reports}
                  events: {name: switchboard.events}
                  agents: {name: switchboard.agents}
                """;

    @Test
    void shouldDeclareEveryTopicOfTheArchitectureInTheRepositoryFile() {
        TopicCatalogue catalogue = TopicCatalogue.load(Path.of("..", "topics.yaml"));

        assertThat(catalogue.jobs().name()).isEqualTo("switchboard.jobs");
        assertThat(catalogue.results().name()).isEqualTo("switchboard.results");
        assertThat(catalogue.reports().name()).isEqualTo("switchboard.reports");
        assertThat(catalogue.events().name()).isEqualTo("switchboard.events");
        assertThat(catalogue.agents().name()).isEqualTo("switchboard.agents");
        assertThat(catalogue.reports().spec().configs()).containsEntry("cleanup.policy", "compact,delete")
                .containsEntry("retention.ms", catalogue.jobs().spec().configs().get("retention.ms"));
        assertThat(catalogue.agents().spec().configs()).containsEntry("cleanup.policy", "compact");
        assertThat(catalogue.agentNames()).containsExactly("sentiment", "entities", "summary", "synthesis", "keywords");
        assertThat(catalogue.defaultAgentNames()).containsExactly("sentiment", "entities", "summary", "synthesis");
        assertThat(catalogue.graph().needs("synthesis")).containsExactly("sentiment", "entities", "summary");

        AgentTopics sentiment = catalogue.agent("sentiment");
        assertThat(sentiment.tasks().name()).isEqualTo("switchboard.tasks.sentiment");
        assertThat(sentiment.deadLetters().name()).isEqualTo("switchboard.tasks.sentiment.dlq");
        assertThat(sentiment.retryTiers()).extracting(t -> t.topic().name()).containsExactly(
                "switchboard.tasks.sentiment.retry-5s", "switchboard.tasks.sentiment.retry-30s", "switchboard.tasks.sentiment.retry-5m");
        assertThat(sentiment.retryTiers()).extracting(RetryTier::delay).containsExactly(
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(5));
        assertThat(sentiment.maxAttempts()).isEqualTo(4);
    }

    @Test
    void shouldDeclareTheReplayLedgerAndGiveItToATopicsFileWrittenBeforeIt() {
        // Given the repository's file, and a file written before the replay ledger existed
        TopicCatalogue current = TopicCatalogue.load(Path.of("..", "topics.yaml"));
        TopicCatalogue older = TopicCatalogue.parse(CORE_TOPICS_ONLY);

        // Then both have it: one compacted partition keyed by dead-letter ref, deleted after 21 days, provisioned with the rest
        for (TopicCatalogue catalogue : List.of(current, older)) {
            assertThat(catalogue.dlqReplays().name()).isEqualTo("switchboard.dlq-replays");
            assertThat(catalogue.dlqReplays().spec().partitions()).isEqualTo(1);
            assertThat(catalogue.dlqReplays().spec().configs()).containsEntry("cleanup.policy", "compact,delete")
                    .containsEntry("retention.ms", "1814400000"); // outlives the 14 days a dead letter is kept
            assertThat(catalogue.specs()).contains(catalogue.dlqReplays().spec());
        }
    }

    @Test
    void shouldApplyOneRecordSizeLimitToEveryTopic() {
        // Given the repository's topics.yaml (defaults.maxMessageBytes: 2 MiB)
        TopicCatalogue catalogue = TopicCatalogue.load(Path.of("..", "topics.yaml")).withAgent("extra");

        // Then every topic, also retry tiers, dead letters and an agent added later, carries it as max.message.bytes
        assertThat(catalogue.maxMessageBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(catalogue.specs()).allSatisfy(spec ->
                assertThat(spec.configs()).as(spec.name()).containsEntry("max.message.bytes", "2097152"));
        assertThat(catalogue.maxValueBytes()).isEqualTo(2 * 1024 * 1024 - TopicCatalogue.RECORD_OVERHEAD_ALLOWANCE);
        assertThat(catalogue.producerSizeConfig()).containsEntry("max.request.size", 2 * 1024 * 1024);
    }

    @Test
    void shouldRefuseATopicThatDeclaresItsOwnRecordSizeLimitOrALimitTooSmallForATask() {
        String base = "topics: {jobs: {name: j}, results: {name: r}, reports: {name: p}, events: {name: e}, agents: {name: a}}\n";
        assertThatThrownBy(() -> TopicCatalogue.parse(base.replace("{name: r}", "{name: r, configs: {max.message.bytes: \"999999\"}}")))
                .isInstanceOf(TopicConfigException.class).hasMessageContaining("defaults.maxMessageBytes");
        assertThatThrownBy(() -> TopicCatalogue.parse("defaults: {maxMessageBytes: 1000}\n" + base))
                .isInstanceOf(TopicConfigException.class).hasMessageContaining("at least");
        assertThat(TopicCatalogue.parse(base).maxMessageBytes()).isEqualTo(TopicCatalogue.DEFAULT_MAX_MESSAGE_BYTES);
    }

    @Test
    void shouldBundleTheSameFileInTheJar() {
        TopicCatalogue bundled = TopicCatalogue.bundled();
        TopicCatalogue file = TopicCatalogue.load(Path.of("..", "topics.yaml"));
        assertThat(bundled.specs()).isEqualTo(file.specs());
    }

    @Test
    void shouldPickTheTierByFailedAttemptAndStopAtMaxAttempts() {
        AgentTopics topics = TopicCatalogue.bundled().agent("summary");
        assertThat(topics.tierAfter(1)).map(RetryTier::label).contains("5s");
        assertThat(topics.tierAfter(2)).map(RetryTier::label).contains("30s");
        assertThat(topics.tierAfter(3)).map(RetryTier::label).contains("5m");
        assertThat(topics.tierAfter(4)).isEmpty();
    }

    @Test
    void shouldRejectJobsAndResultsThatAreNotCoPartitioned() {
        String yaml = """
                topics:
                  jobs: {name: switchboard.jobs, partitions: 6}
                  results: {name: switchboard.results, partitions: 3}
                  reports: {name: switchboard.reports}
                  events: {name: switchboard.events}
                  agents: {name: switchboard.agents}
                """;
        assertThatThrownBy(() -> TopicCatalogue.parse(yaml))
                .isInstanceOf(TopicConfigException.class)
                .hasMessageContaining("co-partitioning");
    }

    @Test
    void shouldExplainBadTiersAndBadNames() {
        TopicCatalogue catalogue = TopicCatalogue.bundled();
        assertThatThrownBy(() -> catalogue.agent("Bad Name"))
                .isInstanceOf(TopicConfigException.class).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> catalogue.withAgent("x", List.of("soon"), 2))
                .hasMessageContaining("not a delay");
        assertThatThrownBy(() -> catalogue.withAgent("x", List.of("30s", "5s"), 3))
                .hasMessageContaining("must not get shorter");
        assertThatThrownBy(() -> catalogue.withAgent("Bad Name"))
                .hasMessageContaining("lower-case");
    }

    @Test
    void shouldGiveAnUndeclaredAgentTheAgentDefaults() {
        // Given the repository's topics.yaml, which does not declare "translate"
        TopicCatalogue catalogue = TopicCatalogue.bundled();

        // When its topics are asked for
        AgentTopics translate = catalogue.agent("translate");

        // Then they are the agentDefaults' (the tiers of an agent declared with none of its own), and it is not a default agent
        assertThat(translate.tasks().name()).isEqualTo("switchboard.tasks.translate");
        assertThat(translate.retryTiers()).extracting(RetryTier::label).containsExactly("5s", "30s", "5m");
        assertThat(translate.tierAfter(4)).isEmpty();
        assertThat(catalogue.defaultAgentNames()).doesNotContain("translate");
        assertThat(catalogue.findAgent("translate")).isEmpty();
    }

    @Test
    void shouldAddAgentsWithoutChangingTheOriginal() {
        TopicCatalogue base = TopicCatalogue.bundled();
        TopicCatalogue more = base.withAgent("translate", List.of("200ms"), 2);
        assertThat(more.agent("translate").retryTiers()).extracting(RetryTier::label).containsExactly("200ms");
        assertThat(base.findAgent("translate")).isEmpty();
        assertThat(more.defaultAgentNames()).doesNotContain("translate");
    }

    @Test
    void shouldRefuseNeedsOfUnknownAgentsAndCyclesWhenTheCatalogueLoads() {
        String base = CORE_TOPICS_ONLY;

        assertThatThrownBy(() -> TopicCatalogue.parse(base + """
                agents:
                  summary: {}
                  synthesis: {needs: [summary, sentimnt]}
                """)).isInstanceOf(TopicConfigException.class).hasMessageContaining("agent synthesis: needs 'sentimnt'");
        assertThatThrownBy(() -> TopicCatalogue.parse(base + """
                agents:
                  translate: {needs: [verify]}
                  verify: {needs: [translate]}
                """)).isInstanceOf(TopicConfigException.class).hasMessageContaining("cycle: translate \u2192 verify \u2192 translate");
        assertThatThrownBy(() -> TopicCatalogue.parse(base + """
                agentDefaults: {needs: [summary]}
                agents:
                  summary: {}
                """)).isInstanceOf(TopicConfigException.class).hasMessageContaining("agentDefaults cannot have needs");
    }
}
