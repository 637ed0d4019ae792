package dev.switchboard.orchestrator.http;

import static dev.switchboard.orchestrator.http.TestApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.orchestrator.Http;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/usage}'s dates (its totals are checked on a broker in {@code UsageIT}). */
class UsageApiTest {
    private final TestApi api = TestApi.start();
    private final Http http = api.http(null);

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldAnswerTodayWhenNoDatesAreGiven() {
        Http.Response r = http.get("/v1/usage");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(r.json().path("from").asText()).isEqualTo(today);
        assertThat(r.json().path("to").asText()).isEqualTo(today);
        assertThat(r.json().path("usage").isArray()).isTrue();
    }

    @Test
    void shouldTakeADayRange() {
        Http.Response r = http.get("/v1/usage?from=2026-11-01&to=2026-11-07");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("from").asText()).isEqualTo("2026-11-01");
        assertThat(r.json().path("to").asText()).isEqualTo("2026-11-07");
    }

    @Test
    void shouldRefuseDatesThatAreNotYearMonthDayOrOutOfOrder() {
        for (String query : new String[] {"from=yesterday", "to=2026-13-01", "from=2026-2-1", "to=2026-11-31",
                "from=2026-11-29T00:00", "from=2026-11-08&to=2026-11-07"}) {
            assertProblem(http.get("/v1/usage?" + query), 400, "invalid-date");
        }
    }
}
