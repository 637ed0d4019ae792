package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.SelfValidating;
import java.util.List;
import org.junit.jupiter.api.Test;

class StructuredOutputTest {
    enum Mood { POSITIVE, NEGATIVE }

    record Verdict(Mood mood, double score, List<String> reasons) implements SelfValidating {
        @Override
        public void validate() {
            if (score < -1 || score > 1) {
                throw new IllegalArgumentException("score must be between -1 and 1, was " + score);
            }
        }
    }

    @Test
    void shouldParseJsonInsideCodeFencesAndChatter() {
        Verdict v = StructuredOutput.parse("Sure! ```json\n{\"mood\":\"positive\",\"score\":0.5,\"reasons\":[\"a\"]}\n```", Verdict.class);
        assertThat(v).isEqualTo(new Verdict(Mood.POSITIVE, 0.5, List.of("a")));
    }

    @Test
    void shouldRejectMissingFieldsUnknownEnumsAndInvalidValues() {
        assertThatThrownBy(() -> StructuredOutput.parse("{\"mood\":\"positive\",\"score\":0.5}", Verdict.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reasons");
        assertThatThrownBy(() -> StructuredOutput.parse("{\"mood\":\"ecstatic\",\"score\":0.5,\"reasons\":[]}", Verdict.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StructuredOutput.parse("{\"mood\":\"negative\",\"score\":7,\"reasons\":[]}", Verdict.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("score must be between");
        assertThatThrownBy(() -> StructuredOutput.parse("I cannot do that", Verdict.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no JSON object");
    }

    @Test
    void shouldDescribeTheShapeOfARecordForTheModel() {
        JsonNode shape = JsonShape.of(Verdict.class);
        assertThat(shape.path("mood").asText()).isEqualTo("positive|negative");
        assertThat(shape.path("score").asText()).isEqualTo("number");
        assertThat(shape.path("reasons").get(0).asText()).isEqualTo("string");
    }
}
