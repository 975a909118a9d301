package org.openkiosk.app.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Milliseconds per endpoint, kept whole (a run has at most a few hundred thousand requests) for exact percentiles. */
final class Latencies {

    private static final class Series {
        private long[] ms = new long[1024];
        private int n;
        private long failures;

        synchronized void add(long value) {
            if (n == ms.length) {
                ms = Arrays.copyOf(ms, n * 2);
            }
            ms[n++] = value;
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(ms, n);
            Arrays.sort(copy);
            return copy;
        }
    }

    /** One endpoint's figures: requests answered, failed (network or 5xx), p50 and p99 in ms. */
    record Summary(String endpoint, int count, long failures, long p50, long p99, long max) {
    }

    private final Map<String, Series> series = new TreeMap<>();
    /** Why requests failed: {@code endpoint: cause} (an HTTP status or the exception's class) and how often. */
    private final Map<String, Long> causes = new TreeMap<>();

    private synchronized Series of(String endpoint) {
        return series.computeIfAbsent(endpoint, k -> new Series());
    }

    void record(String endpoint, long ms) {
        of(endpoint).add(ms);
    }

    void failed(String endpoint, String cause) {
        Series s = of(endpoint);
        synchronized (s) {
            s.failures++;
        }
        synchronized (this) {
            causes.merge(endpoint + ": " + cause, 1L, Long::sum);
        }
    }

    /** The failures by endpoint and cause, in alphabetical order. */
    synchronized Map<String, Long> failureCauses() {
        return new TreeMap<>(causes);
    }

    synchronized java.util.List<Summary> summaries() {
        return series.entrySet().stream().map(e -> {
            long[] sorted = e.getValue().sorted();
            long failures;
            synchronized (e.getValue()) {
                failures = e.getValue().failures;
            }
            return new Summary(e.getKey(), sorted.length, failures, percentile(sorted, 50), percentile(sorted, 99),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        }).toList();
    }

    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
