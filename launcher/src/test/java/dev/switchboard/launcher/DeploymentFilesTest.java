package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Docker cannot run here, so the deployment files are checked as data: every service runs a real
 * launcher command with flags it accepts, and every SWITCHBOARD_* variable they set is one the
 * code reads. The README's configuration table is held to the same list.
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern KEY_READ = Pattern.compile("(?:source\\.get|Setting\\.of)(?:Int|Long|Boolean|Duration|String|Secret)?\\(\"([a-z.]+)\"");
    private static final Pattern ENV_READ = Pattern.compile("\"(SWITCHBOARD_[A-Z_]+)\"");

    /** Every SWITCHBOARD_* name the code reads: ConfigSource keys, and names read or set directly. */
    static Set<String> settingsTheCodeReads() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/")).toList()) {
                String src = Files.readString(f);
                Matcher k = KEY_READ.matcher(src);
                while (k.find()) {
                    names.add("SWITCHBOARD_" + k.group(1).toUpperCase().replace('.', '_'));
                }
                Matcher e = ENV_READ.matcher(src);
                while (e.find()) {
                    names.add(e.group(1));
                }
            }
        }
        return names;
    }

    private static boolean isKnown(String name, Set<String> known) {
        return known.contains(name) || name.startsWith("SWITCHBOARD_KAFKA_");
    }

    @Test
    void shouldRunOnlyRealLauncherCommandsWithSettingsTheCodeReads() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
        Set<String> known = settingsTheCodeReads();
        List<String> checked = new ArrayList<>();
        compose.path("services").fields().forEachRemaining(service -> {
            JsonNode s = service.getValue();
            if (s.path("image").asText().startsWith("apache/kafka")) {
                return;
            }
            List<String> command = new ArrayList<>();
            s.path("command").forEach(c -> command.add(c.asText()));
            CommandLine cli = new CommandLine(new Main());
            CommandLine.ParseResult parsed = cli.parseArgs(command.toArray(String[]::new)); // throws on a wrong command or flag
            assertThat(parsed.hasSubcommand()).as(service.getKey()).isTrue();
            s.path("environment").fieldNames().forEachRemaining(env -> {
                if (env.startsWith("SWITCHBOARD_")) {
                    assertThat(isKnown(env, known)).as(service.getKey() + " sets " + env + ", which no code reads").isTrue();
                }
            });
            checked.add(service.getKey());
        });
        assertThat(checked).contains("orchestrator", "aggregator", "agent-sentiment", "agent-entities", "agent-summary", "topics");
    }

    @Test
    void shouldDocumentEverySettingInTheReadme() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Set<String> undocumented = new TreeSet<>();
        for (String name : settingsTheCodeReads()) {
            if (!readme.contains(name) && !readme.contains(name.replaceAll("_(HOST|PORT|TIMEOUT|MAX_DEADLINE)$", ""))) {
                undocumented.add(name);
            }
        }
        assertThat(undocumented).as("settings missing from the README's configuration table").isEmpty();
    }

    @Test
    void shouldBuildTheImageFromTheLauncherJar() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("launcher/target/switchboard.jar").contains("ENTRYPOINT");
        assertThat(ROOT.resolve("launcher/pom.xml")).content().contains("<finalName>switchboard</finalName>");
    }
}
