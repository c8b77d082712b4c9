package org.jkeras.cli;

import java.io.PrintStream;
import java.util.Iterator;
import org.jkeras.applications.Applications;
import org.jkeras.callbacks.History;
import org.jkeras.data.Dataset;
import org.jkeras.examples.TransferLearning;
import org.jkeras.models.Model;
import org.jkeras.optimizers.Adam;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.initialEpoch;
import static org.jkeras.Kwargs.validationData;

/**
 * The options of the {@code vgg16-transfer} model (the seed's section 4.4), a picocli mixin of
 * {@code train}: where the base's weights come from, freezing the base, and a second fine-tuning
 * phase. Unset options are null, so that one given with another model is refused.
 */
final class TransferOptions {
  static final String MODEL = "vgg16-transfer";
  static final double DEFAULT_FINE_TUNE_LEARNING_RATE = 1e-5;

  @Option(names = "--base", paramLabel = "NAME", converter = BaseName.class, completionCandidates = BaseNames.class,
      description = "vgg16-transfer: the pre-trained base, one of ${COMPLETION-CANDIDATES} (default vgg16, as the seed)")
  String base;

  @Option(names = "--weights", paramLabel = "imagenet|none|FILE|DIR", description = "vgg16-transfer: base weights:"
      + " Keras's ImageNet file in models/ (default, as the seed), none (random), a Keras .h5/.weights.h5 file or a SavedModel folder")
  String weights;

  @Option(names = "--freeze-base", description = "vgg16-transfer: freeze the VGG16 base (base.trainable = False);"
      + " the seed trains it too")
  boolean freezeBase;

  @Option(names = "--fine-tune-from", paramLabel = "BLOCK", description = "vgg16-transfer: after training, unfreeze the"
      + " base from BLOCK (block5, block4_conv1...) on and train again at a lower learning rate")
  String fineTuneFrom;

  @Option(names = "--fine-tune-epochs", paramLabel = "N", converter = OptionTypes.PositiveInt.class,
      description = "epochs of the fine-tuning phase (default: --epochs)")
  Integer fineTuneEpochs;

  @Option(names = "--fine-tune-learning-rate", paramLabel = "F", converter = OptionTypes.PositiveNumber.class,
      description = "Adam learning rate of the fine-tuning phase (default 1e-5)")
  Double fineTuneLearningRate;

  /** False for {@code summary} and {@code compare}, which do not take --weights: none are loaded. */
  private boolean loadWeights = true;

  /** Without weights (random), the base frozen or not. */
  static TransferOptions withoutWeights(boolean freezeBase) {
    TransferOptions t = new TransferOptions();
    t.loadWeights = false;
    t.freezeBase = freezeBase;
    return t;
  }

  /** The catalog's factory: the 4.4 model on raw 0..255 pixels, its base weights and freezing as asked. */
  Model create(int[] shape) {
    Model model = TransferLearning.createModel(base == null ? "vgg16" : base,
        loadWeights ? (weights == null ? "imagenet" : weights) : null, shape[0], shape[1], shape[2]);
    if (freezeBase) {
      freezeBase(model);
    }
    if (fineTuneFrom != null) {
      try {
        TransferLearning.firstLayerIndex(model, fineTuneFrom);
      } catch (IllegalArgumentException e) {
        model.close();
        throw new UsageException("argument --fine-tune-from: " + e.getMessage());
      }
    }
    return model;
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
  void rejectForOtherModels(String modelName) {
    if (modelName.equals(MODEL)) {
      return;
    }
    String given = base != null ? "--base" : weights != null ? "--weights" : freezeBase ? "--freeze-base" : fineTuneFrom != null ? "--fine-tune-from"
        : fineTuneEpochs != null ? "--fine-tune-epochs" : fineTuneLearningRate != null ? "--fine-tune-learning-rate" : null;
    if (given != null) {
      throw new UsageException("option " + given + " applies to model " + MODEL + " only");
    }
  }

  /** The names {@code --base} takes, for the help and shell completion. */
  static final class BaseNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Applications.names().iterator();
    }
  }

  /** A {@code --base} argument: one of {@link Applications#names()}, checked while the command line is parsed. */
  static final class BaseName implements ITypeConverter<String> {
    @Override
    public String convert(String v) {
      return OptionTypes.oneOf(v, Applications.names(), "base");
    }
  }

  /**
   * The second phase of {@code --fine-tune-from}: Keras's guide's recipe, the base unfrozen from the
   * block on, compiled again with Adam at a low learning rate, trained on from the last epoch.
   * Returns the history of both phases.
   */
  History maybeFineTune(Model model, History history, Dataset train, Dataset val, int epochsDone, PrintStream out) {
    if (fineTuneFrom == null) {
      return history;
    }
    int more = fineTuneEpochs != null ? fineTuneEpochs : epochsDone;
    double lr = fineTuneLearningRate != null ? fineTuneLearningRate : DEFAULT_FINE_TUNE_LEARNING_RATE;
    int frozen = TransferLearning.fineTuneFrom(model, fineTuneFrom);
    out.println("Fine-tuning from " + fineTuneFrom + ": " + frozen + " layers stay frozen; Adam(learning_rate=" + lr + ") for "
        + more + " more epochs.");
    model.compile(new Adam(lr), "binary_crossentropy", "accuracy");
    model.fit(train, epochs(epochsDone + more), initialEpoch(epochsDone), validationData(val), callbacks(history));
    return history;
  }
}
