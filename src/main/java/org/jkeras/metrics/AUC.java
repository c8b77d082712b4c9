package org.jkeras.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jkeras.backend.KerasVariable;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code AUC(num_thresholds=200, curve="ROC", summation_method="interpolation",
 * thresholds=None, multi_label=False, num_labels=None, label_weights=None, from_logits=False)}
 * ({@code "auc"}): the area under the ROC curve (or the precision-recall curve, {@code "PR"}, or
 * the precision-recall-gain curve, {@code "PRGAIN"}) from true/false positive/negative counts kept
 * at {@code num_thresholds} thresholds over every sample seen: {@code i / (n - 1)} for {@code 0 < i
 * < n - 1}, plus -1e-7 and 1 + 1e-7 at the ends. A Riemann sum with trapezoids ({@code
 * "interpolation"}), or lower ({@code "minoring"}) or upper ({@code "majoring"}) rectangles; the PR
 * curve with interpolation uses Davis and Goadrich's interpolation of precision, as Keras. With
 * {@code multiLabel} each label (column) has its own curve and the AUCs are averaged (weighted by
 * {@code labelWeights}); otherwise all predictions are counted together.
 */
public class AUC extends Metric {
  private static final double EPSILON = 1e-7;
  private int numThresholds = 200;
  private String curve = "ROC";
  private String summationMethod = "interpolation";
  private double[] thresholds;
  private boolean multiLabel;
  private Integer numLabels;
  private float[] labelWeights;
  private boolean fromLogits;
  private double[] kept;
  private KerasVariable truePositives;
  private KerasVariable falsePositives;
  private KerasVariable trueNegatives;
  private KerasVariable falseNegatives;

  public AUC() {}

  /** Keras's {@code AUC(num_thresholds)}. */
  public AUC(int numThresholds) {
    numThresholds(numThresholds);
  }

  public AUC numThresholds(int numThresholds) {
    if (numThresholds <= 1) {
      throw new IllegalArgumentException("Argument `num_thresholds` must be an integer > 1. Received: num_thresholds="
          + numThresholds);
    }
    this.numThresholds = numThresholds;
    return this;
  }

  /** {@code "ROC"} (default), {@code "PR"} or {@code "PRGAIN"} (lower case accepted, as Keras). */
  public AUC curve(String curve) {
    String c = curve == null ? "" : curve.toUpperCase(Locale.ROOT);
    if (!List.of("ROC", "PR", "PRGAIN").contains(c) || !(curve.equals(c) || curve.equals(c.toLowerCase(Locale.ROOT)))) {
      throw new IllegalArgumentException("Invalid AUC curve value: \"" + curve + "\". Expected values are [\"PR\", \"ROC\","
          + " \"PRGAIN\"]");
    }
    this.curve = c;
    return this;
  }

  /** {@code "interpolation"} (default), {@code "minoring"} or {@code "majoring"} (capitalised accepted, as Keras). */
  public AUC summationMethod(String method) {
    String m = method == null ? "" : method.toLowerCase(Locale.ROOT);
    boolean known = List.of("interpolation", "majoring", "minoring").contains(m);
    if (!known || !(method.equals(m) || method.equals(Character.toUpperCase(m.charAt(0)) + m.substring(1)))) {
      throw new IllegalArgumentException("Invalid AUC summation method value: \"" + method + "\". Expected values are"
          + " [\"interpolation\", \"majoring\", \"minoring\"]");
    }
    this.summationMethod = m;
    return this;
  }

  /** Thresholds to use instead of evenly spaced ones ({@code num_thresholds} becomes their number plus 2). */
  public AUC thresholds(double... thresholds) {
    this.thresholds = thresholds == null ? null : thresholds.clone();
    if (this.thresholds != null) {
      Arrays.sort(this.thresholds);
    }
    return this;
  }

  public AUC multiLabel(boolean multiLabel) {
    this.multiLabel = multiLabel;
    return this;
  }

  /** The number of labels of a multi-label AUC, to create its state before the first batch. */
  public AUC numLabels(int numLabels) {
    this.numLabels = numLabels;
    return this;
  }

  public AUC labelWeights(double... labelWeights) {
    this.labelWeights = new float[labelWeights.length];
    for (int i = 0; i < labelWeights.length; i++) {
      this.labelWeights[i] = (float) labelWeights[i];
    }
    return this;
  }

  public AUC fromLogits(boolean fromLogits) {
    this.fromLogits = fromLogits;
    return this;
  }

