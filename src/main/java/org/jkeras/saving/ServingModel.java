package org.jkeras.saving;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jkeras.backend.Shapes;
import org.jkeras.kwargs.Args;
import org.jkeras.utils.TargetLock;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
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
 *
 * <p>A SavedModel is a program: loading runs its restore and init ops, predicting runs its
 * functions. {@code load} first scans the graph ({@link SavedModelScan}) and refuses a model that
 * reaches outside itself (files, folders, processes) unless called with {@code trusted(true)}.
 * An endless loop is no host access and passes the scan: {@code timeout(Duration)} bounds each run
 * of the graph (the load, each batch of {@code predict}).
 */
public final class ServingModel implements AutoCloseable {
  /**
   * {@code timeout(Duration.ofSeconds(30))}: the time limit of each run of the model's graph. A
   * load argument like {@code Kwargs.trusted}, kept here as only this class takes it.
   */
  public record Timeout(Duration value) implements Args.LoadArg {}

  private final Path dir;
  private final SavedModelInfo.Signature signature;
  private final SavedModelInfo.TensorSpec input;
  private final SavedModelInfo.TensorSpec output;
  private final SavedModelBundle bundle;
  private final Duration timeout;
  /** Set when a run outlived its time limit and still holds the session: it cannot be closed. */
  private volatile boolean abandoned;

  private ServingModel(Path dir, SavedModelInfo.Signature signature, SavedModelInfo.TensorSpec input,
      SavedModelInfo.TensorSpec output, SavedModelBundle bundle, Duration timeout) {
    this.dir = dir;
    this.signature = signature;
    this.input = input;
    this.output = output;
    this.bundle = bundle;
    this.timeout = timeout;
  }

  /** A time limit for {@link #load}: loading and each batch of {@link #predict} must end within it. */
  public static Timeout timeout(Duration limit) {
    if (limit == null || limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("Received an invalid value for `timeout`, expected a positive duration. Received: timeout=" + limit);
    }
    return new Timeout(limit);
  }

  /**
   * The {@code serving_default} signature (or the only one).
   *
   * @param args {@code trusted(true)} (from {@code Kwargs}) to run a graph the scan refuses,
   *     {@link #timeout(Duration)}
   */
  public static ServingModel load(Path dir, Args.LoadArg... args) throws IOException {
    return load(dir, (String) null, args);
  }

  /**
   * The signature {@code signatureKey} of the SavedModel in {@code dir}; it must have one float32
   * input, and its first float32 output (in key order) is served.
   *
   * @throws IllegalArgumentException naming the folder when the signature is missing or is not one
   *     float32 input to a float32 output
   * @throws SecurityException naming {@code saved_model.pb} and the offending ops when the graph
   *     reaches outside the model and {@code trusted(true)} is not given; nothing of it has run
   * @throws IllegalStateException when loading outlives the time limit
   */
  public static ServingModel load(Path dir, String signatureKey, Args.LoadArg... args) throws IOException {
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
    Args.Trusted trusted = Args.find(args, Args.Trusted.class);
    if (trusted == null || !trusted.value()) {
      SavedModelScan.of(info).requireSafe();
    }
    Timeout limit = Args.find(args, Timeout.class);
    Duration timeout = limit == null ? null : limit.value();
    SavedModelBundle.Loader loader = SavedModelBundle.loader(dir.toString()).withTags(info.tags().toArray(new String[0]));
    if (timeout != null) {
      loader.withRunOptions(GraphDeadline.runOptions(timeout));
    }
    SavedModelBundle bundle;
    try {
      bundle = GraphDeadline.run(timeout, () -> "The SavedModel in " + dir + " did not finish loading", loader::load);
    } catch (GraphDeadline.Abandoned e) {
      throw e.error();
    } catch (TensorFlowException e) {
      throw SavedModelCheckpoint.failure(dir, "TensorFlow cannot load the SavedModel in " + dir, e);
    }
    return new ServingModel(dir, sig, sig.inputs().get(0), out, bundle, timeout);
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

  /**
   * @throws IllegalStateException when a batch outlives the time limit given to {@link #load}; the
   *     model cannot be used after that
   */
  public FloatNdArray predict(FloatNdArray x, int batchSize) {
    if (abandoned) {
      throw new IllegalStateException("The SavedModel in " + dir + " was abandoned after a run outlived its time limit.");
    }
    checkInput(x.shape());
    long n = x.shape().get(0);
    FloatNdArray result = null;
    for (long start = 0; start < n; start += batchSize) {
      long size = Math.min(batchSize, n - start);
      Shape batchShape = Shape.of(size).append(x.shape().tail());
      TFloat32 t = TFloat32.tensorOf(batchShape);
      try {
        for (long i = 0; i < size; i++) {
          x.get(start + i).copyTo(t.get(i));
        }
        try (Result r = run(t)) {
          TFloat32 y = (TFloat32) r.get(0);
          if (result == null) {
            result = NdArrays.ofFloats(Shape.of(n).append(y.shape().tail()));
          }
          for (long i = 0; i < size; i++) {
            y.get(i).copyTo(result.get(start + i));
          }
        }
      } finally {
        if (!abandoned) { // an abandoned run may still read its input
          t.close();
        }
      }
    }
    return result;
  }

  /** Runs the signature on one batch, within the time limit. */
  private Result run(TFloat32 batch) {
    Session.Runner runner = bundle.session().runner().feed(input.tensorName(), batch).fetch(output.tensorName());
    if (timeout != null) {
      runner.setOptions(GraphDeadline.runOptions(timeout));
    }
    try {
      return GraphDeadline.run(timeout, () -> "The SavedModel in " + dir + " did not finish predicting", runner::run);
    } catch (GraphDeadline.Abandoned e) {
      abandoned = true;
      throw e.error();
    }
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

  /**
   * The loaded bundle, for callers that need more than {@link #predict}; runs through it have no
   * time limit.
   */
  public SavedModelBundle bundle() {
    return bundle;
  }

  /** Frees the session, unless a run outlived its time limit and still holds it (closing would wait for it forever). */
  @Override
  public void close() {
    if (!abandoned) {
      bundle.close();
    }
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
