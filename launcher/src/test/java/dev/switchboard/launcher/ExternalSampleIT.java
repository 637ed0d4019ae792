package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code samples/external-agent} is a Maven project of its own: it imports {@code switchboard-bom}, depends on the
 * installed {@code switchboard-agent-core} alone, and runs its agent end to end under {@code switchboard.jar} against
 * the embedded broker ({@code ShoutEndToEndIT}). This test builds it the way a user would ({@link SampleBuild}).
 */
class ExternalSampleIT {
    /** What the sample resolves from the local repository, by module directory. */
    private static final Map<String, String> NEEDED = Map.of("bom", "switchboard-bom", "contracts", "switchboard-contracts",
            "agent-core", "switchboard-agent-core", "fakes", "switchboard-fakes", "agent-testkit", "switchboard-agent-testkit",
            "testkit", "switchboard-testkit", "embedded-kafka", "switchboard-embedded-kafka");

    @Test
    void shouldBuildAndRunTheExternalAgentSampleFromTheInstalledArtifacts() throws Exception {
        // Given this build's artifacts installed in the local repository (mvn install, the README's test command)
        // When the sample is built and verified by its own pom, as a user's project would be
        SampleBuild.Result build = SampleBuild.verify("samples/external-agent", NEEDED);

        // Then its unit test and its end-to-end test ran and passed
        assertThat(build.finished()).as("the sample's build finished within 10 minutes:%n%s", build.tail()).isTrue();
        assertThat(build.exitValue()).as("the sample's build succeeded:%n%s", build.tail()).isZero();
        assertThat(build.output()).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed")
                .contains("in com.example.shout.ShoutAgentTest").contains("in com.example.shout.ShoutEndToEndIT")
                .contains("in com.example.shout.ShoutWorkerIT");
    }
}