  @Override
  protected void build(Shape yTrueShape, Shape yPredShape) {
    if (numLabels != null && !multiLabel) {
      throw new IllegalArgumentException("`num_labels` is needed only when `multi_label` is True.");
    }
    int numThresholds = effectiveNumThresholds();
    kept = new double[numThresholds];
    kept[0] = 0.0 - EPSILON;
    kept[numThresholds - 1] = 1.0 + EPSILON;
    for (int i = 1; i < numThresholds - 1; i++) {
      kept[i] = thresholds != null ? thresholds[i - 1] : i * 1.0 / (numThresholds - 1);
    }
    Shape shape = Shape.of(numThresholds);
    if (multiLabel) {
      long labels;
      if (numLabels != null) {
        labels = numLabels;
      } else if (yPredShape == null) {
        throw new IllegalStateException("A multi-label AUC without `num_labels` has no state before its first update.");
      } else if (yPredShape.numDimensions() != 2) {
        throw new IllegalArgumentException("`y_pred` must have rank 2 when `multi_label=True`. Found rank "
            + yPredShape.numDimensions() + ". Full shape received for `y_pred`: " + yPredShape);
      } else {
        labels = yPredShape.get(1);
      }
      shape = Shape.of(numThresholds, labels);
    }
    truePositives = addVariable("true_positives", shape);
    falsePositives = addVariable("false_positives", shape);
    trueNegatives = addVariable("true_negatives", shape);
    falseNegatives = addVariable("false_negatives", shape);
  }

  /** {@code num_thresholds}, or the number of given thresholds plus the two ends. */
  private int effectiveNumThresholds() {
    return thresholds != null ? thresholds.length + 2 : numThresholds;
  }

  /** The evenly spaced case Keras optimises: no thresholds given, or given ones that are [0, 1] cut evenly. */
  private boolean evenly() {
    if (thresholds == null) {
      return true;
    }
    double[] withEnds = new double[thresholds.length + 2];
    System.arraycopy(thresholds, 0, withEnds, 1, thresholds.length);
    withEnds[withEnds.length - 1] = 1.0;
    return ConfusionCounts.evenlyDistributed(withEnds);
  }

  @Override
  public Op updateState(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> sampleWeight) {
    Operand<TFloat32> p = fromLogits ? tf.math.sigmoid(yPred) : yPred;
    return ConfusionCounts.update(tf, new ConfusionCounts.Update(truePositives, falsePositives, trueNegatives,
        falseNegatives, kept, evenly(), null, null, multiLabel, multiLabel ? null : labelWeights), yTrue, p, sampleWeight);
  }

  @Override
  public Operand<TFloat32> result(Ops tf) {
    return AucCurves.area(tf, this, truePositives.read(tf), falsePositives.read(tf), trueNegatives.read(tf),
        falseNegatives.read(tf));
  }

  int thresholdCount() {
    return effectiveNumThresholds();
  }

  String curveName() {
    return curve;
  }

  String summation() {
    return summationMethod;
  }

  boolean isMultiLabel() {
    return multiLabel;
  }

  float[] weightsOfLabels() {
    return labelWeights;
  }

  @Override
  public String direction() {
    return "up";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("num_thresholds", effectiveNumThresholds());
    c.put("curve", curve);
    c.put("summation_method", summationMethod);
    c.put("multi_label", multiLabel);
    c.put("num_labels", numLabels);
    Map<String, Object> lw = null;
    if (labelWeights != null) {
      // Keras keeps the label weights as a tensor and serializes them as one
      List<Double> values = new ArrayList<>();
      for (float w : labelWeights) {
        values.add((double) w);
      }
      Map<String, Object> tensor = new LinkedHashMap<>();
      tensor.put("value", values);
      tensor.put("dtype", "float32");
      lw = new LinkedHashMap<>();
      lw.put("class_name", "__tensor__");
      lw.put("config", tensor);
    }
    c.put("label_weights", lw);
    c.put("from_logits", fromLogits);
    if (thresholds != null) {
      List<Double> t = new ArrayList<>();
      for (double v : thresholds) {
        t.add(v);
      }
      c.put("thresholds", t);
    }
    return c;
  }

  /** Keras's {@code from_config}. */
  public static AUC fromConfig(Map<String, Object> config) {
    Config c = readConfig("AUC", config);
    AUC a = new AUC(c.getInt("num_thresholds", 200)).curve(c.getString("curve", "ROC"))
        .summationMethod(c.getString("summation_method", "interpolation")).multiLabel(c.getBoolean("multi_label", false))
        .fromLogits(c.getBoolean("from_logits", false));
    if (c.has("num_labels")) {
      a.numLabels(c.getInt("num_labels"));
    }
    Map<String, Object> tensor = c.get("label_weights") instanceof Map<?, ?> ? c.getMapOrNull("label_weights") : null;
    double[] lw = tensor != null ? Config.of("label_weights", Config.of("AUC", tensor).getMapOrNull("config"))
        .getDoublesOrNull("value") : c.getDoublesOrNull("label_weights");
    if (lw != null) {
      a.labelWeights(lw);
    }
    double[] t = c.getDoublesOrNull("thresholds");
    if (t != null) {
      a.thresholds(t);
    }
    return withName(a, c);
  }
}
