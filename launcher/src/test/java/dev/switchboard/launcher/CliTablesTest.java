package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.Json;
import org.junit.jupiter.api.Test;

/** {@code switchboard agents} and {@code switchboard status}: the API's answers as tables. */
class CliTablesTest {

    @Test
    void shouldShowSignalsWhenAgentsSendThemAndADashWhenNot() {
        // Given one agent type with signals, one from an older agent without, and one declared with no instance
        JsonNode answer = Json.fromString("{\"declared\":[\"sentiment\",\"summary\",\"keywords\"],\"agents\":["
                + "{\"name\":\"sentiment\",\"liveInstances\":2,\"signals\":{\"lagRecords\":12,\"oldestTaskAgeSeconds\":3.5,\"inFlight\":4,"
                + "\"quota\":[{\"account\":\"openai:x\",\"members\":3,\"requestsPerSecond\":{\"limit\":10,\"share\":3,\"used\":2},"
                + "\"tokensPerMinute\":{\"limit\":100000,\"share\":30000,\"used\":1200}}]}},"
                + "{\"name\":\"summary\",\"liveInstances\":1}]}", JsonNode.class);

        // When it is printed
        String table = AgentsPrinter.table(answer);

        // Then each shows what it has
        assertThat(table.lines()).containsExactly(
                "AGENT          LIVE      LAG     OLDEST IN-FLIGHT  QUOTA",
                "sentiment         2       12      3.5 s         4  rps 2/3 tpm 1200/30000",
                "summary           1        -          -         -  -",
                "keywords          0        -          -         -  -");
    }

    @Test
    void shouldShowEachAgentsStageStateAttemptsAndError() {
        JsonNode job = Json.fromString("{\"jobId\":\"j-1\",\"status\":\"RUNNING\",\"submittedAt\":\"t0\",\"deadline\":\"t1\",\"agents\":{"
                + "\"sentiment\":{\"state\":\"failed\",\"stage\":1,\"attempts\":3,\"error\":{\"type\":\"INVALID_OUTPUT\",\"message\":\"not JSON\"}},"
                + "\"synthesis\":{\"state\":\"waiting\",\"stage\":2,\"attempts\":0,\"error\":null},\"keywords\":null}}", JsonNode.class);

        assertThat(StatusPrinter.format(job).lines()).containsExactly(
                "job j-1  RUNNING  submitted t0  deadline t1",
                "  AGENT        STAGE  STATE     TRIES  ERROR",
                "  sentiment    1      failed    3      INVALID_OUTPUT: not JSON",
                "  synthesis    2      waiting   0",
                "  keywords     -      -         -");
    }
}
