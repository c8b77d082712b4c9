package org.jkeras.metrics;

import java.util.Map;
import org.jkeras.saving.serialization.Config;

/**
 * Keras's {@code F1Score(average=None, threshold=None)} ({@code "f1_score"}): {@link FBetaScore}
 * with beta 1, the harmonic mean of precision and recall. Without averaging the result is one score
 * per class, logged by jkeras as {@code f1_score[0]}, {@code f1_score[1]}... (Keras logs the array).
 */
public class F1Score extends FBetaScore {
  public F1Score() {
    this(null);
  }

  /** Keras's {@code F1Score(average)}: null, {@code "micro"}, {@code "macro"} or {@code "weighted"}. */
  public F1Score(String average) {
    super("f1_score", average, 1.0);
  }

  @Override
  public F1Score average(String average) {
    super.average(average);
    return this;
  }

  @Override
  public F1Score threshold(double threshold) {
    super.threshold(threshold);
    return this;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.remove("beta");
    return c;
  }

  /** Keras's {@code from_config}. */
  public static F1Score fromConfig(Map<String, Object> config) {
    Config c = readConfig("F1Score", config);
    F1Score f = new F1Score(c.getString("average", null));
    if (c.has("threshold")) {
      f.threshold(c.getDouble("threshold"));
    }
    return withName(f, c);
  }
}
