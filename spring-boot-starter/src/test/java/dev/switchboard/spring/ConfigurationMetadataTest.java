package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contracts.config.Secret;
import dev.switchboard.contracts.config.Setting;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code META-INF/spring-configuration-metadata.json} (what an IDE completes {@code switchboard.*} properties from) is
 * derived, never hand-kept: every {@link Setting} an agent worker reads, with its default, and the description of its
 * variable in the README's configuration table (the one documentation), plus the starter's own properties. Regenerate
 * with {@code -Dswitchboard.metadata.write=true}.
 */
class ConfigurationMetadataTest {
    private static final Path METADATA = Path.of("src/main/resources/META-INF/spring-configuration-metadata.json");
    private static final Path README = Path.of("..", "README.md");
    /** A configuration-table row: | `SWITCHBOARD_X` | default | description | */
    private static final Pattern ROW = Pattern.compile("^\\| `(SWITCHBOARD_[A-Z0-9_]+)` \\| [^|]* \\| (.*) \\|\\s*$", Pattern.MULTILINE);
    private static final Pattern LINK = Pattern.compile("\\[([^]]+)]\\([^)]+\\)");
    /** The starter's own properties (SpringSettings.STARTER_KEYS): type, default, description. */
    private static final Map<String, String[]> STARTER = Map.of(
            "agent.enabled", new String[] {"java.lang.Boolean", "true", "Run every Agent bean as a Switchboard worker (false turns the starter off)."},
            "agent.exit.on.failure", new String[] {"java.lang.Boolean", null,
                    "Exit the application (status 1) when a worker stops on its own; by default only without Actuator's health."},
            "spring.kafka.version.check", new String[] {"java.lang.Boolean", "true",
                    "Refuse to start on a kafka-clients of another minor version than the starter was built with."},
            "topics.file", new String[] {"java.lang.String", null,
                    "The topic catalogue (topics.yaml), as SWITCHBOARD_TOPICS_FILE; else ./topics.yaml, else the bundled one."});

    @Test
    void shouldShipMetadataForEverySettingAnAgentWorkerReadsWithTheReadmesDescription() throws Exception {
        // Given the settings the workers read, and the README's configuration table
        String readme = Files.readString(README, StandardCharsets.UTF_8);

        // When the metadata is derived from them
        String expected = generate(readme);
        if (Boolean.getBoolean("switchboard.metadata.write")) {
            Files.writeString(METADATA, expected, StandardCharsets.UTF_8);
        }

        // Then the shipped file is exactly that, and each setting has a description
        assertThat(SpringSettings.workerSettings()).allSatisfy(setting -> assertThat(description(readme, setting.envName()))
                .as("the README's configuration table describes " + setting.envName()).isPresent());
        assertThat(METADATA).as("regenerate with -Dswitchboard.metadata.write=true").content(StandardCharsets.UTF_8).isEqualTo(expected);
        assertThat(SpringSettings.STARTER_KEYS).containsExactlyInAnyOrderElementsOf(STARTER.keySet());
    }

    private static String generate(String readme) throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.putArray("groups").addObject().put("name", SpringSettings.PREFIX)
                .put("description", "Switchboard agent workers: the SWITCHBOARD_* settings as switchboard.* properties.");
        ArrayNode properties = root.putArray("properties");
        SpringSettings.workerSettings().stream().sorted(Comparator.comparing(Setting::key)).forEach(setting -> {
            ObjectNode p = properties.addObject().put("name", SpringSettings.PREFIX + "." + setting.key())
                    .put("type", typeOf(setting.defaultValue()))
                    .put("description", description(readme, setting.envName()).orElse(setting.envName()));
            Object value = setting.defaultValue();
            if (value instanceof Integer || value instanceof Long) {
                p.put("defaultValue", ((Number) value).longValue());
            } else if (value instanceof Boolean b) {
                p.put("defaultValue", b);
            } else {
                defaultOf(value).ifPresent(text -> p.put("defaultValue", text));
            }
        });
        STARTER.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ObjectNode p = properties.addObject().put("name", SpringSettings.PREFIX + "." + e.getKey())
                    .put("type", e.getValue()[0]).put("description", e.getValue()[2]);
            if (e.getValue()[1] != null) {
                p.put("defaultValue", Boolean.parseBoolean(e.getValue()[1]));
            }
        });
        return json.writeValueAsString(root) + "\n";
    }

    private static Optional<String> description(String readme, String envName) {
        Matcher row = ROW.matcher(readme);
        while (row.find()) {
            if (row.group(1).equals(envName)) {
                return Optional.of(LINK.matcher(row.group(2)).replaceAll("$1").replace("`", "").trim());
            }
        }
        return Optional.empty();
    }

    private static String typeOf(Object defaultValue) {
        if (defaultValue == null || defaultValue instanceof Secret) {
            return String.class.getName();
        }
        return defaultValue.getClass().isEnum() ? ((Enum<?>) defaultValue).getDeclaringClass().getName() : defaultValue.getClass().getName();
    }

    /** The default as a value of the variable would spell it ({@code 30s}, {@code group}); none for unset and secrets. */
    private static Optional<String> defaultOf(Object value) {
        if (value == null || value instanceof Secret) {
            return Optional.empty();
        }
        if (value instanceof Duration d) {
            return Optional.of(d.toMillis() % 3_600_000 == 0 && !d.isZero() ? d.toHours() + "h"
                    : d.toMillis() % 60_000 == 0 && !d.isZero() ? d.toMinutes() + "m"
                    : d.toMillis() % 1_000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms");
        }
        if (value instanceof Enum<?> e) {
            return Optional.of(e.name().toLowerCase(Locale.ROOT));
        }
        return Optional.of(value.toString());
    }
}
