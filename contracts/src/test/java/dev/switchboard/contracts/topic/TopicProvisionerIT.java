package dev.switchboard.contracts.topic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.testkit.KafkaTest;
import dev.switchboard.testkit.TestKafka;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@KafkaTest
class TopicProvisionerIT {
    private static final int PROCESSES = 4;

    @Test
    void shouldProvisionTheSameNewTopicsFromSeveralProcessesAtOnce(TestKafka kafka) throws Exception {
        // Given services that start side by side (orchestrator, aggregator, agents) on a cluster without their topics
        KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
        ExecutorService starts = Executors.newFixedThreadPool(PROCESSES);
        try {
            for (int round = 0; round < 3; round++) {
                TopicCatalogue catalogue = TopicCatalogue.parse(bundledYaml().replace("name: switchboard.", "name: race" + round + "."));
                List<Callable<TopicProvisioner.Outcome>> provisions = new ArrayList<>();
                for (int p = 0; p < PROCESSES; p++) {
                    provisions.add(() -> TopicProvisioner.provision(settings, catalogue));
                }

                // When each provisions the catalogue at the same moment
                List<TopicProvisioner.Outcome> outcomes = new ArrayList<>();
                for (Future<TopicProvisioner.Outcome> f : starts.invokeAll(provisions)) {
                    outcomes.add(f.get()); // a process that lost the race to create must not see "does not exist"
                }

                // Then every one of them passes the check, and every topic was created exactly once
                List<String> created = outcomes.stream().flatMap(o -> o.created().stream()).toList();
                assertThat(created).as("round " + round).doesNotHaveDuplicates()
                        .contains("race" + round + ".jobs", "race" + round + ".results");
            }
        } finally {
            starts.shutdownNow();
            starts.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static String bundledYaml() throws IOException {
        try (InputStream in = TopicCatalogue.class.getResourceAsStream(TopicCatalogue.DEFAULT_FILE_NAME)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
