package org.jkeras.kwargs;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jkeras.callbacks.Callback;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * The keyword arguments themselves, made by {@code org.jkeras.Kwargs}'s factories ({@code
 * epochs(5)}, {@code batchSize(32)}...) and read by the functions that take them. Each says where it
 * is accepted through the interfaces it implements, so a keyword a function does not take is a
 * compile error, as Python's {@code TypeError} would be at run time. They sit in a package of their
 * own, below everything that reads them, so that reading them creates no package cycle.
 */
public final class Args {
  private Args() {}

  /** Accepted by {@code fit}. */
  public interface FitArg {}

  /** Accepted by {@code evaluate}. */
  public interface EvaluateArg {}

  /** Accepted by {@code predict}. */
  public interface PredictArg {}

  /** Accepted by the dataset utilities ({@code imageDatasetFromDirectory}...). */
  public interface DatasetArg {}

  /** Accepted by {@code ImageDataGenerator}'s {@code flow}, {@code flowFromDirectory} and {@code flowFromDataframe}. */
  public interface FlowArg {}

  /** Accepted by {@code save} and {@code saveWeights}. */
  public interface SaveArg {}

  /** Accepted by a layer's functional call, {@code layer.apply(x, ...)}. */
  public interface CallArg {}

  /** Accepted by {@code compile}. */
  public interface CompileArg {}

  /** Accepted by {@code ServingModel.load}. */
  public interface LoadArg {}

  /** Accepted by {@code Models.loadModel}. */
  public interface LoadModelArg {}

  public record Epochs(int value) implements FitArg {}

  public record BatchSize(int value) implements FitArg, EvaluateArg, PredictArg, DatasetArg, FlowArg {}

  public record Verbose(int value) implements FitArg, EvaluateArg, PredictArg {}

  public record ValidationSplit(double value) implements FitArg, DatasetArg {}

  /** Validation data: a {@code Dataset}, or arrays (one per input, one per output). */
  public record ValidationData(Object dataset, List<FloatNdArray> xs, List<FloatNdArray> ys) implements FitArg {}

  public record Shuffle(boolean value) implements FitArg, DatasetArg, FlowArg {}

  public record Callbacks(List<Callback> value) implements FitArg, EvaluateArg, PredictArg {}

  public record InitialEpoch(int value) implements FitArg {}

  public record StepsPerEpoch(int value) implements FitArg {}

  public record Seed(long value) implements DatasetArg, FlowArg {}

  public record ImageSize(int height, int width) implements DatasetArg {}

  public record Subset(String value) implements DatasetArg, FlowArg {}

  public record LabelMode(String value) implements DatasetArg {}

  public record ColorMode(String value) implements DatasetArg, FlowArg {}

  public record ClassNames(List<String> value) implements DatasetArg {}

  public record Interpolation(String value) implements DatasetArg, FlowArg {}

  /** {@code flow_from_directory}'s {@code target_size=(height, width)}. */
  public record TargetSize(int height, int width) implements FlowArg {}

  /** {@code class_mode}: "categorical", "binary", "sparse", "input", "raw" or null (no labels). */
  public record ClassMode(String value) implements FlowArg {}

  /** {@code classes}: the class names to use, in label order. */
  public record Classes(List<String> value) implements FlowArg {}

  public record FollowLinks(boolean value) implements FlowArg, DatasetArg {}

  /** {@code labels}: "inferred" (from the class folders), null (no labels), or a {@code List<Integer>}, one per file. */
  public record Labels(Object value) implements DatasetArg {}

  /** {@code crop_to_aspect_ratio}: resize the largest centred window of the target's aspect ratio. */
  public record CropToAspectRatio(boolean value) implements DatasetArg {}

  /** {@code pad_to_aspect_ratio}: resize to fit inside the target, padded with zeros to its aspect ratio. */
  public record PadToAspectRatio(boolean value) implements DatasetArg {}

  /** {@code flow_from_directory}'s {@code keep_aspect_ratio}: resize the largest centred crop of the target's aspect ratio. */
  public record KeepAspectRatio(boolean value) implements FlowArg {}

  /** {@code flow_from_dataframe}'s {@code x_col} (file names) column. */
  public record XCol(String value) implements FlowArg {}

  /** {@code flow_from_dataframe}'s {@code y_col} (labels) column. */
  public record YCol(String value) implements FlowArg {}

  /** {@code flow_from_dataframe}'s {@code directory}: what the file names are relative to. */
  public record Directory(Path value) implements FlowArg {}

  public record Overwrite(boolean value) implements SaveArg {}

  public record Training(boolean value) implements CallArg {}

  /** An optimizer: its name ({@code "adam"}) or an {@code Optimizer}. */
  public record OptimizerArg(Object value) implements CompileArg {}

  /** A loss: a name or a {@code Loss}, a list of those in output order, or a map by output name. */
  public record LossArg(Object value) implements CompileArg {}

  /** Loss weights: a list in output order or a map by output name. */
  public record LossWeightsArg(Object value) implements CompileArg {}

  /** Metrics: a list (one output), a list of lists in output order, or a map by output name. */
  public record MetricsArg(Object value) implements CompileArg {}

  /** Weighted metrics (given the sample weights), in the forms of {@link MetricsArg}. */
  public record WeightedMetricsArg(Object value) implements CompileArg {}

  /** Keras's {@code jit_compile}: the train and test steps compiled by XLA (false by default). */
  public record JitCompile(boolean value) implements CompileArg {}

  /** Keras's {@code auto_scale_loss}: loss scaling under mixed_float16 (true by default). */
  public record AutoScaleLoss(boolean value) implements CompileArg {}

  /** Keras's {@code class_weight}: class index to weight. */
  public record ClassWeight(Map<Integer, Double> value) implements FitArg {}

  /** Keras's {@code sample_weight}: one (n,) vector for every output, or one per output. */
  public record SampleWeight(List<FloatNdArray> value, boolean perOutput) implements FitArg, EvaluateArg {}

  public record Trusted(boolean value) implements LoadArg {}

  /** Keras's {@code custom_objects}: class name to the factory building the class from its config. */
  public record CustomObjects(Map<String, Function<Map<String, Object>, ?>> value) implements LoadModelArg {}

  /** Keras's {@code compile} argument of {@code load_model}. */
  public record Compile(boolean value) implements LoadModelArg {}

  /** Keras's {@code safe_mode}. */
  public record SafeMode(boolean value) implements LoadModelArg {}

  /** The last argument of {@code type} in {@code args}, or null. */
  @SuppressWarnings("unchecked")
  public static <T> T find(Object[] args, Class<T> type) {
    T found = null;
    if (args != null) {
      for (Object a : args) {
        if (type.isInstance(a)) {
          found = (T) a;
        }
      }
    }
    return found;
  }
}
