package dev.switchboard.launcher;

import dev.switchboard.contracts.lifecycle.Service;
import dev.switchboard.contracts.lifecycle.ServiceRunner;
import dev.switchboard.kafka.embedded.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "kafka", mixinStandardHelpOptions = true, description = "Run only the embedded KRaft broker, for running the services as separate processes.")
final class KafkaCommand implements Callable<Integer> {

    @Option(names = "--port", description = "Client port (default: ${DEFAULT-VALUE}; 0 = any free port).", defaultValue = "9092")
    int port;

    @Option(names = "--data-dir", description = "Keep the broker's data here (default: a temporary directory, deleted on exit).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().clientPort(port).dataDir(dataDir).build();
        return ServiceRunner.of(new Broker(kafka)).run(() -> {
            System.out.println("Kafka is up at " + kafka.bootstrapServers());
            System.out.println("  export SWITCHBOARD_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers());
        });
    }

    /** The embedded broker as a {@link Service}. */
    private record Broker(EmbeddedKafkaCluster kafka) implements Service {
        @Override
        public Broker start() {
            kafka.start();
            return this;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public Optional<Throwable> failure() {
            return Optional.empty();
        }

        @Override
        public void close() {
            kafka.close();
        }
    }
}
