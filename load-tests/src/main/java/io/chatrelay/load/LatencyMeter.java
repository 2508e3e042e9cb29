package io.chatrelay.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Latencies from the moment an operation was <em>due</em> (its slot in a constant arrival rate) to
 * the moment it completed, so a stalled system shows as latency rather than as fewer samples (no
 * coordinated omission). One histogram per recording thread, merged when the run is over.
 */
public final class LatencyMeter {
  private static final long HIGHEST = 600_000_000_000L; // 10 minutes in ns

  private final List<Histogram> all = new ArrayList<>();
  private final ThreadLocal<Histogram> mine =
      ThreadLocal.withInitial(
          () -> {
            Histogram h = new Histogram(HIGHEST, 3);
            synchronized (all) {
              all.add(h);
            }
            return h;
          });

  /** Records {@code now - dueNanos}. */
  public void record(long dueNanos, long nowNanos) {
    mine.get().recordValue(Math.min(Math.max(0, nowNanos - dueNanos), HIGHEST));
  }

  /** All samples so far; call when recording threads are quiet. */
  public Histogram merged() {
    Histogram h = new Histogram(HIGHEST, 3);
    synchronized (all) {
      for (Histogram part : all) {
        h.add(part);
      }
    }
    return h;
  }

  /** p50, p99, p999 and max of {@code h} in milliseconds, for the JSON summary. */
  public static Map<String, Object> millis(Histogram h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", h.getTotalCount());
    m.put("p50", ms(h.getValueAtPercentile(50)));
    m.put("p99", ms(h.getValueAtPercentile(99)));
    m.put("p999", ms(h.getValueAtPercentile(99.9)));
    m.put("max", ms(h.getMaxValue()));
    return m;
  }

  private static double ms(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }
}
