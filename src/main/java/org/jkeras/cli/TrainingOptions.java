package org.jkeras.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jkeras.callbacks.Callback;
import org.jkeras.callbacks.EarlyStopping;
import org.jkeras.callbacks.TensorBoard;
import org.jkeras.callbacks.TerminateOnNaN;
import org.jkeras.optimizers.Optimizer;
import org.jkeras.optimizers.Optimizers;
import org.jkeras.optimizers.schedules.CosineDecay;
import org.jkeras.optimizers.schedules.ExponentialDecay;
import org.jkeras.optimizers.schedules.LearningRateSchedule;
import org.jkeras.optimizers.schedules.PiecewiseConstantDecay;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The training-strategy options of {@code train}, a picocli mixin (optimizer, learning rate and
 * schedule, early stopping, TensorBoard, the L2 factor of {@code cnn-l2}): converted and checked
 * while the command line is parsed, before any data is read, then turned into the optimizer and
 * callbacks.
 */
final class TrainingOptions {
  static final List<String> SCHEDULES = List.of("constant", "exponential", "piecewise", "cosine", "cosine-warmup");
  static final double DEFAULT_L2 = 0.001;

  @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam", converter = OptimizerName.class,
      completionCandidates = OptimizerName.class, description = "adam (default, as the seed), adamw, sgd, rmsprop,"
      + " adagrad, nadam, adamax, adadelta, ftrl or lion, with Keras's defaults")
  String optimizer;

  @Option(names = "--learning-rate", paramLabel = "F", converter = OptionTypes.PositiveNumber.class,
      description = "initial learning rate (default: the optimizer's, 0.001; sgd 0.01)")
  Double learningRate;

  @Option(names = "--lr-schedule", paramLabel = "NAME", defaultValue = "constant", converter = ScheduleName.class,
      completionCandidates = ScheduleName.class, description = "constant (default), exponential (x0.9 per epoch),"
      + " piecewise (/10 at 50%% and 75%% of the steps), cosine (to 0 at the last step), cosine-warmup (linear warm-up"
      + " over the first epoch, then cosine)")
  String schedule;

  @Option(names = "--early-stopping", paramLabel = "PATIENCE", converter = OptionTypes.Patience.class,
      description = "stop when val_loss has not improved for PATIENCE epochs, and keep the best epoch's weights")
  Integer earlyStopping;

  @Option(names = "--l2", paramLabel = "F", converter = OptionTypes.NonNegativeNumber.class,
      description = "L2 factor of cnn-l2's kernel regularizers (default 0.001, as the seed)")
  Double l2;

  @Option(names = "--tensorboard", paramLabel = "DIR", description = "write TensorBoard event files to DIR/train and"
      + " DIR/validation")
  Path tensorboard;

  /** {@code --optimizer}: one of Keras's names, in any case. */
  static final class OptimizerName implements ITypeConverter<String>, Iterable<String> {
    @Override
    public String convert(String v) {
      return OptionTypes.oneOf(v, Optimizers.NAMES, "optimizer");
    }

    @Override
    public Iterator<String> iterator() {
      return Optimizers.NAMES.iterator();
    }
  }

  /** {@code --lr-schedule}: one of {@link #SCHEDULES}, in any case. */
  static final class ScheduleName implements ITypeConverter<String>, Iterable<String> {
    @Override
    public String convert(String v) {
      return OptionTypes.oneOf(v, SCHEDULES, "schedule");
    }

    @Override
    public Iterator<String> iterator() {
      return SCHEDULES.iterator();
    }
  }

  /** What the values alone cannot say: {@code --l2} belongs to {@code cnn-l2}. */
  void check(String modelName) {
    if (l2 != null && !modelName.equals("cnn-l2")) {
      throw new UsageException("argument --l2: only the cnn-l2 model has L2 regularizers (received model '" + modelName + "')");
    }
  }

  /** The {@code --l2} factor, or the seed's. */
  double l2() {
    return l2 != null ? l2 : DEFAULT_L2;
  }

  /** The optimizer, with its schedule stretched over {@code epochs} epochs of {@code stepsPerEpoch} steps. */
  Optimizer optimizer(long stepsPerEpoch, int epochs, PrintStream out) {
    double lr = learningRate != null ? learningRate : Optimizers.defaultLearningRate(optimizer);
    LearningRateSchedule s = schedule(lr, Math.max(1, stepsPerEpoch), epochs);
    Optimizer o = s == null ? Optimizers.get(optimizer, lr) : Optimizers.get(optimizer, s);
    out.println("Optimizer: " + o);
    return o;
  }

  private LearningRateSchedule schedule(double lr, long stepsPerEpoch, int epochs) {
    long total = Math.max(1, stepsPerEpoch * epochs);
    switch (schedule) {
      case "exponential":
        return new ExponentialDecay(lr, stepsPerEpoch, 0.9);
      case "piecewise": {
        long b1 = Math.max(1, total / 2);
        long b2 = Math.max(b1 + 1, total * 3 / 4);
        return new PiecewiseConstantDecay(new long[] {b1, b2}, new double[] {lr, lr / 10, lr / 100});
      }
      case "cosine":
        return new CosineDecay(lr, total);
      case "cosine-warmup": {
        long warmup = Math.min(stepsPerEpoch, total);
        return new CosineDecay(0.0, Math.max(1, total - warmup), 0.0, lr, warmup);
      }
      default:
        return null;
    }
  }

  /** The callbacks these options ask for, plus the learning-rate logger. */
  List<Callback> callbacks() {
    List<Callback> out = new ArrayList<>();
    out.add(new LearningRateLogger());
    out.add(new TerminateOnNaN()); // on by default in the CLI: a diverged model is never saved (see TrainCommand)
    if (earlyStopping != null) {
      out.add(new EarlyStopping("val_loss", earlyStopping).restoreBestWeights(true).verbose(1));
    }
    if (tensorboard != null) {
      out.add(new TensorBoard(tensorboard));
    }
    return out;
  }
}
