package org.jkeras.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

/**
 * The training-strategy options of {@code train} (optimizer, learning rate and schedule, early
 * stopping, TensorBoard, the L2 factor of {@code cnn-l2}): parsed and checked up front by
 * {@link #parse}, before any data is read, then turned into the optimizer and callbacks.
 */
final class TrainingOptions {
  static final List<String> SCHEDULES = List.of("constant", "exponential", "piecewise", "cosine", "cosine-warmup");
  static final double DEFAULT_L2 = 0.001;

  static final List<Args.Option> OPTIONS = List.of(
      new Args.Option("--optimizer", "NAME", "adam (default, as the seed), adamw, sgd, rmsprop, adagrad, nadam, adamax, adadelta, ftrl or lion, with Keras's defaults"),
      new Args.Option("--learning-rate", "F", "initial learning rate (default: the optimizer's, 0.001; sgd 0.01)"),
      new Args.Option("--lr-schedule", "NAME", "constant (default), exponential (x0.9 per epoch), piecewise (/10 at 50%"
          + " and 75% of the steps), cosine (to 0 at the last step), cosine-warmup (linear warm-up over the first epoch,"
          + " then cosine)"),
      new Args.Option("--early-stopping", "PATIENCE", "stop when val_loss has not improved for PATIENCE epochs, and keep"
          + " the best epoch's weights"),
      new Args.Option("--l2", "F", "L2 factor of cnn-l2's kernel regularizers (default 0.001, as the seed)"),
      new Args.Option("--tensorboard", "DIR", "write TensorBoard event files to DIR/train and DIR/validation"));

  final String optimizer;
  final Double learningRate;
  final String schedule;
  final Integer earlyStopping;
  final Path tensorboard;

  private TrainingOptions(String optimizer, Double learningRate, String schedule, Integer earlyStopping, Path tensorboard) {
    this.optimizer = optimizer;
    this.learningRate = learningRate;
    this.schedule = schedule;
    this.earlyStopping = earlyStopping;
    this.tensorboard = tensorboard;
  }

  /** Checks every option (names, numbers) and the model they apply to; throws {@link UsageException}. */
  static TrainingOptions parse(Args args, String modelName) {
    String opt = args.string("--optimizer", "adam").toLowerCase(Locale.ROOT);
    if (!Optimizers.NAMES.contains(opt)) {
      throw new UsageException("argument --optimizer: unknown optimizer '" + args.string("--optimizer", "")
          + "' (expected one of " + String.join(", ", Optimizers.NAMES) + ")");
    }
    Double lr = null;
    if (args.has("--learning-rate")) {
      lr = args.number("--learning-rate", 0);
      if (lr <= 0) {
        throw new UsageException("argument --learning-rate: expected a positive number, received '"
            + args.string("--learning-rate", "") + "'");
      }
    }
    String sched = args.string("--lr-schedule", "constant").toLowerCase(Locale.ROOT);
    if (!SCHEDULES.contains(sched)) {
      throw new UsageException("argument --lr-schedule: unknown schedule '" + args.string("--lr-schedule", "")
          + "' (expected one of " + String.join(", ", SCHEDULES) + ")");
    }
    Integer patience = null;
    if (args.has("--early-stopping")) {
      String v = args.string("--early-stopping", "");
      try {
        patience = Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        patience = -1;
      }
      if (patience < 0) {
        throw new UsageException("argument --early-stopping: expected a patience in epochs (an integer >= 0), received '" + v + "'");
      }
    }
    if (args.has("--l2") && !modelName.equals("cnn-l2")) {
      throw new UsageException("argument --l2: only the cnn-l2 model has L2 regularizers (received model '" + modelName + "')");
    }
    l2(args);
    return new TrainingOptions(opt, lr, sched, patience, args.path("--tensorboard", null));
  }

  /** The {@code --l2} factor, checked: a finite number >= 0. */
  static double l2(Args args) {
    double v = args.number("--l2", DEFAULT_L2);
    if (v < 0) {
      throw new UsageException("argument --l2: expected a non-negative number, received '" + args.string("--l2", "") + "'");
    }
    return v;
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
