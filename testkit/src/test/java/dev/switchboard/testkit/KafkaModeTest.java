package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testkit.KafkaMode.Broker;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Which broker each -Dswitchboard.test.kafka value runs, with the machine's container support given, not probed. */
class KafkaModeTest {
    private static final Supplier<ContainerSupport> NEVER_ASKED = () -> {
        throw new AssertionError("the embedded mode asked whether Docker answers");
    };

    @Test
    void shouldRunTheEmbeddedBrokerByDefaultWithoutAskingForDocker() {
        // Given no -Dswitchboard.test.kafka, When the broker is chosen, Then it is the embedded one, Docker never probed
        assertThat(KafkaMode.parse(null)).isEqualTo(KafkaMode.EMBEDDED);
        assertThat(KafkaMode.parse(" ")).isEqualTo(KafkaMode.EMBEDDED);
        assertThat(KafkaMode.EMBEDDED.broker(NEVER_ASKED)).isEqualTo(Broker.EMBEDDED);
    }

    @Test
    void shouldReadTheModeWhateverItsCase() {
        // Given a value typed in any case, with spaces; When it is read, Then it names its mode
        assertThat(KafkaMode.parse("Auto ")).isEqualTo(KafkaMode.AUTO);
        assertThat(KafkaMode.parse("TESTCONTAINERS")).isEqualTo(KafkaMode.TESTCONTAINERS);
    }

    @Test
    void shouldRunAContainerWhenDockerAnswers() {
        // Given a machine where Docker answers and Testcontainers is on the classpath
        // When auto or testcontainers is asked for, Then the container runs
        assertThat(KafkaMode.AUTO.broker(() -> ContainerSupport.AVAILABLE)).isEqualTo(Broker.CONTAINER);
        assertThat(KafkaMode.TESTCONTAINERS.broker(() -> ContainerSupport.AVAILABLE)).isEqualTo(Broker.CONTAINER);
    }

    @Test
    void shouldFallBackToTheEmbeddedBrokerInAutoWithoutAContainer() {
        // Given no Docker engine, or no Testcontainers; When auto is asked for, Then the embedded broker runs
        assertThat(KafkaMode.AUTO.broker(() -> ContainerSupport.NO_DOCKER)).isEqualTo(Broker.EMBEDDED);
        assertThat(KafkaMode.AUTO.broker(() -> ContainerSupport.NO_TESTCONTAINERS)).isEqualTo(Broker.EMBEDDED);
    }

    @Test
    void shouldFailARunThatAskedForAContainerWithoutDocker() {
        // Given no Docker engine; When testcontainers is asked for, Then the run fails and says how to fall back
        assertThatThrownBy(() -> KafkaMode.TESTCONTAINERS.broker(() -> ContainerSupport.NO_DOCKER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Docker engine answers")
                .hasMessageContaining("-Dswitchboard.test.kafka=auto");
    }

    @Test
    void shouldNameTheMissingDependencyWhenTestcontainersWasExcluded() {
        // Given Testcontainers excluded from the classpath; When testcontainers is asked for, Then the run names the artifact
        assertThatThrownBy(() -> KafkaMode.TESTCONTAINERS.broker(() -> ContainerSupport.NO_TESTCONTAINERS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("org.testcontainers:testcontainers-kafka");
    }
}
