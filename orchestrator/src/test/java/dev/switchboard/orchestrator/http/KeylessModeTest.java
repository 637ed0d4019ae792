package dev.switchboard.orchestrator.http;

import static dev.switchboard.orchestrator.http.TestApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.orchestrator.http.TestApi.RawResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Without API keys the API stands for itself against browsers (decision 0021): requests addressed to another name
 * (DNS rebinding) and requests from web pages of other sites are refused; the CLI and curl, which send no
 * {@code Origin}, and pages served from localhost keep working.
 */
class KeylessModeTest {
    private static final String DOCUMENT = "{\"document\":\"Great product.\"}";
    private final TestApi api = TestApi.start();
    private final Http http = api.http(null);

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldRefuseARequestAddressedToAnotherHostName() {
        // Given a page of evil.example whose name was rebound to 127.0.0.1: its requests carry Host: evil.example
        RawResponse submit = raw("POST", "/v1/jobs", "evil.example", "text/plain", DOCUMENT);
        RawResponse agents = raw("GET", "/v1/agents", "evil.example:" + api.port(), null, null);

        // Then both are refused as misdirected, and nothing was submitted
        assertThat(submit.status()).as(submit.body()).isEqualTo(421);
        assertThat(submit.body()).contains("/problems/misdirected-request");
        assertThat(agents.status()).isEqualTo(421);
        assertThat(api.submissions.written()).isEmpty();

        // And requests addressed to this machine by any loopback name pass
        assertThat(raw("GET", "/v1/agents", "localhost:" + api.port(), null, null).status()).isEqualTo(200);
        assertThat(raw("GET", "/v1/agents", "127.0.0.1", null, null).status()).isEqualTo(200);
        assertThat(raw("GET", "/v1/agents", "[::1]:" + api.port(), null, null).status()).isEqualTo(200);
        // health answers whatever the Host: probes address it in many ways, and it submits and reveals no job
        assertThat(raw("GET", "/health/live", "evil.example", null, null).status()).isEqualTo(200);
    }

