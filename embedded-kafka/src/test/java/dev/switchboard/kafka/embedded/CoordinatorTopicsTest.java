package dev.switchboard.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warm-up against a broker that never answers: no broker needed. */
class CoordinatorTopicsTest {

    @Test
    void shouldGiveUpWithinOneTimeoutForBothLookupsTogetherEvenBelowTheRequestTimeout() throws IOException {
        // Given an address where nothing answers, and a timeout below Admin's request.timeout.ms (30 s)
        Map<String, Object> nowhere = Map.of("bootstrap.servers", "localhost:" + freePort());
        Duration timeout = Duration.ofSeconds(2);

        // When the coordinator topics are asked for
        long begin = System.nanoTime();
        boolean answered = CoordinatorTopics.create(nowhere, timeout);
        Duration took = Duration.ofNanos(System.nanoTime() - begin);

        // Then it is not refused (Admin rejects a default.api.timeout.ms below request.timeout.ms), it reports that the
        // broker did not answer, and the two lookups shared one deadline: each taking the whole timeout takes twice it
        assertThat(answered).isFalse();
        assertThat(took).isLessThan(timeout.multipliedBy(2));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
