package org.jkeras.callbacks;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jkeras.metrics.Metric;

/**
 * Keras's {@code MonitorCallback}: a callback that watches one logged value ({@code monitor}) and
 * decides whether it improved. {@code mode} is {@code "min"}, {@code "max"} or {@code "auto"}
 * (losses are minimised, accuracies maximised); an improvement must beat the best value by more
 * than {@code min_delta}.
 *
 * <p>Unlike Keras, which warns at the end of the first epoch, a {@code monitor} that the fit does
 * not log is an error before the first training step.
 */
public abstract class MonitorCallback extends Callback {
  private String monitor;
  private String mode = "auto";
  private double minDelta;
  private Double baseline;
  private Boolean lowerIsBetter;
  /** The best value seen so far, or null (Keras's {@code self.best}). */
  protected Double best;

  protected MonitorCallback(String monitor, double minDelta) {
    setMonitor(monitor);
    setMinDelta(minDelta);
  }

  /** The callback's name in messages (its class name). */
  protected String callbackName() {
    return getClass().getSimpleName();
  }

  public String monitor() {
    return monitor;
  }

  protected void setMonitor(String monitor) {
    if (monitor == null || monitor.isEmpty()) {
      throw new IllegalArgumentException(
          callbackName() + " needs the name of a logged value to monitor (e.g. \"val_loss\"). Received: monitor=" + monitor);
    }
    this.monitor = monitor;
  }

  protected void setMode(String mode) {
    String m = mode == null ? "" : mode.toLowerCase(Locale.ROOT);
    if (!List.of("auto", "min", "max").contains(m)) {
      throw new IllegalArgumentException(
          callbackName() + " mode must be one of \"auto\", \"min\", \"max\". Received: mode=" + mode);
    }
    this.mode = m;
  }

  protected void setMinDelta(double minDelta) {
    if (!Double.isFinite(minDelta)) {
      throw new IllegalArgumentException(callbackName() + " needs a finite `min_delta`. Received: min_delta=" + minDelta);
    }
    this.minDelta = Math.abs(minDelta);
  }

  protected void setBaseline(Double baseline) {
    if (baseline != null && !Double.isFinite(baseline)) {
      throw new IllegalArgumentException(callbackName() + " needs a finite `baseline`. Received: baseline=" + baseline);
    }
    this.baseline = baseline;
  }

  public String mode() {
    return mode;
  }

  public double minDelta() {
    return minDelta;
  }

  public Double baseline() {
    return baseline;
  }

  /**
   * Checks {@code monitor} against the values the fit will log and resolves the direction; call it
   * from {@code onTrainBegin}.
   */
  protected void resolveMonitor() {
    @SuppressWarnings("unchecked")
    List<String> logged = (List<String>) params().get("metrics");
    if (logged != null && !logged.contains(monitor) && !monitor.equals("learning_rate")) {
      throw new IllegalArgumentException(
          callbackName() + " callback received monitor=" + monitor + ", which is not a value this fit logs. Available: "
              + String.join(", ", logged)
              + (monitor.startsWith("val_") && !logged.contains("val_loss") ? " (there is no validation data)" : "") + ".");
    }
    if (mode.equals("min")) {
      lowerIsBetter = true;
    } else if (mode.equals("max")) {
      lowerIsBetter = false;
    } else {
      String name = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
      if (name.endsWith("]") && name.contains("[")) {
        name = name.substring(0, name.lastIndexOf('[')); // one element of a vector result (f1_score[0]): its metric's direction
      }
      lowerIsBetter = name.equals("loss") || name.equals("learning_rate") ? Boolean.TRUE : null;
      Metric m = lowerIsBetter == null && model() != null ? model().compiledMetrics().get(name) : null;
      if (m != null && m.direction() != null) {
        lowerIsBetter = m.direction().equals("down"); // Keras reads the metric's _direction
      }
      if (lowerIsBetter == null) {
        throw new IllegalArgumentException(
            callbackName() + " callback received monitor=" + monitor + ", but jkeras isn't able to automatically determine"
                + " whether that metric should be maximized or minimized. Pass `mode(\"max\")` in order to monitor based on"
                + " the highest metric value, or pass `mode(\"min\")` in order to use the lowest value.");
      }
    }
  }

  /** True when the monitored value should go down. */
  protected boolean lowerIsBetter() {
    if (lowerIsBetter == null) {
      throw new IllegalStateException(callbackName() + " has not resolved its monitor yet (onTrainBegin was not called).");
    }
    return lowerIsBetter;
  }

  /** Keras's {@code _is_improvement}: beats {@code reference} by more than min_delta (always, against null). */
  protected boolean isImprovement(double current, Double reference) {
    if (reference == null) {
      return true;
    }
    return lowerIsBetter() ? current + minDelta < reference : current - minDelta > reference;
  }

  /** The monitored value in {@code logs}, or null. */
  protected Double monitorValue(Map<String, Double> logs) {
    return logs == null ? null : logs.get(monitor);
  }
}
