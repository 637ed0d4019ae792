package dev.switchboard.orchestrator.http;

import static dev.switchboard.orchestrator.http.TestApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.config.Secret;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.OrchestratorConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dashboard's files over real HTTP (decision 0033): no key needed for them, while the API still needs one. */
class DashboardAssetsTest {
    private static final String KEY = "api-key-dashboard-5c7e21";
    private final TestApi api = TestApi.start(OrchestratorConfig.custom().apiKeys(List.of(Secret.of(KEY))));
    private final Http anonymous = api.http(null);

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldServeTheDashboardWithoutAKeyWhileTheApiStillNeedsOne() {
        // When a browser without a key opens the dashboard
        Http.Response index = anonymous.get("/ui/");
        Http.Response home = anonymous.get("/");

        // Then it gets the page, as HTML, with the security headers
        assertThat(index.status()).as(index.body()).isEqualTo(200);
        assertThat(index.contentType()).isEqualToIgnoringWhitespace("text/html;charset=utf-8");
        assertThat(index.body()).contains("<html");
        assertSecure(index);
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("href=\"/ui/\"", "href=\"/openapi.json\"", "href=\"/health/ready\"");
        assertSecure(home);

        // And the API it calls still needs the key
        assertProblem(anonymous.get("/v1/agents"), 401, "unauthorized");
        assertThat(api.http(KEY).get("/v1/agents").status()).isEqualTo(200);
    }

    @Test
    void shouldRedirectUiToItsDirectory() {
        Http.Response ui = anonymous.get("/ui");

        assertThat(ui.status()).isEqualTo(302);
        assertThat(ui.header("Location")).isEqualTo("/ui/");
    }

    @Test
    void shouldAnswerNotFoundForUnknownFilesAndTraversal() {
        // unknown files, names of unknown types, dot segments and directories are all a 404 problem
        assertProblem(anonymous.get("/ui/no-such-file.js"), 404, "not-found");
        assertProblem(anonymous.get("/ui/index.exe"), 404, "not-found");
        assertProblem(anonymous.get("/ui/.hidden.js"), 404, "not-found");
        assertProblem(anonymous.get("/ui/..%2Fopenapi.json"), 404, "not-found");
        assertThat(DashboardAssets.contentType("../openapi.json")).isEmpty();
        assertThat(DashboardAssets.contentType("a/../../x.js")).isEmpty();
        assertThat(DashboardAssets.contentType("app.js")).contains("text/javascript; charset=utf-8");
        assertThat(DashboardAssets.contentType("styles/app.css")).contains("text/css; charset=utf-8");
        // a traversal the client sends as is never reaches a file outside the dashboard's directory
        Http.Response dotDot = anonymous.get("/ui/%2e%2e/openapi.json");
        assertThat(dotDot.status()).isIn(400, 404);
        assertThat(dotDot.body()).doesNotContain("\"openapi\"");
    }

    @Test
    void shouldNotAnswerTheKeyedApiThroughADotDotPathUnderTheDashboard() {
        // Given a job in the keyed API
        JobManifest job = JobManifest.create(UUID.randomUUID(), List.of("sentiment"), Instant.now(),
                Instant.now().plusSeconds(60), null, Map.of());
        api.queries.put(job);

        // When a client without a key sends dot-dot paths from the dashboard to the job list as is (not normalised)
        for (String path : List.of("/ui/../v1/jobs", "/ui/%2e%2e/v1/jobs", "/ui/..%2fv1/jobs", "/ui/%2E%2E%2Fv1/jobs")) {
            TestApi.RawResponse answer = TestApi.raw(api.port(), "GET", path, "localhost", null, null);

            // Then it is refused or not found, never the jobs
            assertThat(answer.status()).as(path + " " + answer.body()).isIn(400, 401, 404);
            assertThat(answer.body()).as(path).doesNotContain(job.jobId().toString());
        }
    }

    @Test
    void shouldTagRequestMetricsByDashboardRouteNotByFile() {
        // Given requests for the home page and several dashboard files
        anonymous.get("/");
        anonymous.get("/ui/");
        anonymous.get("/ui/index.html");
        anonymous.get("/ui/missing-1.js");
        anonymous.get("/ui/missing-2.css");

        // Then the metrics name two routes, and no file
        String metrics = api.http(KEY).get("/metrics").body();
        assertThat(metrics).contains("route=\"/ui\"", "route=\"/\"")
                .doesNotContain("missing-1", "index.html", "route=\"unmatched\"");
    }

    private static void assertSecure(Http.Response r) {
        assertThat(r.header("Content-Security-Policy")).isEqualTo(DashboardAssets.CONTENT_SECURITY_POLICY)
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
    }
}
