package org.jkeras.callbacks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.utils.Files2;
import org.jkeras.utils.MetricHistory;

/**
 * Keras's {@code History}, returned by {@code fit}: {@link #history()} maps each logged metric to its
 * per-epoch values; {@link #epoch()} lists the epoch indices.
 */
public class History extends Callback implements MetricHistory {
  private final Map<String, List<Double>> history = new LinkedHashMap<>();
  private final List<Integer> epochs = new ArrayList<>();

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    // Keras keeps accumulating across fit calls on the same History object; fit makes a new one.
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    epochs.add(epoch);
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      history.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
    }
  }

  /** Metric name to per-epoch values, in logging order. */
  @Override
  public Map<String, List<Double>> history() {
    return history;
  }

  public List<Integer> epoch() {
    return epochs;
  }

  /** The values of one metric, e.g. {@code get("val_accuracy")}. */
  public List<Double> get(String metric) {
    List<Double> v = history.get(metric);
    if (v == null) {
      throw new IllegalArgumentException("No metric named `" + metric + "` in the history. Available: " + history.keySet());
    }
    return v;
  }

  /** The history as CSV: {@code epoch} then one column per metric, one row per epoch (Keras's CSVLogger layout). */
  public String toCsv() {
    List<String> keys = new ArrayList<>(history.keySet());
    Collections.sort(keys);
    StringBuilder sb = new StringBuilder("epoch");
    for (String k : keys) {
      sb.append(',').append(k);
    }
    sb.append('\n');
    for (int i = 0; i < epochs.size(); i++) {
      sb.append(epochs.get(i));
      for (String k : keys) {
        List<Double> v = history.get(k);
        sb.append(',').append(i < v.size() ? v.get(i).toString() : "");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Writes {@link #toCsv()} to {@code file}, atomically. */
  public void writeCsv(Path file) throws IOException {
    Files2.writeAtomically(file, toCsv().getBytes(StandardCharsets.UTF_8));
  }
}
