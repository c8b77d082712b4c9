package org.jkeras.parity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.Eager;
import org.jkeras.backend.GraphContext;
import org.jkeras.layers.Layer;
import org.jkeras.layers.preprocessing.BaseImagePreprocessingLayer;
import org.jkeras.saving.Serialization;
import org.jkeras.utils.Json;
import org.jkeras.utils.Npy;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Java side of cases/keras_preprocessing_layers.py. Reads {@code spec.json}: a list of runs, each
 * a Keras layer config (as Keras's {@code get_config()} wrote it), an input {@code .npy} and what
 * to do: {@code transform} (Keras's {@code transform_images} with a given transformation),
 * {@code labels} (Keras's {@code transform_labels} of the {@code labels} file with a given
 * transformation), {@code inference} ({@code training=False}), {@code call} (the layer as called in a model with
 * {@code training} as given) or {@code draws} (the layer's own random transformation at step 1).
 * An optional {@code dtype} (bfloat16) gives the images in that dtype, as a layer of a mixed policy
 * gets them. Writes each result to its {@code out} file (float32), and its dtype to {@code out.dtype}.
 */
public final class PreprocessingLayers {
  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    List<Object> runs = (List<Object>) Json.read(work.resolve("spec.json"));
    for (Object o : runs) {
      Map<String, Object> run = (Map<String, Object>) o;
      Layer layer = Serialization.deserialize((Map<String, Object>) run.get("layer"));
      FloatNdArray x = Npy.read(work.resolve((String) run.get("x")));
      layer.ensureBuilt(Shape.of(-1).append(x.shape().tail()));
      String mode = (String) run.get("mode");
      FloatNdArray t = run.get("t") == null ? null : Npy.read(work.resolve((String) run.get("t")));
      FloatNdArray y;
      try {
        y = run(work, run, layer, x, mode, t);
      } catch (RuntimeException e) {
        throw new IllegalStateException(layer.className() + " (" + mode + ", " + run.getOrDefault("dtype", "float32") + "): "
            + e.getMessage(), e);
      }
      Npy.write(work.resolve((String) run.get("out")), y);
    }
    System.out.println(Json.writeLine(Map.of("runs", runs.size())));
  }

  private static FloatNdArray run(Path work, Map<String, Object> run, Layer layer, FloatNdArray x, String mode,
      FloatNdArray t) throws Exception {
    FloatNdArray y;
    try (GraphContext ctx = new GraphContext(); TInt64 step = TInt64.scalarOf(1)) {
      Ops tf = ctx.tf();
      // Fed, not a constant: Grappler would fold the whole transformation on its own kernels.
      Placeholder<TFloat32> fed = tf.placeholder(TFloat32.class, Placeholder.shape(x.shape()));
      Operand<TFloat32> in = fed;
      // "dtype": the images in the layer's compute dtype (a mixed policy), as Keras's transform_images gets them
      String dtype = (String) run.getOrDefault("dtype", "float32");
      in = DTypes.cast(tf, in, dtype);
      Operand<TFloat32> out;
      switch (mode) {
        case "transform":
          out = ((BaseImagePreprocessingLayer) layer).transformImages(tf, in, Eager.constant(tf, t));
          break;
        case "labels":
          out = ((BaseImagePreprocessingLayer) layer).transformLabels(tf,
              Eager.constant(tf, Npy.read(work.resolve((String) run.get("labels")))), Eager.constant(tf, t));
          break;
        case "draws":
          out = ((BaseImagePreprocessingLayer) layer).getRandomTransformation(CallContext.of(ctx, tf, true), in);
          break;
        case "inference":
          out = layer.invoke(CallContext.of(ctx, tf, false), in);
          break;
        case "call":
          out = layer.invoke(CallContext.of(ctx, tf, Boolean.TRUE.equals(run.get("training"))), in);
          break;
        default:
          throw new IllegalArgumentException("unknown mode " + mode);
      }
      if (mode.equals("transform")) {
        // Keras's transform_images casts a resize's float32 back to the compute dtype (jkeras's call does)
        out = DTypes.cast(tf, out, dtype);
      }
      Files.writeString(work.resolve(run.get("out") + ".dtype"), DTypes.dtypeOf(out));
      out = tf.identity(DTypes.toFloat32(tf, out)); // an identity layer returns the fed placeholder itself
      try (TFloat32 images = TFloat32.tensorOf(x.shape(), x::copyTo);
          Result r = ctx.runner().feed(fed, images).feed(ctx.step(), step).fetch(out).run()) {
        TFloat32 v = (TFloat32) r.get(0);
        y = NdArrays.ofFloats(v.shape());
        v.copyTo(y);
      }
    }
    return y;
  }

}
