package org.jkeras.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.KerasVariable;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras's {@code MeanIoU(num_classes, ignore_class=None, sparse_y_true=True, sparse_y_pred=True,
 * axis=-1)} ({@code "mean_io_u"}): a confusion matrix of class ids summed over every sample seen;
 * the result is the mean over classes of {@code TP / (TP + FP + FN)}, classes never seen left out.
 * Labels and predictions are class ids (or, when not sparse, scores whose argmax is taken);
 * out-of-range ids and the ignored class are not counted.
 *
 * <p>Keras computes it in integers by default ({@code dtype="int64"}): class ids and sample
 * weights are truncated to integers, as here; with {@code dtype="float32"} weights stay fractional.
 */
public class MeanIoU extends Metric {
  private static final float EPSILON = 1e-7f;
  private final int numClasses;
  private Integer ignoreClass;
  private boolean sparseYTrue = true;
  private boolean sparseYPred = true;
  private int axis = -1;
  private String dtype = "int64";
  private KerasVariable totalConfusionMatrix;

  public MeanIoU(int numClasses) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("Received an invalid value for `num_classes`, expected a positive integer."
          + " Received: num_classes=" + numClasses);
    }
    this.numClasses = numClasses;
  }

  public MeanIoU ignoreClass(Integer ignoreClass) {
    this.ignoreClass = ignoreClass;
    return this;
  }

  public MeanIoU sparseYTrue(boolean sparseYTrue) {
    this.sparseYTrue = sparseYTrue;
    return this;
  }

  public MeanIoU sparseYPred(boolean sparseYPred) {
    this.sparseYPred = sparseYPred;
    return this;
  }

  /** The class axis of non-sparse labels or predictions. */
  public MeanIoU axis(int axis) {
    this.axis = axis;
    return this;
  }

  /** {@code "int64"} (Keras's default: ids and weights truncated), {@code "int32"}, or {@code "float32"}. */
  public MeanIoU dtype(String dtype) {
    if (!List.of("int64", "int32", "float32").contains(dtype)) {
      throw new IllegalArgumentException("jkeras's MeanIoU computes in int64, int32 or float32. Received: dtype=" + dtype);
    }
    this.dtype = dtype;
    return this;
  }

  @Override
  protected void build(Shape yTrueShape, Shape yPredShape) {
    totalConfusionMatrix = addVariable("total_confusion_matrix", Shape.of(numClasses, numClasses));
  }

  @Override
  public Op updateState(Ops tf, Operand<TFloat32> yTrue, Operand<TFloat32> yPred, Operand<TFloat32> sampleWeight) {
    boolean integers = !dtype.equals("float32");
    Operand<TInt64> t = ids(tf, sparseYTrue ? flatten(tf, yTrue) : flatten(tf, tf.dtypes.cast(tf.math.argMax(yTrue,
        tf.constant(axis)), TFloat32.class)));
    Operand<TInt64> p = ids(tf, sparseYPred ? flatten(tf, yPred) : flatten(tf, tf.dtypes.cast(tf.math.argMax(yPred,
        tf.constant(axis)), TFloat32.class)));
    Operand<TFloat32> w = sampleWeight == null ? tf.constant(1f) : flatten(tf, sampleWeight);
    if (integers) {
      w = tf.dtypes.cast(tf.dtypes.cast(w, TInt64.class), TFloat32.class);
    }
    w = tf.broadcastTo(w, tf.shape(t));
    Operand<TInt64> zero = tf.constant(0L);
    Operand<TInt64> classes = tf.constant((long) numClasses);
    Operand<TBool> inBounds = tf.math.logicalAnd(
        tf.math.logicalAnd(tf.math.greaterEqual(t, zero), tf.math.less(t, classes)),
        tf.math.logicalAnd(tf.math.greaterEqual(p, zero), tf.math.less(p, classes)));
    if (ignoreClass != null) {
      inBounds = tf.math.logicalAnd(inBounds, tf.math.notEqual(t, tf.constant((long) ignoreClass)));
    }
    t = tf.select(inBounds, t, tf.zerosLike(t));
    p = tf.select(inBounds, p, tf.zerosLike(p));
    w = tf.select(inBounds, w, tf.zerosLike(w));
    Operand<TFloat32> cm = tf.scatterNd(tf.stack(List.of(t, p), Stack.axis(1L)), w,
        tf.constant(new long[] {numClasses, numClasses}));
    return totalConfusionMatrix.assignAdd(tf, cm);
  }

  /** Class ids as Keras casts them (truncated towards zero). */
  private static Operand<TInt64> ids(Ops tf, Operand<TFloat32> y) {
    return tf.dtypes.cast(y, TInt64.class);
  }

  private static Operand<TFloat32> flatten(Ops tf, Operand<TFloat32> y) {
    return y.shape().numDimensions() > 1 ? tf.reshape(y, tf.constant(new int[] {-1})) : y;
  }

  @Override
  public Operand<TFloat32> result(Ops tf) {
    Operand<TFloat32> cm = totalConfusionMatrix.read(tf);
    Operand<TFloat32> overRow = tf.reduceSum(cm, tf.constant(0));
    Operand<TFloat32> overCol = tf.reduceSum(cm, tf.constant(1));
    Operand<TFloat32> tp = tf.linalg.matrixDiagPart(cm, tf.constant(0), tf.constant(0f));
    Operand<TFloat32> denominator = tf.math.sub(tf.math.add(overRow, overCol), tp);
    Operand<TFloat32> valid = tf.dtypes.cast(tf.math.greater(denominator, tf.constant(1e-9f)), TFloat32.class);
    Operand<TFloat32> iou = tf.math.div(tp, tf.math.add(denominator, tf.constant(EPSILON)));
    iou = tf.select(tf.dtypes.cast(valid, TBool.class), iou, tf.zerosLike(iou));
    return tf.math.div(tf.reduceSum(iou, tf.constant(-1)), tf.math.add(tf.reduceSum(valid, tf.constant(0)),
        tf.constant(EPSILON)));
  }

  @Override
  public String direction() {
    return "up";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("num_classes", numClasses);
    c.put("name", name());
    c.put("dtype", dtype);
    c.put("ignore_class", ignoreClass);
    c.put("sparse_y_true", sparseYTrue);
    c.put("sparse_y_pred", sparseYPred);
    c.put("axis", axis);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static MeanIoU fromConfig(Map<String, Object> config) {
    Config c = Config.of("MeanIoU", config);
    MeanIoU m = new MeanIoU(c.getInt("num_classes")).sparseYTrue(c.getBoolean("sparse_y_true", true))
        .sparseYPred(c.getBoolean("sparse_y_pred", true)).axis(c.getInt("axis", -1));
    if (c.has("ignore_class")) {
      m.ignoreClass(c.getInt("ignore_class"));
    }
    if (c.has("dtype")) {
      m.dtype(c.getString("dtype"));
    }
    return withName(m, c);
  }
}
