package dev.switchboard.orchestrator.view;

import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Usage;
import dev.switchboard.orchestrator.port.UsageQueries;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Totals per caller (a manifest's {@code owner}) and UTC day of the report's creation, from every report the view reads,
 * the replay at start included (decision 0024). Bounded: days older than {@link #DAYS_KEPT} days before today are
 * dropped (the reports topic keeps 7 days, so a restart could not rebuild them anyway), and at most {@link #MAX_ROWS}
 * rows are kept, the oldest day's going first. Written by the view's updater thread, read by API threads.
 */
public final class UsageLedger implements UsageQueries {
    /** Today and the 7 days before it: the reports topic's retention. */
    public static final int DAYS_KEPT = 7;
    static final int MAX_ROWS = 10_000;
    /** Jobs remembered as counted: the view's default job bound. */
    static final int MAX_JOBS_REMEMBERED = 100_000;
    /** The owner of a job whose manifest was written before owners existed. */
    static final String NO_OWNER = "unknown";

    private record Key(String owner, LocalDate day) {
    }

    private record Totals(long jobs, Usage usage) {
        Totals plus(Totals other) {
            return new Totals(jobs + other.jobs, usage.plus(other.usage));
        }
    }

    private final Map<Key, Totals> rows = new ConcurrentHashMap<>();
    /** The jobs counted lately, oldest first (about 100 bytes each), so that no job's report counts twice. */
    private final Set<UUID> countedJobs = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > MAX_JOBS_REMEMBERED;
        }
    });
    private final Clock clock;

    public UsageLedger(Clock clock) {
        this.clock = clock;
    }

    /**
     * Counts one job's report for {@code owner} ({@code null}: a manifest without an owner, or not in the view); true if
     * counted now, false for a report of a job already counted (a repeat, read again after the job left the view: at most
     * {@link #MAX_JOBS_REMEMBERED} jobs are remembered) or too old to keep.
     */
    boolean add(String owner, Report report) {
        LocalDate day = LocalDate.ofInstant(report.createdAt(), ZoneOffset.UTC);
        LocalDate oldest = today().minusDays(DAYS_KEPT);
        if (day.isBefore(oldest) || !countedJobs.add(report.jobId())) {
            return false;
        }
        Key key = new Key(owner == null ? NO_OWNER : owner, day);
        if (!rows.containsKey(key)) {
            rows.keySet().removeIf(k -> k.day().isBefore(oldest));
            if (rows.size() >= MAX_ROWS && !makeRoomFor(day)) {
                return true;
            }
        }
        rows.merge(key, new Totals(1, report.usage().total()), Totals::plus);
        return true;
    }

    /** Drops a row of the oldest day if that day is older than {@code day}; false when {@code day} is the oldest. */
    private boolean makeRoomFor(LocalDate day) {
        Key oldest = rows.keySet().stream().min(Comparator.comparing(Key::day)).orElse(null);
        if (oldest == null || !oldest.day().isBefore(day)) {
            return false;
        }
        rows.remove(oldest);
        return true;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    @Override
    public List<Row> usage(String owner, LocalDate from, LocalDate to) {
        return rows.entrySet().stream()
                .filter(e -> owner == null || owner.equals(e.getKey().owner()))
                .filter(e -> !e.getKey().day().isBefore(from) && !e.getKey().day().isAfter(to))
                .map(e -> row(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(Row::day).thenComparing(Row::owner))
                .toList();
    }

    private static Row row(Key key, Totals t) {
        Usage u = t.usage();
        return new Row(key.owner(), key.day(), t.jobs(), u.calls(), u.replayedCalls(), u.inputTokens(), u.outputTokens(),
                u.estimatedCost());
    }

    /** Rows kept (tests check the bound). */
    int size() {
        return rows.size();
    }
}
