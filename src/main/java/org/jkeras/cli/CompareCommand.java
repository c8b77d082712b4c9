package org.jkeras.cli;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.imageSize;
import static org.jkeras.Kwargs.labelMode;
import static org.jkeras.Kwargs.seed;
import static org.jkeras.Kwargs.subset;
import static org.jkeras.Kwargs.validationData;
import static org.jkeras.Kwargs.validationSplit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jkeras.callbacks.History;
import org.jkeras.data.Dataset;
import org.jkeras.data.ImageDatasets;
import org.jkeras.data.ImageFolderDataset;
import org.jkeras.data.SyntheticImages;
import org.jkeras.models.Model;
import org.jkeras.random.Seeds;
import org.jkeras.utils.CurvesPlot;
import org.jkeras.utils.Files2;
import org.jkeras.utils.OutputTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code compare MODEL_A MODEL_B}: the seed's claim that regularisation narrows the gap between
 * training and validation, shown. Trains both models with the same seed (so the same initial
 * weights for the layers they share), the same data, split and shuffling, the seed's compile
 * (adam, binary_crossentropy, accuracy); writes {@code curves.png} (loss and accuracy, training
 * solid, validation dashed) and {@code curves.csv}, and prints each model's final gap.
 */
@Command(name = "compare",
    customSynopsis = {"jkeras compare MODEL_A MODEL_B [--data DIR] [--max-per-class N]",
        "    [--epochs N] [--batch-size N] [--image-size H,W] [--validation-split F]",
        "    [--seed N] [--l2 F] [--out DIR]"},
    description = {"train two models on the same data and plot their training vs validation curves",
        "", "Trains MODEL_A and MODEL_B with the same seed and data, as the seed compiles them (adam, binary_crossentropy,"
        + " accuracy), then writes curves.png (loss and accuracy per epoch, training solid, validation dashed) and"
        + " curves.csv, and prints each model's final train/validation gap. Example: jkeras compare cnn cnn-l2 --data DIR"
        + " --max-per-class 40."})
final class CompareCommand implements Callable<Integer> {
  /** What --out may be: a new or empty folder, or one holding only what compare writes. */
  static final OutputTarget OUTPUT = OutputTarget.folderOf("a folder of compare's curves (curves.png, curves.csv)",
      name -> name.equals("curves.png") || name.equals("curves.csv"));

  @ParentCommand
  private Main jkeras;

  @Parameters(paramLabel = "MODEL", arity = "2", converter = ModelCatalog.Name.class,
      completionCandidates = ModelCatalog.Names.class, description = "two of: ${COMPLETION-CANDIDATES}")
  private List<String> names;

  @Option(names = "--data", paramLabel = "DIR", description = "image folder, one sub-folder per class (default: the"
      + " embedded synthetic set)")
  private Path data;

