package dev.switchboard.core.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputSchemaTest {
    record Level4(List<String> leaves) {
    }

    record Level3(Level4 next) {
    }

    record Level2(Level3 next) {
    }

    /** Five levels: this object, three more, then the array. */
    record FiveLevels(Level2 next) {
    }

    record SixLevels(FiveLevels next) {
    }

    record Ten(String a, String b, String c, String d, String e, String f, String g, String h, String i, String j) {
    }

    /** 9 + 90 properties. */
    record NinetyNine(Ten a, Ten b, Ten c, Ten d, Ten e, Ten f, Ten g, Ten h, Ten i) {
    }

    /** 10 + 100 properties. */
    record HundredAndTen(Ten a, Ten b, Ten c, Ten d, Ten e, Ten f, Ten g, Ten h, Ten i, Ten j) {
    }

    enum Mood { @JsonProperty("meh") NEUTRAL, HAPPY }

    @Test
    void shouldHaveNoSchemaForATypePastStrictModesNestingOrPropertyLimits() {
        assertThat(OutputSchema.schemaOf(FiveLevels.class)).isPresent();
        assertThat(OutputSchema.schemaOf(SixLevels.class)).isEmpty();
        assertThat(OutputSchema.schemaOf(NinetyNine.class)).isPresent();
        assertThat(OutputSchema.schemaOf(HundredAndTen.class)).isEmpty();
        // the shape shown to the model has them all the same
        assertThat(JsonShape.of(SixLevels.class).toString()).contains("\"leaves\":[\"string\"]");
    }

    @Test
    void shouldNameEnumValuesAsTheParserReadsThemBack() {
        assertThat(StructuredOutput.textOf(Mood.NEUTRAL)).isEqualTo("meh");
        assertThat(StructuredOutput.textOf(Mood.HAPPY)).isEqualTo("happy");
        assertThat(StructuredOutput.parse("{\"mood\":\"meh\"}", Moody.class).mood()).isEqualTo(Mood.NEUTRAL);
    }

    record Moody(Mood mood) {
    }
}
