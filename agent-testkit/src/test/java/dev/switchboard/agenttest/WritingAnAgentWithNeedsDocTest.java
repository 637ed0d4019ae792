package dev.switchboard.agenttest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The section "An agent with needs" of docs/writing-an-agent.md shows this module's compiled, tested example verbatim. */
class WritingAnAgentWithNeedsDocTest {
    private static final Path EXAMPLE = Path.of("src/test/java/dev/switchboard/agenttest/example");

    @Test
    void shouldShowTheExampleAgentAndItsTestVerbatimInTheGuide() throws IOException {
        String guide = Files.readString(Path.of("..", "docs", "writing-an-agent.md"));
        assertThat(guide).contains("## 5. An agent with needs");
        assertThat(guide).contains(body(EXAMPLE.resolve("BriefAgent.java"), "public final class BriefAgent"));
        assertThat(guide).contains(body(EXAMPLE.resolve("BriefAgentTest.java"), "class BriefAgentTest"));
    }

    private static String body(Path source, String from) throws IOException {
        String text = Files.readString(source);
        return text.substring(text.indexOf(from)).strip();
    }
}
