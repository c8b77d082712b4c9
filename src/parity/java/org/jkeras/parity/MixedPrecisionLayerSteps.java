package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.Shapes;
import org.jkeras.dtypepolicies.MixedPrecision;
import org.jkeras.layers.Conv2DTranspose;
import org.jkeras.layers.Conv3D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.ELU;
import org.jkeras.layers.Embedding;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.GlobalAveragePooling2D;
import org.jkeras.layers.GroupNormalization;
import org.jkeras.layers.Layer;
import org.jkeras.layers.LayerNormalization;
import org.jkeras.layers.LeakyReLU;
import org.jkeras.layers.MaxPooling2D;
import org.jkeras.layers.PReLU;
import org.jkeras.layers.ReLU;
import org.jkeras.layers.Reshape;
import org.jkeras.layers.Softmax;
import org.jkeras.layers.UnitNormalization;
import org.jkeras.layers.UpSampling2D;
import org.jkeras.models.Sequential;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Java side of the mixed_precision case's layer models (the Python side's {@code layer_model}).
 * Arguments after the work folder: the model ("image" or "embedding"), the batch size, the
 * global policy ({@code "mixed_bfloat16"} or {@code "mixed_float16"}), the files' prefix. Under the
 * policy: each layer's policy and output dtype in a graph, the predictions for {@code
 * <prefix>_x.npy} before training, then Adam steps (loss-scaled under mixed_float16, as Keras's
 * compile does) from {@code <prefix>_initial.weights.h5} on {@code <prefix>_x.npy} / {@code
 * <prefix>_y.npy} in order; the final weights go to {@code <prefix>_final.weights.h5}.
 */
public final class MixedPrecisionLayerSteps {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    String kind = args[1];
    int batch = Integer.parseInt(args[2]);
    String policy = args[3];
    String tag = args[4];
    FloatNdArray x = Parity.npy(work, tag + "_x.npy");
    FloatNdArray y = Parity.npy(work, tag + "_y.npy");
    Map<String, Object> out = new LinkedHashMap<>();
    try (MixedPrecision.Scope scope = MixedPrecision.policyScope(policy);
        Sequential model = model(kind)) {
      Shape sample = x.shape().tail();
      model.ensureBuilt(Shapes.withBatch(sample));
      out.put("policies", policies(model, sample));
      model.loadWeights(work.resolve(tag + "_initial.weights.h5"));
      Parity.npy(work, tag + "_jkeras_pred.npy", model.predict(x, batchSize(batch), verbose(0)));
      model.compile("adam", "binary_crossentropy");
      Parity.BatchLogs steps = new Parity.BatchLogs();
      model.fit(x, y, epochs(1), batchSize(batch), shuffle(false), verbose(0), callbacks(steps));
      out.put("step_loss", steps.get("loss"));
      model.saveWeights(work.resolve(tag + "_final.weights.h5"));
    }
    Parity.result(work, out);
  }

  /** The Python side's {@code layer_model(kind)}, layer for layer. */
  private static Sequential model(String kind) {
    switch (kind) {
      case "image":
        return new Sequential(
            new Conv2DTranspose(4, 3).strides(2).padding("same").inputShape(8, 8, 3),
            new ReLU(6.0).negativeSlope(0.1).threshold(0.05),
            new PReLU(),
            new ELU(0.5),
            new LeakyReLU(0.2),
            new MaxPooling2D(2),
            new UpSampling2D(2).interpolation("bilinear"),
            new Reshape(16, 16, 4, 1),
            new Conv3D(2, 3, 3, 3),
            new Reshape(14, 14, 4),
            new UnitNormalization(),
            new LayerNormalization(),
            new GroupNormalization(2),
            new GlobalAveragePooling2D(),
            new Dense(8),
            new Softmax(),
            new Dense(1).activation("sigmoid").dtype("float32"));
      case "embedding":
        return new Sequential(
            new Embedding(300, 8).inputShape(6),
            new Flatten(),
            new Dense(8),
            new LeakyReLU(),
            new Dense(1).activation("sigmoid").dtype("float32"));
      default:
        throw new IllegalArgumentException("Unknown model: " + kind + " (expected image or embedding)");
    }
  }

  /** Per layer: Keras's policy attributes, and the dtype of what the layer returns in a graph. */
  private static List<Map<String, Object>> policies(Sequential model, Shape sample) {
    List<Map<String, Object>> out = new ArrayList<>();
    GraphContext ctx = model.context();
    Ops tf = ctx.tf().withSubScope("policies");
    CallContext call = CallContext.of(ctx, tf, false);
    Operand<TFloat32> h = tf.placeholder(TFloat32.class, Placeholder.shape(Shapes.withBatch(sample)));
    for (Layer l : model.layers()) {
      h = l.invoke(call, h);
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("name", l.name());
      p.put("policy", l.dtypePolicy().name());
      p.put("compute_dtype", l.computeDtype());
      p.put("variable_dtype", l.variableDtype());
      p.put("output_dtype", DTypes.dtypeOf(h));
      p.put("config_dtype", l.getConfig().get("dtype"));
      out.add(p);
    }
    return out;
  }
}
