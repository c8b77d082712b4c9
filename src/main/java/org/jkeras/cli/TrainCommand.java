package org.jkeras.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jkeras.backend.KerasVariable;
import org.jkeras.callbacks.History;
import org.jkeras.data.BatchSlices;
import org.jkeras.data.Dataset;
import org.jkeras.data.ImageDatasets;
import org.jkeras.data.ImageFolderDataset;
import org.jkeras.data.SyntheticImages;
import org.jkeras.distribute.MultiWorkerMirroredStrategy;
import org.jkeras.distribute.StrategyScope;
import org.jkeras.distribute.TfConfig;
import org.jkeras.dtypepolicies.MixedPrecision;
import org.jkeras.models.Model;
import org.jkeras.random.Seeds;
import org.jkeras.utils.FloatArrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.imageSize;
import static org.jkeras.Kwargs.labelMode;
import static org.jkeras.Kwargs.seed;
import static org.jkeras.Kwargs.subset;
import static org.jkeras.Kwargs.validationData;
import static org.jkeras.Kwargs.validationSplit;

/**
 * {@code train MODEL}: the seed's training, {@code compile("adam", "binary_crossentropy",
 * "accuracy")} then {@code fit}, on an image folder or the embedded synthetic set; saves a
 * SavedModel with {@code history.csv} beside it, or a {@code .keras} file for an {@code --out}
 * ending in {@code .keras}. {@code train --model FILE} trains a saved model on instead ({@link
 * TrainFromFile}). With {@code TF_CONFIG} set, this process is one worker of a multi-worker
 * training ({@link MultiWorkerMirroredStrategy}): {@code --batch-size} is the global batch, and only
 * the chief saves the model.
 */
@Command(name = "train",
    customSynopsis = {"jkeras train MODEL|--model FILE [--data DIR] [--epochs N] [--batch-size N]",
        "    [--image-size H,W] [--validation-split F] [--seed N] [--out PATH]",
        "    [--no-overwrite] [--augment[=LIST]] [--mixed-precision[=POLICY]]",
        "    [--optimizer NAME] [--learning-rate F]",
        "    [--lr-schedule NAME] [--early-stopping PATIENCE] [--l2 F]",
        "    [--tensorboard DIR] [--weights imagenet|none|FILE|DIR] [--freeze-base]",
        "    [--fine-tune-from BLOCK] [--fine-tune-epochs N]",
        "    [--fine-tune-learning-rate F]"},
    description = {"train a model (default: the seed's CNN on the embedded synthetic set) and save it",
        "", "Builds MODEL, compiles it as the seed does (adam unless --optimizer, binary_crossentropy, accuracy), trains it and"
        + " saves a TF SavedModel (signature serving_default: float32 NHWC images in 0..255 -> probability) with history.csv"
        + " beside it. vgg16-transfer is the seed's 4.4 model (VGG16 base, its preprocess_input inside); the --weights,"
        + " --freeze-base and --fine-tune-* options apply to it only. With --model FILE (a .keras file from Python, say)"
        + " the saved model trains on instead, and --out OUT.keras writes a .keras file that Python's"
        + " keras.models.load_model opens.",
        "", "With TF_CONFIG set (TensorFlow's {\"cluster\": {\"worker\": [\"host:port\", ...]}, \"task\": {\"type\": \"worker\","
        + " \"index\": i}}), this process is worker i of a multi-worker training: start one per machine with the same"
        + " cluster list; --batch-size is the global batch; worker 0 saves the model (see jkeras launch to try it on one"
        + " machine)."})
final class TrainCommand implements Callable<Integer> {
  /** Images in the embedded synthetic set. */
  static final int SYNTHETIC_COUNT = 400;

