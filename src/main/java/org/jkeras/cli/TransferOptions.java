package org.jkeras.cli;

import java.io.PrintStream;
import java.util.List;
import org.jkeras.callbacks.History;
import org.jkeras.data.Dataset;
import org.jkeras.examples.TransferLearning;
import org.jkeras.models.Model;
import org.jkeras.optimizers.Adam;

import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.initialEpoch;
import static org.jkeras.Kwargs.validationData;

/**
 * The options of the {@code vgg16-transfer} model (the seed's section 4.4): where the base's
 * weights come from, freezing the base, and a second fine-tuning phase.
 */
final class TransferOptions {
  static final String MODEL = "vgg16-transfer";

  static final Args.Option WEIGHTS = new Args.Option("--weights", "imagenet|none|FILE|DIR",
      "vgg16-transfer: base weights: Keras's ImageNet file in models/ (default, as the seed), none (random),"
          + " a Keras .h5/.weights.h5 file or a SavedModel folder");
  static final Args.Option FREEZE_BASE = new Args.Option("--freeze-base", null,
      "vgg16-transfer: freeze the VGG16 base (base.trainable = False); the seed trains it too");

  /** Added to {@code train}'s options. */
  static final List<Args.Option> TRAIN_OPTIONS = List.of(
      WEIGHTS,
      FREEZE_BASE,
      new Args.Option("--fine-tune-from", "BLOCK", "vgg16-transfer: after training, unfreeze the base from BLOCK"
          + " (block5, block4_conv1...) on and train again at a lower learning rate"),
      new Args.Option("--fine-tune-epochs", "N", "epochs of the fine-tuning phase (default: --epochs)"),
      new Args.Option("--fine-tune-learning-rate", "F", "Adam learning rate of the fine-tuning phase (default 1e-5)"));

  private TransferOptions() {}

  /** The catalog's factory: the 4.4 model on raw 0..255 pixels, its base weights and freezing as asked. */
  static Model create(int[] shape, Args args) {
    // Only `train` declares --weights; `summary` builds without loading any (the table does not depend on them).
    String weights = args.declares(WEIGHTS.name()) ? args.string(WEIGHTS.name(), "imagenet") : null;
    if (args.has("--fine-tune-from")) {
      fineTuneLearningRate(args); // usage errors before anything is built
      args.positiveInt("--fine-tune-epochs", 1);
    }
    Model model = TransferLearning.createModel(weights, shape[0], shape[1], shape[2]);
    if (args.flag(FREEZE_BASE.name())) {
      freezeBase(model);
    }
    if (args.has("--fine-tune-from")) {
      try {
        TransferLearning.firstLayerIndex(model, args.string("--fine-tune-from", null));
      } catch (IllegalArgumentException e) {
        model.close();
        throw new UsageException("argument --fine-tune-from: " + e.getMessage());
      }
    }
    return model;
  }

  private static double fineTuneLearningRate(Args args) {
    double lr = args.number("--fine-tune-learning-rate", 1e-5);
    if (!(lr > 0)) {
      throw new UsageException("argument --fine-tune-learning-rate: expected a positive number, received '"
          + args.string("--fine-tune-learning-rate", "") + "'");
    }
    return lr;
  }

  /** The VGG16 layers of the 4.4 model (everything before its Flatten) become frozen. */
  static void freezeBase(Model model) {
    for (var l : model.layers()) {
      if (l.name().startsWith("flatten")) {
        break;
      }
      l.setTrainable(false);
    }
  }

  /** Options that only {@code vgg16-transfer} takes are a usage error with any other model. */
  static void rejectForOtherModels(String modelName, Args args) {
    if (modelName.equals(MODEL)) {
      return;
    }
    for (Args.Option o : TRAIN_OPTIONS) {
      if (args.has(o.name())) {
        throw new UsageException("option " + o.name() + " applies to model " + MODEL + " only");
      }
    }
  }

  /**
   * The second phase of {@code --fine-tune-from}: Keras's guide's recipe, the base unfrozen from the
   * block on, compiled again with Adam at a low learning rate, trained on from the last epoch.
   * Returns the history of both phases.
   */
  static History maybeFineTune(Model model, History history, Dataset train, Dataset val, int epochsDone, Args args,
      PrintStream out) {
    if (!args.has("--fine-tune-from")) {
      return history;
    }
    String from = args.string("--fine-tune-from", null);
    int more = args.positiveInt("--fine-tune-epochs", epochsDone);
    double lr = fineTuneLearningRate(args);
    int frozen = TransferLearning.fineTuneFrom(model, from);
    out.println("Fine-tuning from " + from + ": " + frozen + " layers stay frozen; Adam(learning_rate=" + lr + ") for "
        + more + " more epochs.");
    model.compile(new Adam(lr), "binary_crossentropy", "accuracy");
    model.fit(train, epochs(epochsDone + more), initialEpoch(epochsDone), validationData(val), callbacks(history));
    return history;
  }
}
