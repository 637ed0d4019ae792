package dev.switchboard.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles of a list of latencies in milliseconds. */
final class Stats {
    private Stats() {
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /**
     * Requests per second of a limiter that sends in waves of up to {@code limit}: request i and request i + k·limit sit
     * at the same place in their waves, so k·limit ÷ (their time apart) is the sustained rate. Counting from the first
     * to the last arrival instead would miss the last wave's window and overstate it.
     */
    static double sustainedRate(List<Long> arrivalNanos, int limit) {
        long[] a = arrivalNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int last = a.length - 1;
        int first = last % limit;
        return last == first ? Double.NaN : (last - first) / ((a[last] - a[first]) / 1e9);
    }

    /** The shortest time in milliseconds between two arrivals {@code limit} apart (under 1000: the limit was broken). */
    static double closestMillis(List<Long> arrivalNanos, int limit) {
        long[] a = arrivalNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        long closest = Long.MAX_VALUE;
        for (int i = limit; i < a.length; i++) {
            closest = Math.min(closest, a[i] - a[i - limit]);
        }
        return closest == Long.MAX_VALUE ? Double.NaN : closest / 1e6;
    }

    /** How many arrivals had {@code limit} others within the preceding second (i.e. broke the rate). */
    static int overLimit(List<Long> arrivalNanos, int limit) {
        long[] a = arrivalNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int over = 0;
        for (int i = limit; i < a.length; i++) {
            if (a[i] - a[i - limit] < 1_000_000_000L) {
                over++;
            }
        }
        return over;
    }
}
