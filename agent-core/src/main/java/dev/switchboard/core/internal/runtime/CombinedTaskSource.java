package dev.switchboard.core.internal.runtime;

import dev.switchboard.contracts.lifecycle.InParallel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Several task sources as one (a share group beside a consumer group for the retry tiers: decision 0038): started
 * together, closed together within one drain timeout, stopped once any of them stopped.
 */
final class CombinedTaskSource implements TaskSource {
    private final List<TaskSource> sources;

    CombinedTaskSource(List<TaskSource> sources) {
        this.sources = List.copyOf(sources);
    }

    @Override
    public void start(RecordHandler handler) {
        sources.forEach(s -> s.start(handler));
    }

    /** Closes them side by side, so the drain timeout holds for all of them at once. */
    @Override
    public void close(Duration drain) {
        Map<String, Runnable> closes = new LinkedHashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            TaskSource source = sources.get(i);
            closes.put("source-" + i, () -> source.close(drain));
        }
        InParallel.close(closes);
    }

    @Override
    public boolean isStopped() {
        return sources.stream().anyMatch(TaskSource::isStopped);
    }

    @Override
    public Throwable failure() {
        return sources.stream().map(TaskSource::failure).filter(Objects::nonNull).findFirst().orElse(null);
    }
}
