package org.jkeras.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jkeras.data.ImageDecoder;
import org.jkeras.models.Models;
import org.jkeras.saving.ServingModel;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;

/**
 * {@code predict --model DIR IMAGE...}: serves a SavedModel's {@code serving_default} signature on
 * image files (decoded and resized to the input the signature declares) and prints, per file, the
 * path, the probability and the class name.
 */
final class PredictCommand implements Command {
  static final List<Args.Option> OPTIONS = List.of(
      new Args.Option("--model", "DIR", "a SavedModel with a serving_default signature (required)"));

  @Override
  public String name() {
    return "predict";
  }

  @Override
  public String summary() {
    return "classify image files with a saved model";
  }

  @Override
  public String synopsis() {
    return "jkeras predict --model DIR IMAGE...";
  }

  @Override
  public String description() {
    return "Prints one line per image: path, probability of the second class, predicted class name.";
  }

  @Override
  public List<Args.Option> options() {
    return OPTIONS;
  }

  @Override
  @SuppressWarnings("unchecked")
  public int run(Args args, PrintStream out, PrintStream err) throws Exception {
    Path modelDir = EvaluateCommand.required(args, "--model");
    List<String> images = args.positionals();
    if (images.isEmpty()) {
      throw new UsageException("missing IMAGE arguments (one or more image files)");
    }
    if (!Files.isDirectory(modelDir)) {
      throw new java.io.FileNotFoundException("--model " + modelDir + ": no such folder (train one with 'jkeras train cnn')");
    }
    if (!Files.isRegularFile(modelDir.resolve("saved_model.pb"))) {
      throw new IllegalArgumentException("--model " + modelDir + ": not a SavedModel (no saved_model.pb in it)");
    }
    Map<String, Object> meta = Models.metadata(modelDir);
    List<String> classNames = (List<String>) meta.get("class_names");
    int failures = 0;
    try (ServingModel model = ServingModel.load(modelDir)) {
      Shape inShape = model.input().shape();
      if (inShape.numDimensions() != 4 || inShape.get(1) <= 0 || inShape.get(2) <= 0) {
        throw new IllegalArgumentException("--model " + modelDir + ": expected an image input (batch, height, width, channels),"
            + " found " + model.input());
      }
      int h = (int) inShape.get(1);
      int w = (int) inShape.get(2);
      int c = (int) inShape.get(3);
      try (ImageDecoder decoder = new ImageDecoder(h, w, c, "bilinear")) {
        for (String image : images) {
          Path file = Path.of(image);
          FloatNdArray pixels;
          try {
            pixels = decoder.decode(file);
          } catch (IOException e) {
            err.println("jkeras predict: error: " + describe(e, file));
            failures++;
            continue;
          }
          out.println(line(image, model.predict(pixels.withShape(Shape.of(1, h, w, c))), classNames));
        }
      }
    }
    return failures == 0 ? 0 : 1;
  }

  private static String describe(IOException e, Path file) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return file + ": no such file";
    }
    return e.getMessage();
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
    return String.format(Locale.ROOT, "%s\t%.4f\t%s", path, p, name);
  }
}
