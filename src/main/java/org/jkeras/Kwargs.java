package org.jkeras;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jkeras.callbacks.Callback;
import org.jkeras.data.Dataset;
import org.jkeras.layers.Layer;
import org.jkeras.losses.Loss;
import org.jkeras.kwargs.Args.AutoScaleLoss;
import org.jkeras.kwargs.Args.BatchSize;
import org.jkeras.kwargs.Args.Callbacks;
import org.jkeras.kwargs.Args.ClassMode;
import org.jkeras.kwargs.Args.ClassNames;
import org.jkeras.kwargs.Args.Classes;
import org.jkeras.kwargs.Args.ClassWeight;
import org.jkeras.kwargs.Args.ColorMode;
import org.jkeras.kwargs.Args.Directory;
import org.jkeras.kwargs.Args.Compile;
import org.jkeras.kwargs.Args.CropToAspectRatio;
import org.jkeras.kwargs.Args.CustomObjects;
import org.jkeras.kwargs.Args.Epochs;
import org.jkeras.kwargs.Args.FollowLinks;
import org.jkeras.kwargs.Args.ImageSize;
import org.jkeras.kwargs.Args.InitialEpoch;
import org.jkeras.kwargs.Args.KeepAspectRatio;
import org.jkeras.kwargs.Args.JitCompile;
import org.jkeras.kwargs.Args.Interpolation;
import org.jkeras.kwargs.Args.LabelMode;
import org.jkeras.kwargs.Args.Labels;
import org.jkeras.kwargs.Args.LossArg;
import org.jkeras.kwargs.Args.LossWeightsArg;
import org.jkeras.kwargs.Args.MetricsArg;
import org.jkeras.kwargs.Args.OptimizerArg;
import org.jkeras.kwargs.Args.PadToAspectRatio;
import org.jkeras.kwargs.Args.Overwrite;
import org.jkeras.kwargs.Args.SafeMode;
import org.jkeras.kwargs.Args.SampleWeight;
import org.jkeras.kwargs.Args.Seed;
import org.jkeras.kwargs.Args.Shuffle;
import org.jkeras.kwargs.Args.StepsPerEpoch;
import org.jkeras.kwargs.Args.Subset;
import org.jkeras.kwargs.Args.TargetSize;
import org.jkeras.kwargs.Args.Training;
import org.jkeras.kwargs.Args.Trusted;
import org.jkeras.kwargs.Args.ValidationData;
import org.jkeras.kwargs.Args.ValidationSplit;
import org.jkeras.kwargs.Args.Verbose;
import org.jkeras.kwargs.Args.WeightedMetricsArg;
import org.jkeras.kwargs.Args.XCol;
import org.jkeras.kwargs.Args.YCol;
import org.jkeras.optimizers.Optimizer;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Python's keyword arguments for {@code fit}, {@code evaluate}, {@code predict} and the dataset
 * utilities, as static factories. With {@code import static org.jkeras.Kwargs.*;}:
 *
 * <pre>{@code
 * model.fit(x, y, epochs(5), batchSize(32), validationSplit(0.2));
 * model.fit(trainDs, epochs(10), validationData(valDs), callbacks(new EarlyStopping("val_loss", 3)));
 * }</pre>
 *
 * <p>The arguments are the records of {@link org.jkeras.kwargs.Args}: each says where it is
 * accepted through the interfaces it implements, so a keyword a function does not take is a
 * compile error, as Python's {@code TypeError} would be at run time.
 */
public final class Kwargs {
  private Kwargs() {}

