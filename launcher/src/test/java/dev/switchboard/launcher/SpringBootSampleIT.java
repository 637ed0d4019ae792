package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code samples/spring-boot-agent} is a Spring Boot application of its own with one Agent bean and the installed
 * {@code switchboard-spring-boot-starter}; its {@code TitleEndToEndIT} runs the repackaged jar against
 * {@code switchboard.jar up}: a job completes, health and Prometheus show the runtime, SIGTERM drains it. This test builds
 * it the way a user would ({@link SampleBuild}).
 */
class SpringBootSampleIT {
    /** What the sample resolves from the local repository, by module directory. */
    private static final Map<String, String> NEEDED = Map.of("bom", "switchboard-bom", "contracts", "switchboard-contracts",
            "observability", "switchboard-observability", "agent-core", "switchboard-agent-core",
            "spring-boot-starter", "switchboard-spring-boot-starter");

    @Test
    void shouldBuildAndRunTheSpringBootSampleFromTheInstalledArtifacts() throws Exception {
        // Given this build's artifacts installed in the local repository (mvn install, the README's test command)
        // When the sample is built and verified by its own pom, as a user's project would be
        SampleBuild.Result build = SampleBuild.verify("samples/spring-boot-agent", NEEDED);

        // Then its end-to-end test ran and passed
        assertThat(build.finished()).as("the sample's build finished within 10 minutes:%n%s", build.tail()).isTrue();
        assertThat(build.exitValue()).as("the sample's build succeeded:%n%s", build.tail()).isZero();
        assertThat(build.output()).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed")
                .contains("in com.example.title.TitleEndToEndIT");
    }
}