  @Option(names = "--max-per-class", paramLabel = "N", converter = OptionTypes.PositiveInt.class,
      description = "use only the first N images of each class (an overfitting set-up)")
  private Integer maxPerClass;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "15", converter = OptionTypes.PositiveInt.class,
      description = "epochs (default 15)")
  private int epochsN;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", converter = OptionTypes.PositiveInt.class,
      description = "batch size (default 32)")
  private int batch;

  @Option(names = "--image-size", paramLabel = "H,W", defaultValue = "64,64", converter = OptionTypes.SizeConverter.class,
      description = "images are resized to this (default 64,64)")
  private OptionTypes.Size size;

  @Option(names = "--validation-split", paramLabel = "F", defaultValue = "0.2", converter = OptionTypes.Fraction.class,
      description = "fraction held out for validation (default 0.2)")
  private double split;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", converter = OptionTypes.Seed.class,
      description = "random seed for weights, split and shuffling (default 42)")
  private long seedValue;

  @Option(names = "--l2", paramLabel = "F", converter = OptionTypes.NonNegativeNumber.class,
      description = "L2 factor of cnn-l2 (default 0.001, as the seed)")
  private Double l2;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "models/compare", description = "where to write curves.png"
      + " and curves.csv (default models/compare)")
  private Path outDir;

  @Override
  public Integer call() throws Exception {
    PrintStream out = jkeras.out;
    if (l2 != null && !names.contains("cnn-l2")) {
      throw new UsageException("argument --l2: only the cnn-l2 model has L2 regularizers");
    }
    OutputChecks.check(OUTPUT, outDir, true, "--out");
    for (String n : names) {
      model(n).close(); // a model that cannot be built (an input too small for VGG16) fails here, before any training
    }

    Path subsetDir = null;
    Map<String, History> histories = new LinkedHashMap<>();
    try {
      if (data != null) {
        TrainCommand.checkClasses(data);
        if (maxPerClass != null) {
          subsetDir = firstImagesPerClass(data, maxPerClass);
        }
      }
      for (String n : names) {
        out.println("== " + n);
        histories.put(n, train(n, data == null ? null : subsetDir != null ? subsetDir : data, maxPerClass, size, batch, split,
            seedValue, epochsN, out));
      }
    } finally {
      if (subsetDir != null) {
        Files2.deleteRecursively(subsetDir);
      }
    }
    Path png = outDir.resolve("curves.png");
    Path csv = outDir.resolve("curves.csv");
    OUTPUT.writeInto(outDir, "--out", dir -> {
      CurvesPlot.write(String.join(" vs ", names) + ": training (solid) and validation (dashed)", histories,
          dir.resolve(png.getFileName()));
      Files2.writeAtomically(dir.resolve(csv.getFileName()), csv(histories).getBytes(StandardCharsets.UTF_8));
    });
    out.print(report(histories));
    out.println("Wrote " + png + " and " + csv);
    return 0;
  }

  private History train(String name, Path data, Integer maxPerClass, OptionTypes.Size size, int batch, double split,
      long seedValue, int epochsN, PrintStream out) throws Exception {
    Seeds.setRandomSeed(seedValue); // the same initial weights and shuffling for both models
    List<AutoCloseable> toClose = new ArrayList<>();
    try {
      Dataset train;
      Dataset val;
      if (data != null) {
        ImageFolderDataset t = ImageDatasets.imageDatasetFromDirectory(data, validationSplit(split), subset("training"),
            seed(seedValue), imageSize(size.height(), size.width()), batchSize(batch), labelMode("binary"));
        toClose.add(t);
        ImageFolderDataset v = ImageDatasets.imageDatasetFromDirectory(data, validationSplit(split), subset("validation"),
            seed(seedValue), imageSize(size.height(), size.width()), batchSize(batch), labelMode("binary"));
        toClose.add(v);
        train = t;
        val = v;
      } else {
        int count = maxPerClass != null ? 2 * maxPerClass : TrainCommand.SYNTHETIC_COUNT;
        SyntheticImages.Images images = SyntheticImages.generate(count, size.height(), size.width(), seedValue);
        var parts = images.split(split, batch, seedValue);
        train = parts[0];
        val = parts[1];
      }
      out.println("Training on " + train.size() + " images, validating on " + val.size() + " (" + size.height() + "x" + size.width()
          + ", seed " + seedValue + ").");
      try (Model model = model(name)) {
        model.compile("adam", "binary_crossentropy", "accuracy");
        model.trainer().setOutput(out);
        return model.fit(train, epochs(epochsN), validationData(val));
      }
    } finally {
      for (AutoCloseable c : toClose) {
        c.close();
      }
    }
  }

  /** Model {@code name} on this size of RGB images, with random weights (compare takes no --weights). */
  private Model model(String name) throws Exception {
    return ModelCatalog.create(name, size.rgbShape(), l2 != null ? l2 : TrainingOptions.DEFAULT_L2, TransferOptions.withoutWeights(false));
  }

  /** A temporary folder with links to the first {@code n} images (by name) of each class of {@code data}. */
  static Path firstImagesPerClass(Path data, int n) throws IOException {
    Path dir = Files.createTempDirectory("jkeras-compare-");
    List<Path> classes;
    try (Stream<Path> s = Files.list(data)) {
      classes = s.filter(Files::isDirectory).sorted().toList();
    }
    for (Path c : classes) {
      Path target = Files.createDirectory(dir.resolve(c.getFileName().toString()));
      List<Path> files;
      try (Stream<Path> s = Files.list(c)) {
        files = s.filter(Files::isRegularFile).sorted().limit(n).toList();
      }
      for (Path f : files) {
        Files.createSymbolicLink(target.resolve(f.getFileName().toString()), f.toAbsolutePath());
      }
    }
    return dir;
  }

  static String csv(Map<String, History> histories) {
    StringBuilder sb = new StringBuilder("model,epoch,loss,accuracy,val_loss,val_accuracy\n");
    for (Map.Entry<String, History> e : histories.entrySet()) {
      Map<String, List<Double>> h = e.getValue().history();
      for (int i = 0; i < h.get("loss").size(); i++) {
        sb.append(e.getKey()).append(',').append(i + 1);
        for (String k : List.of("loss", "accuracy", "val_loss", "val_accuracy")) {
          sb.append(',').append(h.get(k).get(i));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  static String report(Map<String, History> histories) {
    StringBuilder sb = new StringBuilder("\nFinal epoch: loss gap = val_loss - loss, accuracy gap = accuracy - val_accuracy\n");
    sb.append(String.format(Locale.ROOT, "  %-10s %10s %10s %10s %10s %12s %13s%n", "model", "loss", "val_loss", "loss gap",
        "accuracy", "val_accuracy", "accuracy gap"));
    String best = null;
    double bestGap = Double.POSITIVE_INFINITY;
    for (Map.Entry<String, History> e : histories.entrySet()) {
      Map<String, List<Double>> h = e.getValue().history();
      double loss = last(h.get("loss"));
      double valLoss = last(h.get("val_loss"));
      double acc = last(h.get("accuracy"));
      double valAcc = last(h.get("val_accuracy"));
      sb.append(String.format(Locale.ROOT, "  %-10s %10.4f %10.4f %10.4f %10.4f %12.4f %13.4f%n", e.getKey(), loss, valLoss,
          valLoss - loss, acc, valAcc, acc - valAcc));
      if (valLoss - loss < bestGap) {
        bestGap = valLoss - loss;
        best = e.getKey();
      }
    }
    sb.append(String.format(Locale.ROOT, "Smallest loss gap (val_loss - loss): %s (%.4f).%n", best, bestGap));
    return sb.toString();
  }

  private static double last(List<Double> v) {
    return v.get(v.size() - 1);
  }
}
