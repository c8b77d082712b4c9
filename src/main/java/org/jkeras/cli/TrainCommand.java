package org.jkeras.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jkeras.backend.KerasVariable;
import org.jkeras.callbacks.History;
import org.jkeras.data.Dataset;
import org.jkeras.data.ImageDatasets;
import org.jkeras.data.ImageFolderDataset;
import org.jkeras.data.SyntheticImages;
import org.jkeras.models.Model;
import org.jkeras.random.Seeds;
import org.jkeras.saving.SavedModels;
import org.jkeras.utils.FloatArrays;

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
 * SavedModel with {@code history.csv} beside it.
 */
final class TrainCommand implements Command {
  /** Images in the embedded synthetic set. */
  static final int SYNTHETIC_COUNT = 400;

  static final List<Args.Option> OPTIONS = concat(List.of(
      new Args.Option("--data", "DIR", "image folder, one sub-folder per class (default: the embedded synthetic set)"),
      new Args.Option("--epochs", "N", "epochs (default 10)"),
      new Args.Option("--batch-size", "N", "batch size (default 32)"),
      new Args.Option("--image-size", "H,W", "images are resized to this (default 224,224, as the seed)"),
      new Args.Option("--validation-split", "F", "fraction held out for validation (default 0.2)"),
      new Args.Option("--seed", "N", "random seed for weights, split and shuffling (default 42)"),
      new Args.Option("--model", "FILE", "train a saved model further instead of building MODEL: a .keras file (from"
          + " Python's model.save or jkeras's), a .h5 model file or a folder written by 'jkeras train'; the image size is"
          + " its input's, its compile config is kept unless --optimizer, --learning-rate or --lr-schedule is given"),
      new Args.Option("--out", "PATH", "where to save the model (default models/MODEL; required with --model): a path"
          + " ending in .keras writes Keras's file, any other a SavedModel folder with history.csv; an existing model there"
          + " is replaced once the new one is complete, anything else there is refused"),
      new Args.Option("--no-overwrite", null, "refuse to replace an existing model at --out (Keras's overwrite=False)"),
      new Args.Option("--augment", null, "augment the training images (RandomFlip horizontal, RandomRotation 0.1) in the input pipeline")),
      TransferOptions.TRAIN_OPTIONS);

  private static List<Args.Option> concat(List<Args.Option> a, List<Args.Option> b) {
    List<Args.Option> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  @Override
  public String name() {
    return "train";
  }

  @Override
  public String summary() {
    return "train a model (default: the seed's CNN on the embedded synthetic set) and save it";
  }

  @Override
  public String synopsis() {
    return "jkeras train MODEL|--model FILE [--data DIR] [--epochs N] [--batch-size N] [--image-size H,W] [--validation-split F] [--seed N] [--out PATH]"
        + " [--optimizer NAME] [--learning-rate F] [--lr-schedule NAME] [--early-stopping PATIENCE] [--l2 F] [--tensorboard DIR] [--augment]"
        + " [--weights imagenet|none|FILE|DIR] [--freeze-base] [--fine-tune-from BLOCK]";
  }

  @Override
  public String description() {
    return "Builds MODEL (" + ModelCatalog.names() + "), compiles it as the seed does (adam unless --optimizer,"
        + " binary_crossentropy, accuracy), trains it and saves a TF SavedModel (signature serving_default: float32 NHWC images in 0..255"
        + " -> probability) with history.csv beside it. vgg16-transfer is the seed's 4.4 model (VGG16 base, its"
        + " preprocess_input inside); the --weights, --freeze-base and --fine-tune-* options apply to it only. With --model FILE"
        + " (a .keras file from Python, say) the saved model trains on instead, and --out OUT.keras writes a .keras file that"
        + " Python's keras.models.load_model opens.";
  }

  @Override
  public List<Args.Option> options() {
    return Stream.concat(OPTIONS.stream(), TrainingOptions.OPTIONS.stream()).toList();
  }

  @Override
  public int run(Args args, PrintStream out, PrintStream err) throws Exception {
    Path fromFile = args.path("--model", null);
    String modelName = fromFile == null ? ModelCatalog.modelName(args) : TrainFromFile.checkArgs(args);
    int epochsN = args.positiveInt("--epochs", 10);
    int batch = args.positiveInt("--batch-size", 32);
    double split = args.fraction("--validation-split", 0.2, 0.0, 1.0);
    if (split <= 0) {
      throw new UsageException("argument --validation-split: expected a number in (0, 1), received '" + split + "'");
    }
    long seedValue = args.longValue("--seed", 42);
    Path outDir = args.path("--out", Path.of("models", modelName));
    boolean overwrite = !args.flag("--no-overwrite");
    OutputChecks.check(ModelSource.target(outDir), outDir, overwrite, "--out");
    Path data = args.path("--data", null);
    TrainingOptions training = TrainingOptions.parse(args, modelName);

    // A model from a file is loaded first: its input shape gives the image size.
    List<AutoCloseable> toClose = new ArrayList<>();
    Model loaded = fromFile == null ? null : ModelSource.open(fromFile, false, "--model");
    if (loaded != null) {
      toClose.add(loaded);
    }
    try {
      int[] size = loaded == null ? args.ints("--image-size", new int[] {224, 224}, 2) : TrainFromFile.imageSize(loaded, fromFile, args);
      String labels = loaded == null ? "binary" : ModelSource.labelMode(loaded);
      Seeds.setRandomSeed(seedValue);
      Dataset train;
      Dataset val;
      List<String> classNames;
      if (data != null) {
        checkClasses(data, loaded == null ? 2 : TrainFromFile.classCount(loaded));
        ImageFolderDataset t = ImageDatasets.imageDatasetFromDirectory(data, validationSplit(split), subset("training"),
            seed(seedValue), imageSize(size[0], size[1]), batchSize(batch), labelMode(labels));
        toClose.add(t);
        ImageFolderDataset v = ImageDatasets.imageDatasetFromDirectory(data, validationSplit(split), subset("validation"),
            seed(seedValue), imageSize(size[0], size[1]), batchSize(batch), labelMode(labels));
        toClose.add(v);
        train = t;
        val = v;
        classNames = t.classNames();
      } else {
        out.println("No --data given: training on the embedded synthetic set (" + SYNTHETIC_COUNT + " images of "
            + SyntheticImages.CLASS_NAMES + " stripes, " + size[0] + "x" + size[1] + ").");
        SyntheticImages.Images images = SyntheticImages.generate(SYNTHETIC_COUNT, size[0], size[1], seedValue);
        var parts = images.split(split, batch, seedValue);
        train = parts[0];
        val = parts[1];
        classNames = images.classNames();
      }
      if (args.flag("--augment")) train = AugmentCommand.defaultAugmentation(train, seedValue, toClose);
      try (Model model = loaded != null ? loaded : ModelCatalog.create(modelName, new int[] {size[0], size[1], 3}, args)) {
        if (loaded == null) {
          model.compile(training.optimizer(train.cardinality(), epochsN, out), "binary_crossentropy", "accuracy");
        } else {
          TrainFromFile.compile(model, training, args, train.cardinality(), epochsN, out);
        }
        model.trainer().setOutput(out);
        History history = model.fit(train, epochs(epochsN), validationData(val), callbacks(training.callbacks()));
        history = TransferOptions.maybeFineTune(model, history, train, val, epochsN, args, out);
        checkFinite(model, history, outDir);
        out.println(ModelSource.save(model, outDir, classNames, history, overwrite));
      }
    } finally {
      for (AutoCloseable c : toClose) {
        c.close();
      }
    }
    return 0;
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
}
