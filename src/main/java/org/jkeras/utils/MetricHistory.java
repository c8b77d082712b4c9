package org.jkeras.utils;

import java.util.List;
import java.util.Map;

/** Per-epoch values of named metrics ({@code loss}, {@code val_accuracy}...), as a {@code History} holds them. */
public interface MetricHistory {
  /** Metric name to its value at each epoch. */
  Map<String, List<Double>> history();
}