    @Test
    void shouldRefuseACrossSiteTextPlainPostAndSubmitNothing() {
        // Given a page of https://evil.example posting a "simple request" (text/plain: no CORS preflight)
        Http.Response response = http.post("/v1/jobs", "text/plain", "{\"document\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                "Origin", "https://evil.example");

        // Then it is refused, and nothing was submitted
        assertProblem(response, 403, "cross-site-request");
        assertThat(api.submissions.written()).isEmpty();

        // And so are a sandboxed page (Origin: null), a page on a look-alike name, and a cross-site fetch without Origin
        assertProblem(http.postJson("/v1/jobs", DOCUMENT, "Origin", "null"), 403, "cross-site-request");
        assertProblem(http.postJson("/v1/jobs", DOCUMENT, "Origin", "http://localhost.evil.example"), 403, "cross-site-request");
        assertProblem(http.get("/v1/agents", "Sec-Fetch-Site", "cross-site"), 403, "cross-site-request");
        assertThat(api.submissions.written()).isEmpty();
    }

    @Test
    void shouldAcceptTheCliAndPagesServedFromLocalhost() {
        // Given a client without Origin (the CLI, curl) and a page served from localhost on another port
        Http.Response cli = http.postJson("/v1/jobs", DOCUMENT);
        Http.Response localPage = http.postJson("/v1/jobs", DOCUMENT, "Origin", "http://localhost:3000",
                "Sec-Fetch-Site", "same-site");
        Http.Response ownOrigin = http.postJson("/v1/jobs", DOCUMENT, "Origin", "http://127.0.0.1:" + api.port());

        // Then all are accepted, and each caller is anonymous and reads the jobs
        assertThat(cli.status()).as(cli.body()).isEqualTo(202);
        assertThat(localPage.status()).as(localPage.body()).isEqualTo(202);
        assertThat(ownOrigin.status()).as(ownOrigin.body()).isEqualTo(202);
        assertThat(api.submissions.written()).hasSize(3)
                .allSatisfy(w -> assertThat(w.manifest().owner()).isEqualTo(ApiKeys.ANONYMOUS));
        assertThat(http.get("/v1/jobs/" + cli.json().path("jobId").asText()).status()).isEqualTo(200);
    }

    @Test
    void shouldKeepTheHostAndCrossSiteChecksOnTheDashboardsFiles() {
        // Given the keyless API, whose dashboard files need no key
        assertThat(raw("GET", "/ui/", "localhost:" + api.port(), null, null).status()).isEqualTo(200);

        // Then a rebound name and a page of another site are still refused for them
        assertThat(raw("GET", "/ui/", "evil.example", null, null).status()).isEqualTo(421);
        assertThat(raw("GET", "/", "evil.example", null, null).status()).isEqualTo(421);
        assertProblem(http.get("/ui/index.html", "Sec-Fetch-Site", "cross-site"), 403, "cross-site-request");

        // And a dot-dot path sent as is reaches no file outside the dashboard's directory
        RawResponse dotDot = raw("GET", "/ui/../openapi.json", "localhost", null, null);
        assertThat(dotDot.status()).as(dotDot.body()).isIn(400, 404);
        assertThat(dotDot.body()).doesNotContain("\"openapi\"");
    }

    @Test
    void shouldTellLoopbackNamesFromLookAlikes() {
        assertThat(LoopbackGuard.isLoopbackHost("LOCALHOST:8080")).isTrue();
        assertThat(LoopbackGuard.isLoopbackHost("127.1.2.3")).isTrue();
        assertThat(LoopbackGuard.isLoopbackHost("[0:0:0:0:0:0:0:1]:80")).isTrue();
        assertThat(LoopbackGuard.isLoopbackHost("localhost.evil.example")).isFalse();
        assertThat(LoopbackGuard.isLoopbackHost("127.0.0.1.nip.io")).isFalse();
        assertThat(LoopbackGuard.isLoopbackHost("127.0.0.256")).isFalse();
        assertThat(LoopbackGuard.isLoopbackHost("0.0.0.0")).isFalse();
        assertThat(LoopbackGuard.isLoopbackOrigin("https://localhost")).isTrue();
        assertThat(LoopbackGuard.isLoopbackOrigin("file://localhost")).isFalse();
        assertThat(LoopbackGuard.isLoopbackOrigin("http://127.0.0.1@evil.example")).isFalse();
    }

    @Test
    void shouldStateThatInsecureModeOnANetworkChecksNoHostOnlyCrossSiteBrowsers() {
        // Given a keyless API bound to every address with --insecure
        OrchestratorConfig.Builder insecure = OrchestratorConfig.custom().host("0.0.0.0").insecure(true);
        try (TestApi open = TestApi.start(insecure)) {
            // When a request names another host, and a page of another site posts
            RawResponse foreignHost = TestApi.raw(open.port(), "GET", "/v1/agents", "evil.example", null, null);
            Http.Response crossSite = open.http(null).post("/v1/jobs", "text/plain",
                    DOCUMENT.getBytes(StandardCharsets.UTF_8), "Origin", "https://evil.example");

            // Then there is no Host check (the name is not refused), but the cross-site browser request is
            assertThat(foreignHost.status()).as(foreignHost.body()).isEqualTo(200);
            assertProblem(crossSite, 403, "cross-site-request");
        }
        // And the start log says exactly that, unlike loopback mode, which checks both
        assertThat(ApiServer.accessSummary(insecure.build())).contains("UNSAFE", "no Host check", "other sites")
                .doesNotContain("loopback only");
        assertThat(ApiServer.accessSummary(OrchestratorConfig.custom().build())).contains("loopback only",
                "not addressed to localhost", "other sites");
    }

    /** One HTTP/1.1 request over a socket: the JDK client will not send a Host header of our choosing. */
    private RawResponse raw(String method, String path, String host, String contentType, String body) {
        return TestApi.raw(api.port(), method, path, host, contentType, body);
    }
}
