package dev.switchboard.orchestrator.http;

/** One documented route: the OpenAPI document and the router are checked against this table. */
public record Route(String method, String path) {
    public static final java.util.List<Route> ALL = java.util.List.of(
            new Route("POST", "/v1/jobs"),
            new Route("POST", "/v1/jobs:batch"),
            new Route("GET", "/v1/jobs"),
            new Route("GET", "/v1/jobs/{id}"),
            new Route("GET", "/v1/jobs/{id}/report"),
            new Route("GET", "/v1/jobs/{id}/events"),
            new Route("GET", "/v1/agents"),
            new Route("GET", "/v1/usage"),
            new Route("GET", "/v1/dlq"),
            new Route("GET", "/v1/dlq/{ref}"),
            new Route("POST", "/v1/dlq/replay"),
            new Route("GET", "/health/live"),
            new Route("GET", "/health/ready"),
            new Route("GET", "/metrics"),
            new Route("GET", "/openapi.json"));

    /** The documented route a request falls under, if any (keeps metric tags to a fixed set). */
    public static java.util.Optional<Route> match(String method, String path) {
        return ALL.stream()
                .filter(r -> r.method().equals(method) && path.matches(r.path().replaceAll("\\{[^}]+}", "[^/]+")))
                .findFirst();
    }
}
