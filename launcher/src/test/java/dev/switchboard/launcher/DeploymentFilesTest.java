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
    /** A secret-like variable set in compose, in map ({@code NAME: value}) or list ({@code - NAME=value}) form. */
    private static final Pattern SECRET_SETTING = Pattern.compile(
            "^\\s*(?:-\\s*)?[\"']?(SWITCHBOARD_[A-Z0-9_]*(?:KEY|SECRET|PASSWORD)[A-Z0-9_]*)[\"']?\\s*[:=]\\s*(.*?)\\s*$");
    /** The only acceptable value: a reference that makes compose fail when the variable is unset or empty. */
    private static final Pattern REQUIRED_REFERENCE = Pattern.compile("^[\"']?\\$\\{[A-Z0-9_]+:\\?[^}]*}[\"']?$");

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

    static boolean isKnown(String name, Set<String> known) {
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
        assertThat(checked).contains("orchestrator", "aggregator", "agent-sentiment", "agent-entities", "agent-summary", "agent-synthesis",
                "topics");
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

    /** Every secret-like SWITCHBOARD_* variable compose sets, with the violations among them. */
    static List<String> defaultSecrets(String compose, List<String> secretsSeen) {
        List<String> violations = new ArrayList<>();
        for (String line : compose.split("\\R")) {
            Matcher m = SECRET_SETTING.matcher(line);
            if (m.matches()) {
                secretsSeen.add(m.group(1));
                if (!REQUIRED_REFERENCE.matcher(m.group(2)).matches()) {
                    violations.add(m.group(1) + " is given a value (" + m.group(2) + ") instead of a required ${VAR:?message}");
                }
            }
        }
        return violations;
    }

    @Test
    void shouldTakeEverySecretFromTheEnvironmentWithoutADefault() throws Exception {
        // Given the compose file as shipped
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));

        // When every secret-like SWITCHBOARD_* variable it sets is read
        List<String> seen = new ArrayList<>();
        List<String> violations = defaultSecrets(compose, seen);

        // Then each one is a required reference: compose refuses to start without it, there is no usable default
        assertThat(seen).contains("SWITCHBOARD_API_KEYS", "SWITCHBOARD_CALLBACK_SECRET");
        assertThat(violations).as("secrets with a default in docker-compose.yml").isEmpty();
    }

    @Test
    void shouldFlagALiteralOrDefaultedSecret() {
        List<String> seen = new ArrayList<>();
        assertThat(defaultSecrets("""
                      SWITCHBOARD_API_KEYS: ${SWITCHBOARD_API_KEYS:-change-me}
                      SWITCHBOARD_CALLBACK_SECRET: "change-me-too"
                      - SWITCHBOARD_LLM_API_KEY=sk-123
                      SWITCHBOARD_DB_PASSWORD: ${SWITCHBOARD_DB_PASSWORD}
                      SWITCHBOARD_OTHER_SECRET: ${SWITCHBOARD_OTHER_SECRET:?set it}
                      SWITCHBOARD_LLM_PROVIDER: offline
                """, seen)).hasSize(4);
        assertThat(seen).hasSize(5);
    }

    @Test
    void shouldRunTheImageAsANonRootUser() throws Exception {
        // Given the Dockerfile's final stage (the image that runs)
        List<String> lines = Files.readAllLines(ROOT.resolve("Dockerfile"));
        int finalStage = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().toUpperCase().startsWith("FROM ")) {
                finalStage = i;
            }
        }

        // When its last USER directive is read
        String user = null;
        for (String line : lines.subList(finalStage, lines.size())) {
            if (line.trim().toUpperCase().startsWith("USER ")) {
                user = line.trim().substring(5).trim().split(":")[0];
            }
        }

        // Then there is one, and it is not root
        assertThat(user).as("USER in the final stage of the Dockerfile").isNotBlank().isNotIn("root", "0");
        assertThat(String.join("\n", lines.subList(finalStage, lines.size()))).contains("useradd").contains("/var/lib/switchboard");
    }
}
