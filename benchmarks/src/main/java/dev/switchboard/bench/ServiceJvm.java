package dev.switchboard.bench;

import java.util.List;

/**
 * The JVM options the {@code switchboard} script starts each single service with (its {@code case} of
 * {@code default_java_opts}; decision 0039), which the deployed scenario gives the same processes. ServiceJvmTest holds
 * the two equal.
 */
enum ServiceJvm {
    ORCHESTRATOR(List.of("-Xmx512m")),
    AGGREGATOR(List.of("-Xmx256m", "-XX:+UseSerialGC")),
    AGENT(List.of("-Xmx256m", "-XX:+UseSerialGC"));

    private final List<String> options;

    ServiceJvm(List<String> options) {
        this.options = options;
    }

    List<String> options() {
        return options;
    }

    /** The script's command for the service: {@code orchestrator}, {@code aggregator}, {@code agent}. */
    String command() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
