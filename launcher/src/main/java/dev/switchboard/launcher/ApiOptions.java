package dev.switchboard.launcher;

import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --url} and {@code --api-key}: where the orchestrator is and the key to send, shared by the API commands. */
final class ApiOptions {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    @Option(names = "--url", description = "Orchestrator URL (default: SWITCHBOARD_URL or " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--api-key", description = "API key (default: SWITCHBOARD_API_KEY; the dlq commands need an admin key).")
    String apiKey;

    ApiClient client() {
        String base = url != null ? url : Optional.ofNullable(System.getenv("SWITCHBOARD_URL")).orElse(DEFAULT_URL);
        return new ApiClient(base, apiKey != null ? apiKey : System.getenv("SWITCHBOARD_API_KEY"));
    }
}
