package dev.switchboard.launcher;

import picocli.CommandLine.Option;

/** {@code --bootstrap-servers}, shared by the single-service commands. */
final class ServiceOptions {
    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (default: SWITCHBOARD_BOOTSTRAP_SERVERS or localhost:9092).")
    String bootstrapServers;

    Settings settings() {
        return new Settings().set("SWITCHBOARD_BOOTSTRAP_SERVERS", bootstrapServers);
    }
}
