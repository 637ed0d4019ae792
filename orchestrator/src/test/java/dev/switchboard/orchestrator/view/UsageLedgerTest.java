package dev.switchboard.orchestrator.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.JobUsage;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Usage;
import dev.switchboard.orchestrator.port.UsageQueries;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The per-key, per-day totals stay small: 8 days at most, and a bounded number of rows (decision 0024). */
class UsageLedgerTest {
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private final UsageLedger ledger = new UsageLedger(Clock.fixed(NOW, ZoneOffset.UTC));

    private static Report report(Instant createdAt, long inputTokens) {
        return new Report(1, UUID.randomUUID(), Report.Status.COMPLETED, Map.of(), List.of(), List.of(), "", createdAt,
                new JobUsage(new Usage(1, 0, inputTokens, 1, null), Map.of()));
    }

    @Test
    void shouldSumAKeysReportsPerDayAndKeepTheLastSevenDaysOnly() {
        // Given reports of one key today (two), 7 days ago, and 8 days ago
        ledger.add("key-a", report(NOW, 10));
        ledger.add("key-a", report(NOW.minusSeconds(60), 5));
        ledger.add("key-a", report(NOW.minus(7, ChronoUnit.DAYS), 3));
        ledger.add("key-a", report(NOW.minus(8, ChronoUnit.DAYS), 1));

        // Then today sums both, the 7th day back is kept, the 8th is not
        List<UsageQueries.Row> rows = ledger.usage("key-a", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30));
        assertThat(rows).extracting(r -> r.day() + "=" + r.jobs() + "/" + r.inputTokens())
                .containsExactly("2026-11-22=1/3", "2026-11-29=2/15");
    }

    @Test
    void shouldKeepAtMostMaxRowsAndMakeRoomForANewerDay() {
        // Given the ledger full of yesterday's rows
        for (int i = 0; i < UsageLedger.MAX_ROWS + 5; i++) {
            ledger.add("key-" + i, report(NOW.minus(1, ChronoUnit.DAYS), 1));
        }
        assertThat(ledger.size()).isEqualTo(UsageLedger.MAX_ROWS);

        // When a report of today comes, Then it takes the place of a row of the oldest day
        ledger.add("key-new", report(NOW, 1));
        assertThat(ledger.size()).isEqualTo(UsageLedger.MAX_ROWS);
        assertThat(ledger.usage("key-new", LocalDate.of(2026, 11, 29), LocalDate.of(2026, 11, 29))).hasSize(1);
    }
}