  /** Keras's {@code epochs} (default 1). */
  public static Epochs epochs(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("Received an invalid value for `epochs`, expected a non-negative integer. Received: epochs=" + n);
    }
    return new Epochs(n);
  }

  /** Keras's {@code batch_size} (default 32). */
  public static BatchSize batchSize(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("Received an invalid value for `batch_size`, expected a positive integer. Received: batch_size=" + n);
    }
    return new BatchSize(n);
  }

  /** Keras's {@code verbose}: 0 silent, 1 progress bar, 2 one line per epoch. */
  public static Verbose verbose(int level) {
    if (level < 0 || level > 2) {
      throw new IllegalArgumentException("Received an invalid value for `verbose`, expected 0, 1 or 2. Received: verbose=" + level);
    }
    return new Verbose(level);
  }

  /** Keras's {@code validation_split}: the fraction of samples, taken from the end, held out. */
  public static ValidationSplit validationSplit(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "`validation_split` must be between 0 and 1 (exclusive of 1). Received: validation_split=" + fraction);
    }
    return new ValidationSplit(fraction);
  }

  /** Keras's {@code validation_data=dataset}. */
  public static ValidationData validationData(Dataset dataset) {
    if (dataset == null) {
      throw new IllegalArgumentException("Received an invalid value for `validation_data`: null");
    }
    return new ValidationData(dataset, null, null);
  }

  /** Keras's {@code validation_data=(x, y)}. */
  public static ValidationData validationData(FloatNdArray x, FloatNdArray y) {
    if (x == null || y == null) {
      throw new IllegalArgumentException("Received an invalid value for `validation_data`: both x and y are required.");
    }
    return new ValidationData(null, List.of(x), List.of(y));
  }

  /** Keras's {@code validation_data=([x1, x2], [y1, y2])}: arrays in input and output order. */
  public static ValidationData validationData(List<FloatNdArray> xs, List<FloatNdArray> ys) {
    if (xs == null || ys == null || xs.isEmpty() || ys.isEmpty()) {
      throw new IllegalArgumentException("Received an invalid value for `validation_data`: both x and y are required.");
    }
    return new ValidationData(null, List.copyOf(xs), List.copyOf(ys));
  }

  /** Keras's {@code shuffle} (default true: reshuffled every epoch). */
  public static Shuffle shuffle(boolean value) {
    return new Shuffle(value);
  }

  public static Callbacks callbacks(Callback... callbacks) {
    return new Callbacks(List.of(callbacks));
  }

  public static Callbacks callbacks(List<Callback> callbacks) {
    return new Callbacks(List.copyOf(callbacks));
  }

  public static InitialEpoch initialEpoch(int epoch) {
    return new InitialEpoch(epoch);
  }

  public static StepsPerEpoch stepsPerEpoch(int steps) {
    if (steps <= 0) {
      throw new IllegalArgumentException("Received an invalid value for `steps_per_epoch`, expected a positive integer. Received: steps_per_epoch=" + steps);
    }
    return new StepsPerEpoch(steps);
  }

  public static Seed seed(long seed) {
    return new Seed(seed);
  }

  /** {@code image_size=(height, width)}. */
  public static ImageSize imageSize(int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "`image_size` must be two positive integers. Received: image_size=(" + height + ", " + width + ")");
    }
    return new ImageSize(height, width);
  }

  /** {@code subset="training"}, {@code "validation"} (or {@code "both"} where a pair is returned). */
  public static Subset subset(String subset) {
    return new Subset(subset);
  }

  /** {@code label_mode="int"} (default), {@code "binary"}, {@code "categorical"} or {@code null}. */
  public static LabelMode labelMode(String mode) {
    return new LabelMode(mode);
  }

  /**
   * {@code labels="inferred"} (default: one class per sub-folder) or {@code null} (no labels; the
   * folder structure is ignored and every image under the folder is listed).
   */
  public static Labels labels(String mode) {
    return new Labels(mode);
  }

  /**
   * {@code labels=[...]}: one integer label per image file, in the order of the files sorted as
   * Keras lists them ({@code os.walk} of the whole folder); the folder structure is then ignored.
   */
  public static Labels labels(List<Integer> labels) {
    return new Labels(List.copyOf(labels));
  }

  /** {@code crop_to_aspect_ratio} (default false): resize the largest centred window of the target's aspect ratio. */
  public static CropToAspectRatio cropToAspectRatio(boolean value) {
    return new CropToAspectRatio(value);
  }

  /** {@code pad_to_aspect_ratio} (default false): resize the whole image to fit, padded with zeros (black bars). */
  public static PadToAspectRatio padToAspectRatio(boolean value) {
    return new PadToAspectRatio(value);
  }

  /** {@code color_mode="rgb"} (default), {@code "grayscale"} or {@code "rgba"}. */
  public static ColorMode colorMode(String mode) {
    return new ColorMode(mode);
  }

  public static ClassNames classNames(String... names) {
    return new ClassNames(List.of(names));
  }

  /**
   * {@code interpolation}: for {@code imageDatasetFromDirectory} "bilinear" (default), "nearest",
   * "bicubic", "area" (TF's resize); for {@code ImageDataGenerator}'s {@code flow*} Pillow's filters
   * "nearest" (default), "bilinear", "bicubic", "hamming", "box", "lanczos".
   */
  public static Interpolation interpolation(String method) {
    return new Interpolation(method);
  }

  /** {@code flow_from_directory}'s {@code target_size=(height, width)} (default (256, 256)). */
  public static TargetSize targetSize(int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "`target_size` must be two positive integers. Received: target_size=(" + height + ", " + width + ")");
    }
    return new TargetSize(height, width);
  }

  /**
   * {@code class_mode}: "categorical" (default; one-hot labels), "binary" (0/1, shape (1,)),
   * "sparse" (class index), "input" (the images themselves), "raw" ({@code flowFromDataframe}: the
   * {@code y_col} numbers) or null (no labels).
   */
  public static ClassMode classMode(String mode) {
    return new ClassMode(mode);
  }

  /** {@code classes=[...]}: the class folders (or {@code y_col} values) to use, in label order (default: all, sorted). */
  public static Classes classes(String... names) {
    return new Classes(List.of(names));
  }

  /** {@code follow_links} (default false): descend into symbolic links to folders inside the class folders (or the folder, without inferred labels). */
  public static FollowLinks followLinks(boolean value) {
    return new FollowLinks(value);
  }

  /**
   * {@code keep_aspect_ratio} of {@code flow_from_directory} and {@code flow_from_dataframe}
   * (default false): each image is cropped to the target's aspect ratio (the largest centred box,
   * in whole pixels) before it is resized, so nothing is stretched.
   */
  public static KeepAspectRatio keepAspectRatio(boolean value) {
    return new KeepAspectRatio(value);
  }

  /** {@code flow_from_dataframe}'s {@code x_col} (default "filename"). */
  public static XCol xCol(String column) {
    return new XCol(column);
  }

  /** {@code flow_from_dataframe}'s {@code y_col} (default "class"). */
  public static YCol yCol(String column) {
    return new YCol(column);
  }

  /** {@code flow_from_dataframe}'s {@code directory}: the folder the {@code x_col} file names are relative to. */
  public static Directory directory(Path folder) {
    return new Directory(folder);
  }

  /**
   * Keras's {@code overwrite} (default true): whether an existing model (or weights file) at the
   * path may be replaced. Anything that is not a model is never replaced, whatever this says.
   */
  public static Overwrite overwrite(boolean value) {
    return new Overwrite(value);
  }

  /**
   * Keras's {@code training} argument of a functional call, {@code base.apply(x, training(false))},
   * recorded with the call as Keras records it. As in Keras 3, the mode of {@code fit} (training)
   * and of {@code evaluate}/{@code predict} (inference) wins over it when the model runs
   * (keras-team/keras#20285): to keep a base's BatchNormalization in inference mode while training
   * a head, freeze the base ({@code base.setTrainable(false)}), as Keras's transfer-learning guide
   * does.
   */
  public static Training training(boolean value) {
    return new Training(value);
  }

  /** Keras's {@code compile(optimizer="adam")}. */
  public static OptimizerArg optimizer(String name) {
    return new OptimizerArg(name);
  }

  /** Keras's {@code compile(optimizer=Adam(1e-4))}. */
  public static OptimizerArg optimizer(Optimizer optimizer) {
    return new OptimizerArg(optimizer);
  }

  /** Keras's {@code compile(loss="binary_crossentropy")}: one loss for every output. */
  public static LossArg loss(String name) {
    return new LossArg(name);
  }

  public static LossArg loss(Loss loss) {
    return new LossArg(loss);
  }

  /** Keras's {@code compile(loss=["binary_crossentropy", "mse"])}: one loss (name or {@code Loss}) per output, in order. */
  public static LossArg loss(List<?> losses) {
    return new LossArg(List.copyOf(losses));
  }

  /** Keras's {@code compile(loss={"cls": "binary_crossentropy", "reg": "mse"})}: losses by output name. */
  public static LossArg loss(Map<String, ?> losses) {
    return new LossArg(new LinkedHashMap<>(losses));
  }

  /** Keras's {@code loss_weights=[1.0, 0.5]}: in output order. */
  public static LossWeightsArg lossWeights(List<? extends Number> weights) {
    return new LossWeightsArg(List.copyOf(weights));
  }

  /** Keras's {@code loss_weights={"cls": 1.0, "reg": 0.5}}: by output name. */
  public static LossWeightsArg lossWeights(Map<String, ? extends Number> weights) {
    return new LossWeightsArg(new LinkedHashMap<>(weights));
  }

  /** Keras's {@code metrics=["accuracy"]} for a one-output model: names or {@code Metric}s. */
  public static MetricsArg metrics(Object... metrics) {
    return new MetricsArg(List.of(metrics));
  }

  /** Keras's {@code metrics=[...]}: a list for a one-output model, or a list of lists in output order. */
  public static MetricsArg metrics(List<?> metrics) {
    return new MetricsArg(List.copyOf(metrics));
  }

  /** Keras's {@code metrics={"cls": ["accuracy"]}}: by output name (a name, a {@code Metric} or a list of them). */
  public static MetricsArg metrics(Map<String, ?> metrics) {
    return new MetricsArg(new LinkedHashMap<>(metrics));
  }

  /**
   * Keras's {@code compile(weighted_metrics=[...])}: metrics that take the sample weights (logged
   * as {@code weighted_accuracy}...), in the forms of {@link #metrics(List)}.
   */
  public static WeightedMetricsArg weightedMetrics(List<?> metrics) {
    return new WeightedMetricsArg(List.copyOf(metrics));
  }

  /** Keras's {@code weighted_metrics={"cls": [...]}}: by output name. */
  public static WeightedMetricsArg weightedMetrics(Map<String, ?> metrics) {
    return new WeightedMetricsArg(new LinkedHashMap<>(metrics));
  }

  /**
   * Keras's {@code compile(jit_compile=True)}: the train and test steps compiled by XLA (off by
   * default). XLA fuses and contracts {@code a * b + c} into fused multiply-adds, so the numbers
   * differ from the default step's in the last bits (see docs/mixed-precision.md); the default stays
   * bit-faithful to Keras's non-XLA run.
   */
  public static JitCompile jitCompile(boolean value) {
    return new JitCompile(value);
  }

  /** Keras's {@code compile(auto_scale_loss=False)}: no LossScaleOptimizer under mixed_float16 (true by default). */
  public static AutoScaleLoss autoScaleLoss(boolean value) {
    return new AutoScaleLoss(value);
  }

  /** Keras's {@code fit(..., class_weight={0: 1.0, 1: 3.0})}: each sample's loss weighted by its class's weight (one output only). */
  public static ClassWeight classWeight(Map<Integer, ? extends Number> weights) {
    Map<Integer, Double> m = new LinkedHashMap<>();
    weights.forEach((k, v) -> m.put(k, v.doubleValue()));
    return new ClassWeight(m);
  }

  /** Keras's {@code sample_weight=w}: one weight per sample, for every output. */
  public static SampleWeight sampleWeight(FloatNdArray weights) {
    return new SampleWeight(List.of(weights), false);
  }

  /** Keras's {@code sample_weight=[w1, w2]}: one vector per output, in output order. */
  public static SampleWeight sampleWeight(List<FloatNdArray> weights) {
    return new SampleWeight(List.copyOf(weights), true);
  }

  /**
   * {@code trusted(true)}: load a SavedModel even when its graph holds ops that reach outside the
   * model (files, network, processes). A SavedModel is a program; without this, {@code
   * ServingModel.load} refuses such a graph before running any of it (default false).
   */
  public static Trusted trusted(boolean value) {
    return new Trusted(value);
  }

  /**
   * Keras's {@code custom_objects} of {@code load_model}: the user's layer classes a file names,
   * each by its Keras class name with its {@code fromConfig}: {@code
   * customObjects(Map.of("Scale", Scale::fromConfig))}. They take precedence over jkeras's own.
   */
  public static CustomObjects customObjects(Map<String, ? extends Function<Map<String, Object>, ? extends Layer>> classes) {
    Map<String, Function<Map<String, Object>, ?>> copy = new LinkedHashMap<>();
    classes.forEach((name, f) -> copy.put(name, f::apply));
    return new CustomObjects(copy);
  }

  /**
   * Keras's {@code compile} argument of {@code load_model} (default true): false leaves the loaded
   * model uncompiled, whatever compile config its file holds.
   */
  public static Compile compile(boolean value) {
    return new Compile(value);
  }

  /**
   * Keras's {@code safe_mode} of {@code load_model} (default true): refuses a file naming a layer
   * class whose config carries code to run (Keras's {@code Lambda}).
   */
  public static SafeMode safeMode(boolean value) {
    return new SafeMode(value);
  }
}
