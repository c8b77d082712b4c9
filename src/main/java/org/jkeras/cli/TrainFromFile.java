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
 * config (loss, metrics, optimizer with its state) is kept, unless the command line chooses an
 * optimizer, learning rate or schedule, which then replaces the optimizer alone. A model saved
 * uncompiled is compiled as the seed's (adam, binary_crossentropy or categorical_crossentropy,
 * accuracy).
 */
final class TrainFromFile {
  private TrainFromFile() {}

  /**
   * Checks the command line of {@code train --model FILE}: no MODEL, an {@code --out}, no option of
   * a built model; returns the name options are checked against (the file's name).
   */
  static String checkArgs(Path file, String modelName, Path out, TransferOptions transfer) {
    if (modelName != null) {
      throw new UsageException("--model takes the place of MODEL; received both --model and '" + modelName + "'");
    }
    if (out == null) {
      throw new UsageException("--model needs --out (where to save the trained model: OUT.keras or a folder)");
    }
    transfer.rejectForOtherModels("--model");
    return file.getFileName() == null ? file.toString() : file.getFileName().toString();
  }

  /** The image size of the model's input; {@code given} (the {@code --image-size} given, or null) must agree. */
  static int[] imageSize(Model model, Path file, OptionTypes.Size given) {
    int[] shape = ModelSource.imageShape(model, file);
    if (given != null && (given.height() != shape[0] || given.width() != shape[1])) {
      throw new UsageException("argument --image-size: the model in " + file + " takes " + shape[0] + "x" + shape[1]
          + " images, received " + given.height() + "x" + given.width() + " (leave --image-size out to use the model's)");
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

  /**
   * Keeps, completes or replaces the model's compile state as the class comment says; {@code
   * optimizerChosen}: the command line gave {@code --optimizer}, {@code --learning-rate} or {@code
   * --lr-schedule}.
   */
  static void compile(Model model, TrainingOptions training, boolean optimizerChosen, long stepsPerEpoch, int epochs,
      PrintStream out) {
    if (!model.trainer().compiled()) {
      model.compile(training.optimizer(stepsPerEpoch, epochs, out), classCount(model) == 2 ? "binary_crossentropy"
          : "categorical_crossentropy", "accuracy");
      return;
    }
    if (!optimizerChosen) {
      out.println("Optimizer: " + model.optimizer() + " (the model's compile config)");
      return;
    }
    Optimizer o = training.optimizer(stepsPerEpoch, epochs, out);
    Map<String, Object> config = new LinkedHashMap<>(model.getCompileConfig());
    config.put("optimizer", o);
    model.compileFromConfig(config);
  }
}
