package org.jkeras.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.models.Model;
import org.jkeras.optimizers.Optimizer;

/**
 * {@code train --model FILE}: a saved model (a {@code .keras} file from Python, say) trained on in
 * Java. Its input shape gives the image size and its output the number of classes; its compile
 * config (loss, metrics, optimizer) is kept, unless the command line chooses an optimizer,
 * learning rate or schedule, which then replaces the optimizer alone. A model saved uncompiled is
 * compiled as the seed's (adam, binary_crossentropy or categorical_crossentropy, accuracy).
 */
final class TrainFromFile {
  private TrainFromFile() {}

  /** The command's arguments with {@code --model}: no MODEL, an {@code --out}, no option of a built model. */
  static String checkArgs(Args args) {
    if (!args.positionals().isEmpty()) {
      throw new UsageException("--model takes the place of MODEL; received both --model and '" + args.positionals().get(0) + "'");
    }
    if (!args.has("--out")) {
      throw new UsageException("--model needs --out (where to save the trained model: OUT.keras or a folder)");
    }
    TransferOptions.rejectForOtherModels("--model", args);
    Path file = args.path("--model", null);
    return file.getFileName() == null ? file.toString() : file.getFileName().toString();
  }

  /** The image size of the model's input; {@code --image-size}, when given, must agree. */
  static int[] imageSize(Model model, Path file, Args args) {
    int[] shape = ModelSource.imageShape(model, file);
    if (args.has("--image-size")) {
      int[] given = args.ints("--image-size", null, 2);
      if (given[0] != shape[0] || given[1] != shape[1]) {
        throw new UsageException("argument --image-size: the model in " + file + " takes " + shape[0] + "x" + shape[1]
            + " images, received " + given[0] + "x" + given[1] + " (leave --image-size out to use the model's)");
      }
    }
    if (shape[2] != 3) {
      throw new IllegalArgumentException("--model " + file + ": expected RGB images (3 channels), the model takes " + shape[2]);
    }
    return new int[] {shape[0], shape[1]};
  }

  /** The class folders the data must have: 2 for one sigmoid unit, else the number of output units. */
  static int classCount(Model model) {
    long units = model.outputs().get(0).shape().get(1);
    return units == 1 ? 2 : (int) units;
  }

  /** Keeps, completes or replaces the model's compile state as the class comment says. */
  static void compile(Model model, TrainingOptions training, Args args, long stepsPerEpoch, int epochs, PrintStream out) {
    boolean chosen = args.has("--optimizer") || args.has("--learning-rate") || args.has("--lr-schedule");
    if (!model.trainer().compiled()) {
      model.compile(training.optimizer(stepsPerEpoch, epochs, out), classCount(model) == 2 ? "binary_crossentropy"
          : "categorical_crossentropy", "accuracy");
      return;
    }
    if (!chosen) {
      out.println("Optimizer: " + model.optimizer() + " (the model's compile config)");
      return;
    }
    Optimizer o = training.optimizer(stepsPerEpoch, epochs, out);
    Map<String, Object> config = new LinkedHashMap<>(model.getCompileConfig());
    config.put("optimizer", o);
    model.compileFromConfig(config);
  }
}
