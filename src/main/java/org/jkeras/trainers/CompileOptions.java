package org.jkeras.trainers;

import org.jkeras.kwargs.Args;
import org.jkeras.optimizers.Optimizer;
import org.jkeras.optimizers.Optimizers;

/**
 * Keras's {@code compile(optimizer, loss, loss_weights, metrics, weighted_metrics, jit_compile,
 * auto_scale_loss)} arguments, read once: the optimizer resolved, the loss, weights and metrics as
 * given (one value, a list in output order or a map by output name), resolved against the model's
 * outputs by {@link Compiled}; {@code jit_compile} false and {@code auto_scale_loss} true by default.
 */
record CompileOptions(Optimizer optimizer, Object loss, Object lossWeights, Object metrics, Object weightedMetrics,
    boolean jitCompile, boolean autoScaleLoss) {

  static CompileOptions of(Args.CompileArg... args) {
    Args.OptimizerArg o = Args.find(args, Args.OptimizerArg.class);
    Args.LossArg l = Args.find(args, Args.LossArg.class);
    Args.LossWeightsArg w = Args.find(args, Args.LossWeightsArg.class);
    Args.MetricsArg m = Args.find(args, Args.MetricsArg.class);
    Args.WeightedMetricsArg wm = Args.find(args, Args.WeightedMetricsArg.class);
    Args.JitCompile jit = Args.find(args, Args.JitCompile.class);
    Args.AutoScaleLoss scale = Args.find(args, Args.AutoScaleLoss.class);
    Optimizer optimizer;
    if (o == null) {
      optimizer = Optimizers.get("rmsprop"); // Keras's default optimizer
    } else if (o.value() instanceof Optimizer opt) {
      optimizer = opt;
    } else if (o.value() instanceof String name) {
      optimizer = Optimizers.get(name);
    } else {
      throw new IllegalArgumentException("Could not interpret optimizer identifier: " + o.value());
    }
    return new CompileOptions(optimizer, l == null ? null : l.value(), w == null ? null : w.value(),
        m == null ? null : m.value(), wm == null ? null : wm.value(), jit != null && jit.value(),
        scale == null || scale.value());
  }

  /** These options with {@code jit_compile} set to {@code value}. */
  CompileOptions withJitCompile(boolean value) {
    return new CompileOptions(optimizer, loss, lossWeights, metrics, weightedMetrics, value, autoScaleLoss);
  }

  /** These options with {@code optimizer} instead (a LossScaleOptimizer around the given one). */
  CompileOptions withOptimizer(Optimizer optimizer) {
    return new CompileOptions(optimizer, loss, lossWeights, metrics, weightedMetrics, jitCompile, autoScaleLoss);
  }
}
