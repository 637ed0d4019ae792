package dev.switchboard.contracts.topic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/** The shape of topics.yaml, as Jackson reads it. */
@JsonIgnoreProperties(ignoreUnknown = false)
record CatalogueFile(Defaults defaults, Map<String, TopicEntry> topics, AgentEntry agentDefaults,
                     Map<String, AgentEntry> agents) {

    record Defaults(Integer partitions, Short replicationFactor, Integer maxMessageBytes) {
    }

    record TopicEntry(String name, Integer partitions, Short replicationFactor, Map<String, String> configs) {
    }

    record AgentEntry(Integer partitions, Short replicationFactor, List<String> retryTiers, Integer maxAttempts,
                      Map<String, String> configs, Map<String, String> deadLetterConfigs, Boolean includeByDefault,
                      List<String> needs) {
    }
}
