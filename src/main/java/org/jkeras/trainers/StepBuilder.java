package org.jkeras.trainers;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.Gradients;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Shapes;
import org.jkeras.backend.XlaJit;
import org.jkeras.distribute.AllReduce;
import org.jkeras.metrics.Metric;
import org.jkeras.optimizers.Optimizer;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds Keras's train and test steps into the model's graph: forward pass (in training mode for
 * the train step), each trained output's loss (with sample weights when the data has them) times
 * its loss weight, plus regularisation penalties and the losses layers add, the metric sums, and
 * for training the gradients of the trainable weights only and the optimizer's update. With
 * several workers ({@code reduce} not null) the gradients are summed over the workers before the
 * update, and the logged loss, the metrics and the layers' updates are made global ({@link AllReduce}).
 */
final class StepBuilder {
  private StepBuilder() {}

  static StepFunction build(TrainerModel model, Compiled compiled, Optimizer optimizer, boolean training, List<Shape> labelShapes,
      boolean weighted, AllReduce reduce, boolean jitCompile) {
    GraphContext ctx = model.context();
    Set<String> before = jitCompile ? XlaJit.opNames(ctx.graph()) : null;
    Ops tf = ctx.tf().withSubScope(training ? "train_step" : "test_step");
    List<Placeholder<TFloat32>> xs = new ArrayList<>();
    for (Shape s : model.builtInputShapes()) {
      xs.add(tf.withName(indexed("x", xs.size())).placeholder(TFloat32.class, Placeholder.shape(Shapes.withBatch(Shapes.sample(s)))));
    }
    CallContext call = CallContext.of(ctx, tf, training);
    List<Operand<TFloat32>> yPred = model.invoke(call, new ArrayList<>(xs));
    List<Compiled.Output> outputs = compiled.outputs();
    List<Placeholder<TFloat32>> ys = new ArrayList<>();
    List<Placeholder<TFloat32>> sws = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      ys.add(tf.withName(indexed("y", i)).placeholder(TFloat32.class, Placeholder.shape(Shapes.withBatch(labelShapes.get(i)))));
      if (weighted) {
        sws.add(tf.withName(indexed("sample_weight", i)).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1))));
      }
    }
    Operand<TFloat32> total = null;
    Operand<TFloat32> objective = null;
    List<Operand<TFloat32>> outputLosses = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      Compiled.Output o = outputs.get(i);
      if (o.loss() == null) {
        continue;
      }
      Operand<TFloat32> l = o.loss().reduce(tf, ys.get(i), yPred.get(i), weighted ? sws.get(i) : null);
      Operand<TFloat32> differentiated = l;
      int rank = l.shape().numDimensions();
      if (rank != 0) {
        // reduction "none": as Keras, the logged loss is the mean of the values, the gradient the sum's
        Operand<TInt32> axes = tf.constant(IntStream.range(0, rank).toArray());
        differentiated = tf.reduceSum(l, axes);
        l = tf.math.mean(l, axes);
      }
      outputLosses.add(l);
      Operand<TFloat32> w = tf.constant((float) o.weight());
      Operand<TFloat32> term = o.weight() == 1.0 ? l : tf.math.mul(l, w);
      Operand<TFloat32> gradTerm = o.weight() == 1.0 ? differentiated : tf.math.mul(differentiated, w);
      total = total == null ? term : tf.math.add(total, term);
      objective = objective == null ? gradTerm : tf.math.add(objective, gradTerm);
    }
    if (total == null) {
      throw new IllegalArgumentException("No output of model \"" + model.name() + "\" has a loss: `compile` needs a `loss`.");
    }
    for (Operand<TFloat32> r : model.regularizationLosses(call)) {
      total = tf.math.add(total, r);
      objective = tf.math.add(objective, r);
    }
    for (Operand<TFloat32> r : call.losses()) {
      total = tf.math.add(total, r);
      objective = tf.math.add(objective, r);
    }
    total = tf.withName("loss").identity(total);
    Operand<TFloat32>[] sizes = reduce == null ? null : reduce.batchSizes(tf, xs.get(0));
    Operand<TFloat32> logged = reduce == null ? total : reduce.globalMean(tf, total, sizes);
    if (reduce != null) {
      outputLosses.replaceAll(l -> reduce.globalMean(tf, l, sizes));
    }
    // Each metric folds the batch into its state; its result is read after that update. Metrics
    // get no sample weights, weighted metrics get them (Keras's metrics / weighted_metrics).
    List<Operand<TFloat32>> results = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      Shape label = Shapes.withBatch(labelShapes.get(i));
      for (Metric m : outputs.get(i).metrics().values()) {
        results.add(metricResult(ctx, tf, m, label, ys.get(i), yPred.get(i), null, reduce));
      }
      for (Metric m : outputs.get(i).weightedMetrics().values()) {
        results.add(metricResult(ctx, tf, m, label, ys.get(i), yPred.get(i), weighted ? sws.get(i) : null, reduce));
      }
    }
    Operand<TFloat32> globalSize = sizes == null ? null : sizes[1];
    compiled.recordResults(results);
    if (!training) {
      return jit(ctx, before, reduce != null, new StepFunction(xs, ys, sws, labelShapes, logged, outputLosses, results, null,
          globalSize, null));
    }
    List<KerasVariable> trainable = model.trainableWeights();
    objective = optimizer.scaleLoss(ctx, tf, objective); // Keras's train_step: loss = optimizer.scale_loss(loss)
    List<Operand<TFloat32>> grads = reduce == null ? gradients(ctx, objective, trainable)
        : reduce.sumEach(tf, gradients(ctx, reduce.lossForGradients(tf, objective, sizes), trainable));
    Op apply = optimizer.applyGradients(ctx, grads, trainable);
    List<Op> all = new ArrayList<>(reduce == null ? call.updates() : reduce.averageUpdates(ctx, tf, call.updates()));
    all.add(apply);
    Op step = tf.withControlDependencies(all).withName("train").noOp();
    return jit(ctx, before, reduce != null, new StepFunction(xs, ys, sws, labelShapes, logged, outputLosses, results, step,
        globalSize, null));
  }

  /**
   * Keras's {@code jit_compile=True} ({@code before} not null): the step as one function compiled
   * whole by XLA ({@link XlaJit#launch}), as Keras's {@code tf.function(jit_compile=True)}; for a
   * step with ops XLA cannot compile, {@link StepFunction#clustered} marks the step's ops for XLA's
   * clustering instead ({@link XlaJit#mark}: what XLA can compile runs in clusters, the rest as
   * usual); a multi-worker step (its collective ops have no XLA kernel on a CPU) is clustered
   * from the start. Else the step as built.
   */
  private static StepFunction jit(GraphContext ctx, Set<String> before, boolean multiWorker, StepFunction s) {
    if (before == null) {
      return s;
    }
    if (multiWorker) {
      return remapped(XlaJit.mark(ctx.graph(), before, "xla"), s, null);
    }
    List<Operand<TFloat32>> outs = new ArrayList<>();
    outs.add(s.loss());
    outs.addAll(s.outputLosses());
    outs.addAll(s.metricResults());
    if (s.globalBatchSize() != null) {
      outs.add(s.globalBatchSize());
    }
    XlaJit.Compiled c = XlaJit.compile(ctx.graph(), before, "xla", outs, s.train());
    return remapped(c.remap(), s, c.clustered() == null ? null : () -> remapped(c.clustered().get(), s, null));
  }

  private static StepFunction remapped(XlaJit.Remap m, StepFunction s, Supplier<StepFunction> clustered) {
    return new StepFunction(s.xs(), s.ys(), s.sampleWeights(), s.labelShapes(), m.operand(s.loss()),
        m.operands(s.outputLosses()), m.operands(s.metricResults()), m.noOp(s.train()), m.operand(s.globalBatchSize()),
        clustered);
  }

  /** A metric's state in the model's graph, the batch folded in, and its result read after that. */
  private static Operand<TFloat32> metricResult(GraphContext ctx, Ops tf, Metric m, Shape label, Operand<TFloat32> y,
      Operand<TFloat32> yPred, Operand<TFloat32> sampleWeight, AllReduce reduce) {
    m.materialize(ctx, label, yPred.shape());
    Ops scoped = tf.withSubScope(m.name());
    Op update = m.updateState(scoped, y, yPred, sampleWeight);
    if (reduce != null) {
      update = reduce.globalState(scoped, m.variables(), update);
    }
    return m.result(scoped.withControlDependencies(List.of(update)));
  }

  /** {@code x}, {@code x_1}, {@code x_2}...: unique placeholder names. */
  private static String indexed(String name, int i) {
    return i == 0 ? name : name + "_" + i;
  }

  /**
   * Gradients of {@code total} for the trainable weights only (with respect to the values the step
   * read, {@link KerasVariable#value()}); null for a weight the loss does not depend on.
   *
   * <p>No gate on the whole backward pass: each weight is a resource variable whose step read is a
   * snapshot, and its update is ordered after that read ({@link KerasVariable#assignSub}), so the
   * loss, the metrics and every gradient of the step see the weights before the step's update
   * while the updates overlap with the rest of the backward pass, as in Keras.
   */
  @SuppressWarnings("unchecked")
  private static List<Operand<TFloat32>> gradients(GraphContext ctx, Operand<TFloat32> total, List<KerasVariable> trainable) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    if (trainable.isEmpty()) {
      return out;
    }
    Output<?>[] xs = new Output<?>[trainable.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = trainable.get(i).value().asOutput();
    }
    for (Output<?> g : Gradients.add(ctx.graph(), total.asOutput(), xs)) {
      // A weight the loss does not depend on (e.g. before a layer without a gradient, as Keras's
      // RandomPosterization) gets an output without an op: no gradient, which the optimizer skips.
      boolean none = g == null || g.op() == null
          || (g.op() instanceof GraphOperation op && (op.getUnsafeNativeHandle() == null || op.getUnsafeNativeHandle().isNull()));
      out.add(none ? null : (Operand<TFloat32>) g);
    }
    return out;
  }
}
