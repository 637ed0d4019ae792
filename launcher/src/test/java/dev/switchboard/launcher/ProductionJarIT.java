package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The jar {@code package} built (Failsafe runs after it) is what production runs: it must carry none of the test
 * frameworks nor the benchmarks, and must carry the licence, the notice and the build's version.
 */
class ProductionJarIT {
    private static final Path JAR = Path.of("target", "switchboard.jar");

    /** Test frameworks, container tooling and benchmarks: their place is the test class path and the bench jar. */
    static final List<String> FORBIDDEN = List.of("org/junit/", "junit/", "com/tngtech/", "org/testcontainers/",
            "com/github/dockerjava/", "org/awaitility/", "org/assertj/", "dev/switchboard/bench/", "dev/switchboard/testkit/",
            "dev/switchboard/fakes/", "dev/switchboard/agenttest/", "org/opentest4j/", "org/hamcrest/", "org/mockito/", "net/bytebuddy/");

    static List<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void shouldCarryNoTestFrameworkNorBenchmarks() throws IOException {
        // Given the production jar
        assertThat(JAR).as("run after package: mvn -pl launcher verify").isRegularFile();

        // When its entries are listed
        List<String> entries = entries(JAR);

        // Then none belongs to a test framework or to the benchmarks, while the services are all there
        assertThat(entries).as("production code").contains("dev/switchboard/launcher/Main.class",
                "dev/switchboard/orchestrator/Orchestrator.class", "org/apache/kafka/clients/producer/KafkaProducer.class");
        assertThat(entries.stream().filter(e -> FORBIDDEN.stream().anyMatch(e::startsWith)).limit(20).toList())
                .as("entries of test frameworks or benchmarks in %s", JAR).isEmpty();
    }

    @Test
    void shouldCarryTheLicenceTheNoticeAndTheBuildVersion() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(text(jar, "META-INF/LICENSE")).contains("Apache License", "Version 2.0");
            assertThat(text(jar, "META-INF/NOTICE")).contains("Switchboard", "VADER", "Hutto", "all-MiniLM-L6-v2", "ONNX Runtime");
            Properties version = new Properties();
            version.load(jar.getInputStream(jar.getEntry("switchboard-version.properties")));
            assertThat(version.getProperty("version")).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        }
    }

    private static String text(JarFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        return new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldBeFarSmallerThanWhenItCarriedTheTestKits() throws IOException {
        // 165.5 MB when the test kits and the benchmarks were compile dependencies of the launcher (137 MB without);
        // the sentiment agent's embedding model, ONNX Runtime and the tokenizers added 74 MB (decision 0032): 211 MB
        assertThat(Files.size(JAR)).isLessThan(220_000_000L);
    }
}
