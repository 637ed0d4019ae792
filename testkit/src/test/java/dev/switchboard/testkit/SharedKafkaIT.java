package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** Code that cannot take a parameter (a Spring {@code @DynamicPropertySource}) reaches the broker {@code @KafkaTest} hands out. */
@KafkaTest
class SharedKafkaIT {

    @Test
    void shouldHandOutTheSharedClusterToKafkaTests(TestKafka kafka) throws Exception {
        // Given the cluster this @KafkaTest got, When a static caller asks for the run's cluster
        TestKafka shared = TestKafka.shared();

        // Then it is the same running cluster, not a second one
        assertThat(shared).isSameAs(kafka);
        try (Admin admin = Admin.create(Map.copyOf(shared.clientProperties()))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).isNotEmpty();
        }
    }
}
