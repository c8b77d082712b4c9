package org.jkeras.saving;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.Shapes;
import org.jkeras.utils.TargetLock;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * A SavedModel served through one of its signatures, for inference, whoever wrote it (Python
 * Keras's {@code model.export}, {@code tf.saved_model.save}, jkeras): Python's
 * {@code tf.saved_model.load(dir).signatures["serving_default"]}. The signature's input and output
 * names, dtypes and shapes are read from the SavedModel, not given.
 *
 * <pre>{@code
 * try (ServingModel m = ServingModel.load(Path.of("models/vgg16_savedmodel"))) {
 *   FloatNdArray features = m.predict(images);   // (n, 7, 7, 512)
 * }
 * }</pre>
 */
public final class ServingModel implements AutoCloseable {
  private final Path dir;
  private final SavedModelInfo.Signature signature;
  private final SavedModelInfo.TensorSpec input;
  private final SavedModelInfo.TensorSpec output;
  private final SavedModelBundle bundle;
  private final SessionFunction function;

  private ServingModel(Path dir, SavedModelInfo.Signature signature, SavedModelInfo.TensorSpec input,
      SavedModelInfo.TensorSpec output, SavedModelBundle bundle) {
    this.dir = dir;
    this.signature = signature;
    this.input = input;
    this.output = output;
    this.bundle = bundle;
    this.function = bundle.function(signature.key());
  }

  /** The {@code serving_default} signature (or the only one). */
  public static ServingModel load(Path dir) throws IOException {
    return load(dir, null);
  }

  /**
   * The signature {@code signatureKey} of the SavedModel in {@code dir}; it must have one float32
   * input, and its first float32 output (in key order) is served.
   *
   * @throws IllegalArgumentException naming the folder when the signature is missing or is not one
   *     float32 input to a float32 output
   */
  public static ServingModel load(Path dir, String signatureKey) throws IOException {
    TargetLock.recoverIfIdle(dir); // a save killed half-way: finish or undo it first
    SavedModelInfo info = SavedModelInfo.read(dir);
    SavedModelInfo.Signature sig = info.signature(signatureKey);
    if (sig.inputs().size() != 1 || !sig.inputs().get(0).dtype().equals("float32")) {
      throw new IllegalArgumentException("Signature '" + sig.key() + "' of the SavedModel in " + dir
          + " does not take one float32 tensor: its inputs are " + sig.inputs() + ".");
    }
    SavedModelInfo.TensorSpec out = null;
    for (SavedModelInfo.TensorSpec t : sig.outputs()) {
      if (t.dtype().equals("float32")) {
        out = t;
        break;
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("Signature '" + sig.key() + "' of the SavedModel in " + dir
          + " has no float32 output: its outputs are " + sig.outputs() + ".");
    }
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.load(dir.toString(), info.tags().toArray(new String[0]));
    } catch (TensorFlowException e) {
      throw new IOException("TensorFlow cannot load the SavedModel in " + dir + ": " + e.getMessage(), e);
    }
    return new ServingModel(dir, sig, sig.inputs().get(0), out, bundle);
  }

  public SavedModelInfo.Signature signature() {
    return signature;
  }

  /** The served input: name ({@code inputs}, {@code keras_tensor}...), dtype, shape with the batch as -1. */
  public SavedModelInfo.TensorSpec input() {
    return input;
  }

  /** The served output. */
  public SavedModelInfo.TensorSpec output() {
    return output;
  }

  /** The outputs for {@code x} (first axis: samples), computed in batches of 32 as Keras's {@code predict}. */
  public FloatNdArray predict(FloatNdArray x) {
    return predict(x, 32);
  }

  public FloatNdArray predict(FloatNdArray x, int batchSize) {
    checkInput(x.shape());
    long n = x.shape().get(0);
    FloatNdArray result = null;
    for (long start = 0; start < n; start += batchSize) {
      long size = Math.min(batchSize, n - start);
      Shape batchShape = Shape.of(size).append(x.shape().tail());
      try (TFloat32 t = TFloat32.tensorOf(batchShape)) {
        for (long i = 0; i < size; i++) {
          x.get(start + i).copyTo(t.get(i));
        }
        try (Result r = function.call(Map.of(input.key(), t))) {
          TFloat32 y = (TFloat32) r.get(output.key()).orElseThrow();
          if (result == null) {
            result = NdArrays.ofFloats(Shape.of(n).append(y.shape().tail()));
          }
          for (long i = 0; i < size; i++) {
            y.get(i).copyTo(result.get(start + i));
          }
        }
      }
    }
    return result;
  }

  private void checkInput(Shape s) {
    Shape want = input.shape();
    boolean ok = !want.isUnknown() && want.numDimensions() == s.numDimensions() && s.numDimensions() > 0 && s.get(0) > 0;
    for (int i = 1; ok && i < s.numDimensions(); i++) {
      ok = want.get(i) < 0 || want.get(i) == s.get(i);
    }
    if (!ok && !want.isUnknown()) {
      throw new IllegalArgumentException("Input `" + input.key() + "` of signature '" + signature.key() + "' of the SavedModel in "
          + dir + " expects shape " + Shapes.format(want) + ", received " + Shapes.format(s) + ".");
    }
  }

  /** The loaded bundle, for callers that need more than {@link #predict}. */
  public SavedModelBundle bundle() {
    return bundle;
  }

  @Override
  public void close() {
    bundle.close();
  }

  @Override
  public String toString() {
    List<String> outs = new ArrayList<>();
    for (SavedModelInfo.TensorSpec t : signature.outputs()) {
      outs.add(t.toString());
    }
    return "<ServingModel " + dir + " signature=" + signature.key() + " input=" + input + " outputs=" + outs + ">";
  }
}
