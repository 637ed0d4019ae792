package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** "Test against a real broker" in docs/writing-an-agent.md shows the samples' compiled, tested code. */
class TestKitGuideDocTest {
    private static final Path ROOT = Path.of("..");
    private static final Path SAMPLE = ROOT.resolve("samples/external-agent");

    @Test
    void shouldShowTheSamplesKafkaTestVerbatimInTheGuide() throws IOException {
        // Given the guide, and the sample project's @KafkaTest
        String guide = section(Files.readString(ROOT.resolve("docs/writing-an-agent.md")));
        String test = Files.readString(SAMPLE.resolve("src/test/java/com/example/shout/ShoutWorkerIT.java"));

        // Then the guide shows the test from its annotation on, and the dependency the sample declares
        assertThat(guide).contains(test.substring(test.indexOf("@KafkaTest\nclass")).strip());
        assertThat(Files.readString(SAMPLE.resolve("pom.xml")).replaceAll("\\s+", ""))
                .contains("<artifactId>switchboard-testkit</artifactId><scope>test</scope>");
        assertThat(guide).contains("<artifactId>switchboard-testkit</artifactId>\n  <scope>test</scope>");
    }

    @Test
    void shouldShowTheSamplesUseOfTheWholeStackAsItIs() throws IOException {
        // Given the guide's SwitchboardUp example, and the sample's end-to-end test
        String guide = section(Files.readString(ROOT.resolve("docs/writing-an-agent.md")));
        String test = Files.readString(SAMPLE.resolve("src/test/java/com/example/shout/ShoutEndToEndIT.java"));
        int start = guide.indexOf("try (SwitchboardUp stack");
        String example = guide.substring(start, guide.indexOf("```", start));

        // Then each of its lines is a line of the compiled, tested sample
        assertThat(example.lines().map(String::strip).filter(line -> !line.isEmpty()))
                .isNotEmpty().allSatisfy(line -> assertThat(test).contains(line));
    }

    @Test
    void shouldShowTheSpringSamplesWayToTheSharedBrokerVerbatimInTheGuide() throws IOException {
        // Given the guide, and the Spring Boot sample's test of its application on the shared broker
        String guide = section(Files.readString(ROOT.resolve("docs/writing-an-agent.md")));
        String test = Files.readString(ROOT.resolve("samples/spring-boot-agent/src/test/java/com/example/title/TitleApplicationIT.java"));

        // Then the guide shows its annotations and its @DynamicPropertySource as they are
        String head = test.substring(test.indexOf("@SpringBootTest"), test.indexOf("    @Test")).strip();
        assertThat(head).contains("TestKafka.shared()");
        assertThat(guide).contains(head);
    }

    @Test
    void shouldDocumentEveryKafkaMode() throws IOException {
        String guide = section(Files.readString(ROOT.resolve("docs/writing-an-agent.md")));
        assertThat(guide).contains("-D" + KafkaMode.PROPERTY);
        for (KafkaMode mode : KafkaMode.values()) {
            assertThat(guide).contains("| `" + mode.name().toLowerCase(Locale.ROOT) + "`");
        }
    }

    private static String section(String guide) {
        String heading = "## 6. Test against a real broker";
        assertThat(guide).contains(heading);
        String rest = guide.substring(guide.indexOf(heading));
        int next = rest.indexOf("\n## ", heading.length());
        return next < 0 ? rest : rest.substring(0, next);
    }
}
