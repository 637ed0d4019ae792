package com.example.shout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testkit.SwitchboardUp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent as a user runs it: {@code switchboard up} (embedded Kafka, orchestrator, aggregator), then
 * {@code switchboard agent shout --classpath <this project's jar>}, then a job that asks for {@code shout}.
 */
class ShoutEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldAnswerAJobFromTheAgentsOwnJar() throws Exception {
        // Given Switchboard up, and the shout agent from this project's jar pointed at its broker
        try (SwitchboardUp stack = SwitchboardUp.start(jar("switchboard.jar"))) {
            stack.switchboard("agent", List.of("agent", "shout", "--classpath", jar("agent.jar").toString()),
                    Map.of("SWITCHBOARD_BOOTSTRAP_SERVERS", stack.bootstrapServers(), "SWITCHBOARD_LLM_PROVIDER", "offline"));
            stack.awaitAgent("shout", Duration.ofSeconds(90));

            // When a job asks for shout
            String jobId = stack.submit("{\"document\": \"Kafka carries the work.\\nNobody waits.\", \"agents\": [\"shout\"]}");

            // Then the report holds shout's OK result with its output and its headline
            JsonNode report = JSON.readTree(stack.awaitReport(jobId, Duration.ofSeconds(90)));
            assertThat(report.get("status").asText()).isEqualTo("COMPLETED");
            JsonNode result = report.get("results").get("shout");
            assertThat(result.get("status").asText()).isEqualTo("OK");
            assertThat(result.get("output").get("text").asText()).isEqualTo("KAFKA CARRIES THE WORK.");
            assertThat(report.get("synthesis").toString()).contains("Shouted: KAFKA CARRIES THE WORK.");
        }
    }

    private static Path jar(String property) {
        Path jar = Path.of(System.getProperty(property, "missing -D" + property));
        assertThat(jar).as("-D%s (set by this project's pom)", property).isRegularFile();
        return jar;
    }
}
