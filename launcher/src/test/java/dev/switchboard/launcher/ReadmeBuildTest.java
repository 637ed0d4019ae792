package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's build instructions and SDK example are the ones CI runs and compiles. */
class ReadmeBuildTest {
    private static final Path ROOT = PomFiles.ROOT;

    @Test
    void shouldRunInCiExactlyTheReadmesTestCommand() throws IOException {
        // Given the README's "Build and test" commands and CI's script
        List<String> readme = codeBlock(section("Build and test"), "bash").lines().toList();
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("set ") && !line.startsWith("cd "))
                .toList();

        // Then they are the same commands
        assertThat(ci).isNotEmpty().isEqualTo(readme);
    }

    @Test
    void shouldShowTheSamplesAgentAsItIsCompiled() throws IOException {
        // Given the agent of samples/external-agent, from its documentation comment on
        String source = Files.readString(ROOT.resolve("samples/external-agent/src/main/java/com/example/shout/ShoutAgent.java"));
        String agent = source.substring(source.indexOf("/**")).strip();

        // Then the README shows it verbatim
        assertThat(codeBlock(section("Use the SDK from your own Maven project"), "java").strip()).isEqualTo(agent);
    }

    @Test
    void shouldShowTheSpringBootSampleAsItIsCompiled() throws IOException {
        // Given the application of samples/spring-boot-agent, from its documentation comment on
        String source = Files.readString(ROOT.resolve("samples/spring-boot-agent/src/main/java/com/example/title/TitleApplication.java"));
        String application = source.substring(source.indexOf("/**")).strip();

        // Then the README shows it verbatim
        assertThat(codeBlock(section("Run agents in a Spring Boot application"), "java").strip()).isEqualTo(application);
    }

    private static String section(String title) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("\n## " + title + "\n");
        assertThat(start).as("README section %s", title).isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static String codeBlock(String section, String language) {
        Matcher block = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(block.find()).as("a ```%s block", language).isTrue();
        return block.group(1);
    }
}
