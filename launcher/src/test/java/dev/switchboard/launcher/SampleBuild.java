package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Builds one of {@code samples/} the way a user would: a Maven project of its own, in a separate Maven process, against
 * the artifacts {@code mvn install} put in the local repository (they come before the launcher in the reactor), with
 * {@code target/switchboard.jar} for its end-to-end test.
 */
final class SampleBuild {
    static final Path JAR = Path.of("target", "switchboard.jar").toAbsolutePath();

    /** What the Maven process printed, and how it ended. */
    record Result(boolean finished, int exitValue, String output) {
        String tail() {
            String[] lines = output.split("\n");
            return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 60), lines.length));
        }
    }

    private SampleBuild() {
    }

    /** Checks that each module's artifact (by module directory) is installed from this build, then runs {@code verify}. */
    static Result verify(String sample, Map<String, String> needed) throws Exception {
        String version = PomFiles.text(PomFiles.read(PomFiles.ROOT.resolve("pom.xml")), "version");
        needed.forEach((module, artifact) -> assertInstalledFromThisBuild(module, artifact, version));
        assertThat(JAR).as("run after package").isRegularFile();

        Path log = Files.createTempFile(Path.of(sample).getFileName() + "-", ".log");
        List<String> command = new ArrayList<>(List.of(mavenCommand(), "-B", "-ntp", "-f",
                PomFiles.ROOT.resolve(sample).resolve("pom.xml").toString(), "clean", "verify", "-Dswitchboard.jar=" + JAR,
                "-Dmaven.repo.local=" + localRepository()));
        if (Boolean.getBoolean("switchboard.offline")) {
            command.add("-o");
        }
        Process mvn = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = mvn.waitFor(10, TimeUnit.MINUTES);
        if (!done) {
            mvn.destroyForcibly();
        }
        return new Result(done, done ? mvn.exitValue() : -1, Files.readString(log));
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
}
