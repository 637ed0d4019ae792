package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code samples/external-agent} is a Maven project of its own: it imports {@code switchboard-bom}, depends on the
 * installed {@code switchboard-agent-core} alone, and runs its agent end to end under {@code switchboard.jar} against
 * the embedded broker ({@code ShoutEndToEndIT}). This test builds it the way a user would, in a separate Maven
 * process, after {@code mvn install} has installed the modules it needs (they come before the launcher in the reactor).
 */
class ExternalSampleIT {
    private static final Path SAMPLE = PomFiles.ROOT.resolve("samples/external-agent");
    private static final Path JAR = Path.of("target", "switchboard.jar").toAbsolutePath();
    /** What the sample resolves from the local repository, by module directory. */
    private static final Map<String, String> NEEDED = Map.of("bom", "switchboard-bom", "contracts", "switchboard-contracts",
            "agent-core", "switchboard-agent-core", "fakes", "switchboard-fakes", "agent-testkit", "switchboard-agent-testkit");

    @Test
    void shouldBuildAndRunTheExternalAgentSampleFromTheInstalledArtifacts() throws Exception {
        // Given this build's artifacts installed in the local repository (mvn install, the README's test command)
        String version = PomFiles.text(PomFiles.read(PomFiles.ROOT.resolve("pom.xml")), "version");
        NEEDED.forEach((module, artifact) -> assertInstalledFromThisBuild(module, artifact, version));
        assertThat(JAR).as("run after package").isRegularFile();

        // When the sample is built and verified by its own pom, as a user's project would be
        Path log = Files.createTempFile("external-agent-", ".log");
        List<String> command = new java.util.ArrayList<>(List.of(mavenCommand(), "-B", "-ntp", "-f",
                SAMPLE.resolve("pom.xml").toString(), "verify", "-Dswitchboard.jar=" + JAR,
                "-Dmaven.repo.local=" + localRepository()));
        if (Boolean.getBoolean("switchboard.offline")) {
            command.add("-o");
        }
        Process mvn = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = mvn.waitFor(10, TimeUnit.MINUTES);
        if (!done) {
            mvn.destroyForcibly();
        }
        String output = Files.readString(log);

        // Then its unit test and its end-to-end test ran and passed
        assertThat(done).as("the sample's build finished within 10 minutes:%n%s", tail(output)).isTrue();
        assertThat(mvn.exitValue()).as("the sample's build succeeded:%n%s", tail(output)).isZero();
        assertThat(output).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed")
                .contains("in com.example.shout.ShoutAgentTest").contains("in com.example.shout.ShoutEndToEndIT");
    }

    private static void assertInstalledFromThisBuild(String module, String artifact, String version) {
        boolean bom = module.equals("bom");
        Path built = bom ? PomFiles.ROOT.resolve("bom/pom.xml")
                : PomFiles.ROOT.resolve(module).resolve("target").resolve(artifact + "-" + version + ".jar");
        Path installed = localRepository().resolve(Path.of("dev", "switchboard", artifact, version,
                artifact + "-" + version + (bom ? ".pom" : ".jar")));
        assertThat(installed).as("%s installed: this test runs under mvn install (the README's test command), "
                + "which installs the modules before the launcher's tests", artifact).isRegularFile();
        try {
            assertThat(Files.mismatch(built, installed)).as("%s installed from this build (run mvn install, not mvn verify)",
                    artifact).isEqualTo(-1L);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The build's local repository (settings.xml, -Dmaven.repo.local), passed in by the pom; ~/.m2 when run alone. */
    private static Path localRepository() {
        String configured = System.getProperty("switchboard.localRepository");
        return configured != null && !configured.isBlank() && !configured.startsWith("${")
                ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** The Maven running this build (the pom passes maven.home), else mvn on the PATH. */
    private static String mavenCommand() {
        String home = System.getProperty("maven.home");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    private static String tail(String output) {
        String[] lines = output.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 60), lines.length));
    }
}
