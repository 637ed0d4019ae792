package com.example.shout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.agenttest.AgentHarness;
import org.junit.jupiter.api.Test;

class ShoutAgentTest {

    @Test
    void shouldShoutTheFirstLineOffline() throws Exception {
        // Given the agent with its offline model
        AgentHarness<ShoutAgent.Shout> harness = AgentHarness.offline(new ShoutAgent());

        // When it runs on a document
        ShoutAgent.Shout shout = harness.run("Kafka carries the work.\nNobody waits.");

        // Then the first line comes back in capitals, and that is its line in the report
        assertThat(shout.text()).isEqualTo("KAFKA CARRIES THE WORK.");
        assertThat(harness.headline(shout)).contains("Shouted: KAFKA CARRIES THE WORK.");
    }
}
