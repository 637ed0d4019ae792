package dev.switchboard.observability.management;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named checks behind {@code /health/ready}: the process is ready when every check is up.
 * Thread-safe; checks may be added at any time, and keep the order they were added in. A check
 * that throws counts as down.
 */
public final class ReadinessChecks {
    private static final Logger log = LoggerFactory.getLogger(ReadinessChecks.class);
    public static final String UP = "UP";
    public static final String DOWN = "DOWN";

    private final Map<String, Check> checks = new LinkedHashMap<>();

    private record Check(BooleanSupplier up, String downStatus) {
    }

    /** What the checks said at one moment: {@code checks} maps each name to its status, {@code failing} lists the down ones. */
    public record Result(boolean ready, Map<String, String> checks, List<String> failing) {
    }

    /** Adds a check that is {@value #DOWN} while {@code up} says false. */
    public ReadinessChecks add(String name, BooleanSupplier up) {
        return add(name, up, DOWN);
    }

    /** Adds a check that reports {@code downStatus} (e.g. {@code CATCHING_UP}) while {@code up} says false. */
    public synchronized ReadinessChecks add(String name, BooleanSupplier up, String downStatus) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A readiness check needs a name");
        }
        if (up == null) {
            throw new IllegalArgumentException("Readiness check '" + name + "' needs a condition");
        }
        if (checks.putIfAbsent(name, new Check(up, downStatus)) != null) {
            throw new IllegalArgumentException("There is already a readiness check named '" + name + "'");
        }
        return this;
    }

    public synchronized List<String> names() {
        return List.copyOf(checks.keySet());
    }

    /** Runs every check, in the order they were added. */
    public Result evaluate() {
        Map<String, Check> current;
        synchronized (this) {
            current = new LinkedHashMap<>(checks);
        }
        Map<String, String> statuses = new LinkedHashMap<>();
        List<String> failing = new ArrayList<>();
        current.forEach((name, check) -> {
            boolean up = isUp(name, check);
            statuses.put(name, up ? UP : check.downStatus());
            if (!up) {
                failing.add(name);
            }
        });
        return new Result(failing.isEmpty(), statuses, List.copyOf(failing));
    }

    private static boolean isUp(String name, Check check) {
        try {
            return check.up().getAsBoolean();
        } catch (RuntimeException e) {
            log.warn("Readiness check '{}' failed: {}", name, e.toString());
            return false;
        }
    }
}