  @ParentCommand
  private Main jkeras;

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "MODEL", arity = "0..1", converter = ModelCatalog.Name.class,
      completionCandidates = ModelCatalog.Names.class, description = "one of: ${COMPLETION-CANDIDATES}")
  private String model;

  @Option(names = "--model", paramLabel = "FILE", description = "train a saved model further instead of building MODEL:"
      + " a .keras file (from Python's model.save or jkeras's), a .h5 model file or a folder written by 'jkeras train';"
      + " the image size is its input's, its compile config (with the optimizer's state) is kept unless --optimizer,"
      + " --learning-rate or --lr-schedule is given")
  private Path fromFile;

  @Option(names = "--data", paramLabel = "DIR", description = "image folder, one sub-folder per class (default: the"
      + " embedded synthetic set)")
  private Path data;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", converter = OptionTypes.PositiveInt.class,
      description = "epochs (default 10)")
  private int epochsN;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", converter = OptionTypes.PositiveInt.class,
      description = "batch size (default 32)")
  private int batch;

  @Option(names = "--image-size", paramLabel = "H,W", defaultValue = "224,224", converter = OptionTypes.SizeConverter.class,
      description = "images are resized to this (default 224,224, as the seed)")
  private OptionTypes.Size size;

  @Option(names = "--validation-split", paramLabel = "F", defaultValue = "0.2", converter = OptionTypes.Fraction.class,
      description = "fraction held out for validation (default 0.2)")
  private double split;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", converter = OptionTypes.Seed.class,
      description = "random seed for weights, split and shuffling (default 42)")
  private long seedValue;

  @Option(names = "--out", paramLabel = "PATH", description = "where to save the model (default models/MODEL; required"
      + " with --model): a path ending in .keras writes Keras's file, any other a SavedModel folder with history.csv; an"
      + " existing model there is replaced once the new one is complete, anything else there is refused")
  private Path outDir;

  @Option(names = "--no-overwrite", description = "refuse to replace an existing model at --out (Keras's overwrite=False)")
  private boolean noOverwrite;

  @Option(names = "--augment", paramLabel = "LIST", arity = "0..1", fallbackValue = AugmentLayersOption.DEFAULT,
      converter = AugmentLayersOption.class, description = "augment the training images in the input pipeline with Keras"
      + " layers, a comma-separated list of: flip[:MODE], rotation:F, zoom:F, translation:F, contrast:F, brightness:F,"
      + " hue:F, saturation:F, sharpness:F, shear:F, color_degeneration:F, posterization:BITS, grayscale[:F],"
      + " perspective[:F], erasing[:F], gaussian_blur[:F], invert[:F], randaugment[:F], augmix[:F], solarization,"
      + " auto_contrast, equalization (e.g. flip,rotation:0.1,zoom:0.2,contrast:0.2,randaugment; Keras's names such as random_flip too); alone: "
      + AugmentLayersOption.DEFAULT + " (RandomFlip horizontal, RandomRotation 0.1)")
  private AugmentLayersOption.Spec augment;

  @Option(names = "--mixed-precision", paramLabel = "POLICY", arity = "0..1", fallbackValue = "mixed_bfloat16",
      converter = MixedPolicy.class, description = "Keras's mixed_precision.set_global_policy for the model: float32"
      + " weights, computations in bfloat16 (mixed_bfloat16, the default when the option has no value; these CPUs"
      + " compute bfloat16 natively) or float16 (mixed_float16, with loss scaling); the output layer stays float32;"
      + " not with --model FILE (its layers keep the policies saved with them)")
  private String mixedPrecision;

  @Mixin
  private TrainingOptions training;

  @Mixin
  private TransferOptions transfer;

  @Override
  public Integer call() throws Exception {
    PrintStream out = jkeras.out;
    if (fromFile == null && model == null) {
      throw new UsageException("missing MODEL (one of: " + ModelCatalog.names() + ") or --model FILE");
    }
    String modelName = fromFile == null ? model : TrainFromFile.checkArgs(fromFile, model, outDir, transfer);
    if (fromFile != null && mixedPrecision != null) {
      throw new UsageException("--mixed-precision applies to a model built here, not to --model " + fromFile
          + " (its layers keep the dtype policies saved with them)");
    }
    Path target = outDir != null ? outDir : Path.of("models", model);
    boolean overwrite = !noOverwrite;
    OutputChecks.check(ModelSource.target(target), target, overwrite, "--out");
    training.check(modelName);
    transfer.rejectForOtherModels(modelName);

    MultiWorkerMirroredStrategy strategy = strategyFromEnvironment();
    if (strategy != null && strategy.isMultiWorker()) {
      TfConfig c = strategy.clusterConfig();
      out.println("TF_CONFIG: " + c.task() + " of " + c.numWorkers() + " workers" + (c.isChief() ? " (the chief: it saves the model)" : "")
          + "; global batch " + batch + ". TensorFlow's server listens on port " + c.task().port()
          + " of every interface, unauthenticated: trusted networks only (SECURITY.md).");
    }
    // A model from a file is loaded first: its input shape gives the image size.
    List<AutoCloseable> toClose = new ArrayList<>();
    Model loaded = fromFile == null ? null : ModelSource.open(fromFile, false, "--model");
    if (loaded != null) {
      toClose.add(loaded);
    }
    try {
      OptionTypes.Size givenSize = given("--image-size") ? size : null;
      int[] hw = loaded == null ? new int[] {size.height(), size.width()} : TrainFromFile.imageSize(loaded, fromFile, givenSize);
      String labels = loaded == null ? "binary" : ModelSource.labelMode(loaded);
      Seeds.setRandomSeed(seedValue);
      Dataset train;
      Dataset val;
      List<String> classNames;
      if (data != null) {
        checkClasses(data, loaded == null ? 2 : TrainFromFile.classCount(loaded));
        ImageFolderDataset t = ImageDatasets.imageDatasetFromDirectory(data, validationSplit(split), subset("training"),
            seed(seedValue), imageSize(hw[0], hw[1]), batchSize(batch), labelMode(labels));
        toClose.add(t);
        ImageFolderDataset v = ImageDatasets.imageDatasetFromDirectory(data, validationSplit(split), subset("validation"),
            seed(seedValue), imageSize(hw[0], hw[1]), batchSize(batch), labelMode(labels));
        toClose.add(v);
        train = t;
        val = v;
        classNames = t.classNames();
      } else {
        out.println("No --data given: training on the embedded synthetic set (" + SYNTHETIC_COUNT + " images of "
            + SyntheticImages.CLASS_NAMES + " stripes, " + hw[0] + "x" + hw[1] + ").");
        SyntheticImages.Images images = SyntheticImages.generate(SYNTHETIC_COUNT, hw[0], hw[1], seedValue);
        var parts = images.split(split, batch, seedValue);
        train = parts[0];
        val = parts[1];
        classNames = images.classNames();
      }
      // Each worker's part of every batch, before augmentation: a worker decodes and augments only its own images.
      train = BatchSlices.forWorker(train, strategy);
      val = BatchSlices.forWorker(val, strategy);
      if (augment != null) {
        train = augment.apply(train, seedValue, toClose);
      }
      Model created = loaded;
      if (created == null) {
        // The policy for the model's layers only: the input pipeline (augmentation) stays float32.
        try (MixedPrecision.Scope policy = MixedPrecision.policyScope(mixedPrecision == null ? "float32" : mixedPrecision)) {
          created = ModelCatalog.create(model, new int[] {hw[0], hw[1], 3}, training.l2(), transfer);
        }
        if (mixedPrecision != null) {
          out.println("Mixed precision: " + mixedPrecision + " (weights in float32, computations in "
              + created.dtypePolicy().computeDtype() + ", the output layer in float32).");
        }
      }
      try (Model m = created) {
        try (StrategyScope scope = strategy == null ? null : strategy.scope()) {
          if (loaded == null) {
            m.compile(training.optimizer(train.cardinality(), epochsN, out), "binary_crossentropy", "accuracy");
          } else {
            boolean chosen = given("--optimizer") || given("--learning-rate") || given("--lr-schedule");
            TrainFromFile.compile(m, training, chosen, train.cardinality(), epochsN, out);
          }
        }
        m.trainer().setOutput(out);
        History history = m.fit(train, epochs(epochsN), validationData(val), callbacks(training.callbacks()));
        history = transfer.maybeFineTune(m, history, train, val, epochsN, out);
        checkFinite(m, history, target);
        if (strategy != null && !strategy.isChief()) {
          out.println("Trained as " + strategy.clusterConfig().task() + "; the chief saves the model to " + target + ".");
          return 0;
        }
        out.println(ModelSource.save(m, target, classNames, history, overwrite));
      }
    } finally {
      for (AutoCloseable c : toClose) {
        c.close();
      }
    }
    return 0;
  }

  /** Whether the command line gave {@code option} (those with a default value have one either way). */
  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /**
   * A model whose loss or weights are not finite is not saved (TerminateOnNaN, on in the CLI, has
   * stopped its training): the model at {@code outDir}, if any, stays as it was.
   */
  static void checkFinite(Model model, History history, Path outDir) {
    List<Double> losses = history.history().get("loss");
    Double last = losses == null || losses.isEmpty() ? null : losses.get(losses.size() - 1);
    List<String> bad = new ArrayList<>();
    for (KerasVariable v : model.weightsByLayer()) {
      long n = FloatArrays.countNonFinite(v.getValue());
      if (n > 0) {
        bad.add(v.path() + " (" + n + " of " + v.size() + ")");
      }
    }
    if ((last != null && !Double.isFinite(last)) || !bad.isEmpty()) {
      throw new IllegalStateException("training diverged: the loss is " + last
          + (bad.isEmpty() ? "" : " and weights hold NaN or infinite values: " + String.join(", ", bad.subList(0, Math.min(3, bad.size())))
              + (bad.size() > 3 ? ", ..." : ""))
          + ". Nothing was saved (" + outDir + " is unchanged); try a lower --learning-rate.");
    }
  }

  /** Training a classifier needs its class folders (two for a binary one): say so before anything runs. */
  static void checkClasses(Path data) throws IOException {
    checkClasses(data, 2);
  }

  static void checkClasses(Path data, int expected) throws IOException {
    if (!Files.isDirectory(data)) {
      throw new FileNotFoundException("--data " + data + ": no such folder (expected one sub-folder of images per class)");
    }
    List<String> classes = new ArrayList<>();
    try (var s = Files.list(data)) {
      s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().forEach(classes::add);
    }
    if (classes.size() != expected) {
      throw new IllegalArgumentException("--data " + data + ": expected exactly " + expected + " class folders for "
          + (expected == 2 ? "a binary classifier" : "the model's " + expected + " classes") + ", found "
          + classes.size() + (classes.isEmpty() ? "" : " " + classes));
    }
  }

  /** The strategy of {@code TF_CONFIG}, or null without it; a {@code TF_CONFIG} that cannot be used is a usage error (exit 2). */
  private static MultiWorkerMirroredStrategy strategyFromEnvironment() {
    TfConfig config;
    try {
      config = TfConfig.fromEnvironment();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return config == null ? null : MultiWorkerMirroredStrategy.of(config);
  }

  /** A --mixed-precision value: one of Keras's mixed policies. */
  static final class MixedPolicy implements ITypeConverter<String> {
    @Override
    public String convert(String v) {
      return OptionTypes.oneOf(v, List.of("mixed_bfloat16", "mixed_float16"), "--mixed-precision policy");
    }
  }
}
