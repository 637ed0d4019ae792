package dev.switchboard.agents.keywords;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/writing-an-agent.md and the README show this module's compiled, tested source, verbatim. */
class WritingAnAgentDocTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/switchboard/agents/keywords");

    @Test
    void shouldShowTheAgentItsOutputAndItsContractTestVerbatimInTheGuide() throws IOException {
        String guide = Files.readString(Path.of("..", "docs", "writing-an-agent.md"));
        assertThat(guide).contains(body(SOURCES.resolve("KeywordsAgent.java"), "public final class KeywordsAgent"));
        assertThat(guide).contains(body(SOURCES.resolve("Keywords.java"), "public record Keywords"));
        assertThat(guide).contains(body(Path.of("src/test/java/dev/switchboard/agents/keywords/KeywordsContractTest.java"),
                "class KeywordsContractTest"));
    }

    @Test
    void shouldShowTheAgentVerbatimInTheReadme() throws IOException {
        assertThat(Files.readString(Path.of("..", "README.md")))
                .contains(body(SOURCES.resolve("KeywordsAgent.java"), "public final class KeywordsAgent"));
    }

    @Test
    void shouldKeepTheAgentClassWithinFifteenLinesOfJava() throws IOException {
        // lines of code: not blank, not a comment, not the package or an import
        long lines = Files.readAllLines(SOURCES.resolve("KeywordsAgent.java")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("/*") && !l.startsWith("*") && !l.startsWith("//")
                        && !l.startsWith("package ") && !l.startsWith("import "))
                .count();
        assertThat(lines).isLessThanOrEqualTo(15);
    }

    private static String body(Path source, String from) throws IOException {
        String text = Files.readString(source);
        return text.substring(text.indexOf(from)).strip();
    }
}
