package org.jkeras.trainers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running values of one epoch (or one evaluation), as Keras 3.15's trackers: the loss averaged
 * over batches weighted by batch size, each output's own loss ({@code cls_loss}) as the plain mean
 * of its batch values (Keras's per-output trackers take no batch-size weight), and each metric's
 * result, which its state (in the graph) keeps over every batch since its last reset (a vector
 * result as one value per element, {@code f1_score[0]}...).
 * Logs come out with their keys sorted, as Keras's {@code pythonify_logs} gives them.
 */
final class Logs {
  private final Compiled compiled;
  private final List<String> metricNames;
  private double lossSum;
  private final double[] outputLossSums;
  private final double[] metricResults;
  private long count;
  private long batches;

  Logs(Compiled compiled) {
    this.compiled = compiled;
    this.metricNames = compiled.metricKeys();
    this.outputLossSums = new double[compiled.trained().size()];
    this.metricResults = new double[metricNames.size()];
  }

  /**
   * One batch: its loss, each trained output's loss, and each metric's result so far (its state
   * covers every batch), vector results flattened in {@link Compiled#metricKeys()} order.
   */
  void add(double loss, double[] outputLosses, double[] results, int size) {
    lossSum += loss * size;
    for (int i = 0; i < outputLosses.length; i++) {
      outputLossSums[i] += outputLosses[i];
    }
    System.arraycopy(results, 0, metricResults, 0, results.length);
    count += size;
    batches++;
  }

  /** The means so far, keys sorted and prefixed (e.g. {@code val_}); empty before the first batch. */
  Map<String, Double> result(String prefix) {
    Map<String, Double> logs = new TreeMap<>();
    if (count == 0) {
      return new LinkedHashMap<>();
    }
    logs.put(prefix + "loss", lossSum / count);
    if (compiled.several()) {
      List<Compiled.Output> trained = compiled.trained();
      for (int i = 0; i < trained.size(); i++) {
        logs.put(prefix + trained.get(i).name() + "_loss", outputLossSums[i] / batches);
      }
    }
    for (int i = 0; i < metricNames.size(); i++) {
      logs.put(prefix + metricNames.get(i), metricResults[i]);
    }
    return new LinkedHashMap<>(logs);
  }
}
