package org.jkeras.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.jkeras.data.ImageDecoder;
import org.jkeras.kwargs.Args.LoadArg;
import org.jkeras.models.Model;
import org.jkeras.saving.ServingModel;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import static org.jkeras.Kwargs.trusted;
import static org.jkeras.Kwargs.verbose;

/**
 * {@code predict --model FILE [--trust-model] [--timeout SECONDS] IMAGE...}: predicts with a Keras
 * {@code .keras} or {@code .h5} file (the model rebuilt from its config), or serves a SavedModel's
 * {@code serving_default} signature (refused before loading when its graph reaches outside the
 * model, see {@code SavedModelScan}, unless trusted) on
 * image files (decoded and resized to the input the signature declares) and prints, per file, the
 * path, the probability and the class name.
 */
@Command(name = "predict", customSynopsis = {"jkeras predict --model FILE [--trust-model] [--timeout SECONDS]",
        "    IMAGE..."},
    description = {"classify image files with a saved model",
        "", "Prints one line per image: path, probability of the second class, predicted class name (a path with a"
        + " control character, such as a newline or tab, is printed as a quoted string with escapes). Images are resized to"
        + " the model's input size. A .keras or .h5 file is rebuilt from its config (nothing in it runs); a SavedModel"
        + " folder is served, and one whose graph reaches outside itself (files, folders, processes) is refused unless"
        + " --trust-model is given."})
final class PredictCommand implements Callable<Integer> {
  @ParentCommand
  private Main jkeras;

  @Option(names = "--model", paramLabel = "FILE", required = true, description = "a .keras or .h5 model file (Keras's or"
      + " jkeras's), or a SavedModel folder with a serving_default signature (required)")
  private Path modelDir;

  @Option(names = "--trust-model", description = "run the model even if its graph reads or writes files (a SavedModel is"
      + " a program)")
  private boolean trustModel;

  @Option(names = "--timeout", paramLabel = "SECONDS", converter = OptionTypes.Seconds.class, description = "fail when"
      + " loading the model or predicting one image takes longer")
  private Double timeout;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "image files (JPEG, PNG, BMP or GIF)")
  private List<String> images;

  @Override
  public Integer call() throws Exception {
    PrintStream out = jkeras.out;
    PrintStream err = jkeras.err;
    List<LoadArg> load = new ArrayList<>(List.of(trusted(trustModel)));
    if (timeout != null) {
      load.add(ServingModel.timeout(Duration.ofMillis(Math.max(1, Math.round(timeout * 1000)))));
    }
    if (ModelSource.isModelFile(modelDir)) {
      // A Keras file is data: the model is built from its config, nothing of the file runs.
      try (Model model = ModelSource.open(modelDir, false, "--model")) {
        int[] shape = ModelSource.imageShape(model, modelDir);
        return predictAll(images, shape, x -> model.predict(x, verbose(0)), ModelSource.classNames(modelDir), out, err);
      }
    }
    if (!Files.isDirectory(modelDir)) {
      throw new FileNotFoundException("--model " + modelDir + ": no such folder (train one with 'jkeras train cnn')");
    }
    if (!Files.isRegularFile(modelDir.resolve("saved_model.pb"))) {
      throw new IllegalArgumentException("--model " + modelDir + ": not a SavedModel (no saved_model.pb in it)");
    }
    List<String> classNames = ModelSource.classNames(modelDir);
    try (ServingModel model = ServingModel.load(modelDir, load.toArray(new LoadArg[0]))) {
      Shape inShape = model.input().shape();
      if (inShape.numDimensions() != 4 || inShape.get(1) <= 0 || inShape.get(2) <= 0) {
        throw new IllegalArgumentException("--model " + modelDir + ": expected an image input (batch, height, width, channels),"
            + " found " + model.input());
      }
      int[] shape = {(int) inShape.get(1), (int) inShape.get(2), (int) inShape.get(3)};
      return predictAll(images, shape, model::predict, classNames, out, err);
    }
  }

  /** Prints one line per image ({@link #line}), an error line for an image that cannot be read; 1 if any could not. */
  private static int predictAll(List<String> images, int[] shape, UnaryOperator<FloatNdArray> predict,
      List<String> classNames, PrintStream out, PrintStream err) throws IOException {
    int h = shape[0];
    int w = shape[1];
    int c = shape[2];
    int failures = 0;
    try (ImageDecoder decoder = new ImageDecoder(h, w, c, "bilinear")) {
      for (String image : images) {
        Path file = Path.of(image);
        FloatNdArray pixels;
        try {
          if (Files.isDirectory(file)) {
            throw new IOException(image + ": is a folder, expected an image file");
          }
          pixels = decoder.decode(file);
        } catch (IOException e) {
          err.println("jkeras predict: error: " + describe(e, image));
          failures++;
          continue;
        }
        out.println(line(image, predict.apply(pixels.withShape(Shape.of(1, h, w, c))), classNames));
      }
    }
    return failures == 0 ? 0 : 1;
  }

  /** The error for one image, in one line: its path quoted when it holds a control character. */
  private static String describe(IOException e, String image) {
    if (e instanceof NoSuchFileException) {
      return quoted(image) + ": no such file";
    }
    return String.valueOf(e.getMessage()).replace(image, quoted(image));
  }

  /**
   * {@code path} as printed in the tab-separated output: as is, or, when it holds a control
   * character (newline, tab...), a line or paragraph separator, or starts with a double quote, as a
   * double-quoted string with escapes that Java and Python read back ({@code "a\nb.jpg"}).
   */
  static String quoted(String path) {
    boolean plain = !path.startsWith("\"");
    for (int i = 0; plain && i < path.length(); i++) {
      plain = !special(path.charAt(i));
    }
    if (plain) {
      return path;
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (special(c)) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static boolean special(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }

  /** "path  probability  class": one unit is a sigmoid (class 1 when > 0.5), more units a softmax (argmax). */
  static String line(String path, FloatNdArray y, List<String> classNames) {
    long units = y.shape().numDimensions() > 1 ? y.shape().get(1) : 1;
    int cls;
    float p;
    if (units == 1) {
      p = y.shape().numDimensions() > 1 ? y.getFloat(0, 0) : y.getFloat(0);
      cls = p > 0.5f ? 1 : 0;
    } else {
      cls = 0;
      for (int k = 1; k < units; k++) {
        if (y.getFloat(0, k) > y.getFloat(0, cls)) {
          cls = k;
        }
      }
      p = y.getFloat(0, cls);
    }
    String name = classNames != null && cls < classNames.size() ? classNames.get(cls) : "class_" + cls;
    return String.format(Locale.ROOT, "%s\t%.4f\t%s", quoted(path), p, name);
  }
}
