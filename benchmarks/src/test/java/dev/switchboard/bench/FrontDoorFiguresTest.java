package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.message.Json;
import org.junit.jupiter.api.Test;

class FrontDoorFiguresTest {

    @Test
    void shouldNameEveryFrontDoorFigureOnTheSummaryLineEvenWhenItsScenarioDidNotRun() {
        // Given figures of which no scenario ran
        FrontDoorFigures figures = new FrontDoorFigures();

        // When the summary line's part is written
        String summary = figures.summary();

        // Then every figure the docs and scripts read is there, NaN, never left out or made up
        assertThat(summary).isEqualTo(" ingress_ratio=NaN batch_ratio=NaN p99_ms_ingress=NaN p99_ms_batch=NaN share_scaling_12=NaN");
    }

    @Test
    void shouldProduceTheSameBodyAsTheHttpSubmitPlusItsVersion() throws Exception {
        // Given the bench's ingress record value and the body the HTTP door posts
        JsonNode value = Json.mapper().readTree(IngressFrontDoor.VALUE);
        JsonNode body = Json.mapper().readTree(FrontDoorBench.JOB_BODY);

        // Then the record is that body with a version field, so both doors submit the same jobs
        assertThat(value.path("version").asInt()).isEqualTo(1);
        ((com.fasterxml.jackson.databind.node.ObjectNode) value).remove("version");
        assertThat(value).isEqualTo(body);
    }
}
