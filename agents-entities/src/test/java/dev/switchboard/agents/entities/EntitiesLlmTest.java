package dev.switchboard.agents.entities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.agenttest.AgentHarness;
import dev.switchboard.agenttest.ScriptedModels;
import dev.switchboard.core.NonRetriableTaskException;
import dev.switchboard.fakes.ScriptedOpenAiServer;
import dev.switchboard.fakes.ScriptedOpenAiServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EntitiesLlmTest {
    private final ScriptedOpenAiServer server = ScriptedOpenAiServer.start();
    private final AgentHarness<Entities> agent = AgentHarness.with(new EntitiesAgent(), ScriptedModels.gateway(server));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldAskForTypedEntitiesAndParseThem() throws Exception {
        server.enqueue(Reply.content("{\"entities\": [{\"text\": \"Ada Lovelace\", \"type\": \"PERSON\", \"mentions\": 2},"
                + " {\"text\": \"London\", \"type\": \"location\", \"mentions\": 1}]}"));

        Entities e = agent.run("Ada Lovelace lived in London. Lovelace wrote the first program.");

        assertThat(e.entities()).containsExactly(new Entities.Entity("Ada Lovelace", Entities.Type.PERSON, 2),
                new Entities.Entity("London", Entities.Type.LOCATION, 1));
        assertThat(server.requests().get(0).systemMessage()).contains("PERSON, ORGANIZATION, LOCATION, DATE, MONEY, PERCENT")
                .contains("\"type\":\"person|organization|location|date|money|percent|misc\"");
    }

    @Test
    void shouldRejectAnUnknownEntityTypeAfterOneRepair() {
        server.enqueue(Reply.content("{\"entities\": [{\"text\": \"x\", \"type\": \"ANIMAL\", \"mentions\": 1}]}"),
                Reply.content("{\"entities\": [{\"text\": \"\", \"type\": \"PERSON\", \"mentions\": 1}]}"));
        assertThatThrownBy(() -> agent.run("A cat.")).isInstanceOf(NonRetriableTaskException.class);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void shouldMergeEntitiesFromEveryChunkOfALongDocument() throws Exception {
        server.otherwise(r -> Reply.content("{\"entities\": [{\"text\": \"Acme\", \"type\": \"ORGANIZATION\", \"mentions\": 2}]}"));
        Entities e = agent.run("Acme builds rockets in the desert. ".repeat(800));
        int chunks = server.requestCount();
        assertThat(chunks).isGreaterThan(1);
        assertThat(e.entities()).containsExactly(new Entities.Entity("Acme", Entities.Type.ORGANIZATION, 2 * chunks));
    }
}
