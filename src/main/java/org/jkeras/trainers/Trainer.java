package org.jkeras.trainers;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.Kwargs;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.Gradients;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Shapes;
import org.jkeras.callbacks.Callback;
import org.jkeras.callbacks.History;
import org.jkeras.data.ArrayDataset;
import org.jkeras.data.Batch;
import org.jkeras.data.BatchIterator;
import org.jkeras.data.Dataset;
import org.jkeras.losses.Loss;
import org.jkeras.losses.Losses;
import org.jkeras.metrics.Metric;
import org.jkeras.metrics.Metrics;
import org.jkeras.models.Model;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.Optimizer;
import org.jkeras.optimizers.Optimizers;
import org.jkeras.utils.Progbar;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras's trainer: {@code compile} stores the optimizer, loss and metrics; {@code fit},
 * {@code evaluate} and {@code predict} build their step into the model's graph once and run it
 * batch after batch.
 *
 * <p>The training step is Keras's: forward pass in training mode, loss plus regularisation
 * penalties, gradients of the trainable weights only, optimizer update. Logged values are means
 * over the samples seen so far in the epoch (batches weighted by their size).
 */
public class Trainer {
  private final Model model;
  private Optimizer optimizer;
  private Loss loss;
  private List<String> metricIds = List.of();
  private List<Metric> metricObjects = List.of();
  private List<Metric> metrics;
  private boolean compiled;
  private boolean stopTraining;
  private long seedStep;

  private StepFunction train;
  private StepFunction test;
  private Placeholder<TFloat32> predictInput;
  private Operand<TFloat32> predictOutput;
  private final Feeds feeds = new Feeds();
  private PrintStream out = System.out;

  public Trainer(Model model) {
    this.model = model;
  }

  // ---------------------------------------------------------------- compile

  public void compile(String optimizer, String loss, String... metrics) {
    compile(Optimizers.get(optimizer), Losses.get(loss), List.of(metrics), List.of());
  }

  public void compile(Optimizer optimizer, String loss, String... metrics) {
    compile(optimizer, Losses.get(loss), List.of(metrics), List.of());
  }

  public void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
    compile(optimizer, loss, List.of(), List.of(metrics));
  }

  /** Metrics by name, resolved against the loss ("accuracy" becomes binary accuracy for a binary loss). */
  public void compile(Optimizer optimizer, Loss loss, String... metrics) {
    compile(optimizer, loss, List.of(metrics), List.of());
  }

  private void compile(Optimizer optimizer, Loss loss, List<String> metricIds, List<Metric> metricObjects) {
    if (optimizer == null) {
      throw new IllegalArgumentException("Received an invalid value for `optimizer`: null");
    }
    if (loss == null) {
      throw new IllegalArgumentException("Received an invalid value for `loss`: null");
    }
    this.optimizer = optimizer;
    this.loss = loss;
    this.metricIds = metricIds;
    this.metricObjects = metricObjects;
    this.metrics = null;
    this.compiled = true;
    resetFunctions();
  }

  public boolean compiled() {
    return compiled;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public Loss loss() {
    return loss;
  }

  /** Where progress is printed (standard output by default). */
  public void setOutput(PrintStream out) {
    this.out = out;
  }

  /** Where progress (and callbacks' messages) are printed. */
  public PrintStream output() {
    return out;
  }

  /** Keras's {@code model.stop_training = True}: ends {@code fit} after the current epoch. */
  public void setStopTraining(boolean stop) {
    this.stopTraining = stop;
  }

  public boolean stopTraining() {
    return stopTraining;
  }

  /** Forgets everything built in the model's graph (the graph was replaced or closed). */
  public void reset() {
    resetFunctions();
    predictInput = null;
    predictOutput = null;
    feeds.close();
  }

  private void resetFunctions() {
    train = null;
    test = null;
    if (optimizer != null) {
      optimizer.reset();
    }
  }

  public long optimizerParamCount() {
    return optimizer == null ? 0 : optimizer.countParams();
  }

  public long optimizerParamBytes() {
    return optimizer == null ? 0 : optimizer.stateBytes();
  }

  /** The compiled metrics, resolved against the model's output shape ("accuracy" to BinaryAccuracy...). */
  public List<Metric> metrics() {
    if (metrics == null) {
      Shape outShape = model.computeOutputShape(model.builtInputShape());
      List<Metric> m = new ArrayList<>();
      for (String id : metricIds) {
        m.add(Metrics.get(id, loss, outShape));
      }
      m.addAll(metricObjects);
      metrics = m;
    }
    return metrics;
  }

  // ---------------------------------------------------------------- graph building

  private void requireCompiled(String what) {
    if (!compiled) {
      throw new IllegalStateException(
          "You must call `compile()` before using the model for " + what + ".");
    }
  }

  private StepFunction buildStep(boolean training, Shape labelShape) {
    GraphContext ctx = model.context();
    Ops tf = ctx.tf().withSubScope(training ? "train_step" : "test_step");
    Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class,
        Placeholder.shape(Shapes.withBatch(Shapes.sample(model.builtInputShape()))));
    Placeholder<TFloat32> y = tf.withName("y").placeholder(TFloat32.class, Placeholder.shape(Shapes.withBatch(labelShape)));
    CallContext call = CallContext.of(ctx, tf, training);
    Operand<TFloat32> yPred = model.invoke(call, x);
    List<Op> updates = call.updates();
    Operand<TFloat32> total = loss.reduce(tf, y, yPred);
    for (Operand<TFloat32> r : model.regularizationLosses(call)) {
      total = tf.math.add(total, r);
    }
    for (Operand<TFloat32> r : call.losses()) {
      total = tf.math.add(total, r);
    }
    total = tf.withName("loss").identity(total);
    List<Operand<TFloat32>> sums = new ArrayList<>();
    for (Metric m : metrics()) {
      sums.add(tf.reduceSum(m.values(tf, y, yPred), tf.constant(0)));
    }
    if (!training) {
      return new StepFunction(x, y, labelShape, total, sums, null);
    }
    List<KerasVariable> trainable = model.trainableWeights();
    List<Operand<TFloat32>> grads = gradients(ctx, total, trainable);
    Op apply = optimizer.applyGradients(ctx, grads, trainable);
    List<Op> all = new ArrayList<>(updates);
    all.add(apply);
    Op step = tf.withControlDependencies(all).withName("train").noOp();
    return new StepFunction(x, y, labelShape, total, sums, step);
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
      out.add(g == null || g.op() == null ? null : (Operand<TFloat32>) g);
    }
    return out;
  }

  /** The training step for labels of {@code labelShape}, built on first use (and again if the graph was rebuilt). */
  private StepFunction trainFunction(Shape labelShape) {
    model.context(); // may rebuild the graph, which resets the functions built in the old one
    if (train == null || !train.labelShape().equals(labelShape)) {
      train = buildStep(true, labelShape);
    }
    return train;
  }

  private StepFunction testFunction(Shape labelShape) {
    model.context();
    if (test == null || !test.labelShape().equals(labelShape)) {
      test = buildStep(false, labelShape);
    }
    return test;
  }

  // ---------------------------------------------------------------- data checks

  private void buildFromData(Shape elementShape) {
    if (model.builtInputShape() == null) {
      if (model instanceof Sequential) {
        ((Sequential) model).buildFromData(Shapes.withBatch(elementShape));
      } else {
        throw new IllegalStateException("The model is not built: give its input shape.");
      }
    }
    Shape expected = Shapes.sample(model.builtInputShape());
    boolean ok = expected.numDimensions() == elementShape.numDimensions();
    for (int i = 0; ok && i < expected.numDimensions(); i++) {
      ok = expected.get(i) < 0 || expected.get(i) == elementShape.get(i);
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "Input 0 of layer \"" + model.name() + "\" is incompatible with the layer: expected shape="
              + Shapes.format(model.builtInputShape()) + ", found shape=" + Shapes.format(Shapes.withBatch(elementShape)));
    }
  }

  private Shape labelShapeOf(Dataset data) {
    Shape s = data.labelShape();
    if (s == null) {
      throw new IllegalArgumentException(
          "The dataset has no labels: `fit` and `evaluate` need (x, y) pairs. Received a dataset of inputs only.");
    }
    return s;
  }

  // ---------------------------------------------------------------- fit

  public History fit(FloatNdArray x, FloatNdArray y, Kwargs.FitArg... kwargs) {
    if (x == null || y == null) {
      throw new IllegalArgumentException("`fit` needs both `x` and `y`. Received: x=" + x + ", y=" + y);
    }
    Kwargs.BatchSize bs = Kwargs.find(kwargs, Kwargs.BatchSize.class);
    Kwargs.Shuffle sh = Kwargs.find(kwargs, Kwargs.Shuffle.class);
    Kwargs.ValidationSplit vs = Kwargs.find(kwargs, Kwargs.ValidationSplit.class);
    int batchSize = bs == null ? 32 : bs.value();
    boolean shuffle = sh == null || sh.value();
    ArrayDataset all = new ArrayDataset(x, y, batchSize, shuffle, org.jkeras.random.Seeds.next(), null);
    Dataset trainData = all;
    Dataset valData = null;
    if (vs != null && vs.value() > 0) {
      long n = all.size();
      long splitAt = (long) Math.floor(n * (1.0 - vs.value()));
      if (splitAt == 0 || splitAt == n) {
        throw new IllegalArgumentException(
            "Training data contains " + n + " samples, which is not sufficient to split it into a validation and training set"
                + " as specified by `validation_split=" + vs.value() + "`. Either provide more data, or a different value for the"
                + " `validation_split` argument.");
      }
      trainData = all.slice(0, splitAt, shuffle);
      valData = all.slice(splitAt, n, false);
    }
    return fitLoop(trainData, valData, kwargs, batchSize);
  }

  public History fit(Dataset data, Kwargs.FitArg... kwargs) {
    if (data == null) {
      throw new IllegalArgumentException("Received an invalid value for `x`: null");
    }
    if (Kwargs.find(kwargs, Kwargs.ValidationSplit.class) != null
        && Kwargs.find(kwargs, Kwargs.ValidationSplit.class).value() > 0) {
      throw new IllegalArgumentException(
          "`validation_split` is only supported for in-memory arrays, found a Dataset. Pass `validation_data` instead,"
              + " or split the folder with `imageDatasetFromDirectory(..., validationSplit(...), subset(...))`.");
    }
    if (Kwargs.find(kwargs, Kwargs.BatchSize.class) != null) {
      throw new IllegalArgumentException(
          "Do not specify `batch_size` if your data is a Dataset: it is already batched (batch_size=" + data.batchSize() + ").");
    }
    return fitLoop(data, null, kwargs, data.batchSize());
  }

  private History fitLoop(Dataset trainData, Dataset valData, Kwargs.FitArg[] kwargs, int batchSize) {
    requireCompiled("training");
    Kwargs.Epochs ep = Kwargs.find(kwargs, Kwargs.Epochs.class);
    Kwargs.Verbose vb = Kwargs.find(kwargs, Kwargs.Verbose.class);
    Kwargs.ValidationData vd = Kwargs.find(kwargs, Kwargs.ValidationData.class);
    Kwargs.Callbacks cbs = Kwargs.find(kwargs, Kwargs.Callbacks.class);
    Kwargs.InitialEpoch ie = Kwargs.find(kwargs, Kwargs.InitialEpoch.class);
    Kwargs.StepsPerEpoch spe = Kwargs.find(kwargs, Kwargs.StepsPerEpoch.class);
    int epochs = ep == null ? 1 : ep.value();
    int verbose = vb == null ? 1 : vb.value();
    int initialEpoch = ie == null ? 0 : ie.value();
    if (vd != null) {
      valData = vd.dataset() != null ? vd.dataset() : new ArrayDataset(vd.x(), vd.y(), batchSize, false);
    }
    buildFromData(trainData.elementShape());
    Shape labelShape = labelShapeOf(trainData);
    if (valData != null) {
      buildFromData(valData.elementShape());
      labelShapeOf(valData);
    }
    long steps = spe != null ? Math.min(spe.value(), trainData.cardinality()) : trainData.cardinality();

    History history = new History();
    List<Callback> callbacks = new ArrayList<>();
    if (cbs != null) {
      callbacks.addAll(cbs.value());
    }
    callbacks.add(history);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("epochs", epochs);
    params.put("steps", steps);
    params.put("verbose", verbose);
    // The keys every epoch's logs will have (as Keras 2's params["metrics"]): callbacks that monitor
    // a metric check their `monitor` against it before the first step.
    List<String> logKeys = new ArrayList<>(new Accumulator(metrics()).keys(""));
    if (valData != null) {
      logKeys.addAll(new Accumulator(metrics()).keys("val_"));
    }
    params.put("metrics", List.copyOf(logKeys));
    for (Callback c : callbacks) {
      c.setModel(model);
      c.setParams(params);
    }
    stopTraining = false;
    StepFunction step;
    for (Callback c : callbacks) {
      c.onTrainBegin(new LinkedHashMap<>());
    }
    Map<String, Double> epochLogs = new LinkedHashMap<>();
    for (int epoch = initialEpoch; epoch < epochs; epoch++) {
      for (Callback c : callbacks) {
        c.onEpochBegin(epoch, new LinkedHashMap<>());
      }
      // A callback (ReduceLROnPlateau, a checkpoint reload) may have changed the graph: re-fetch.
      step = trainFunction(labelShape);
      if (verbose > 0) {
        out.println("Epoch " + (epoch + 1) + "/" + epochs);
      }
      Progbar bar = verbose > 0 ? new Progbar((int) steps, out, verbose == 1 && Progbar.interactive()) : null;
      Accumulator acc = new Accumulator(metrics());
      int batchIndex = 0;
      try (BatchIterator it = trainData.iterator()) {
        while (it.hasNext() && batchIndex < steps) {
          Batch b = it.next();
          for (Callback c : callbacks) {
            c.onTrainBatchBegin(batchIndex, acc.logs(""));
          }
          runStep(step, b, acc, true);
          batchIndex++;
          Map<String, Double> logs = acc.logs("");
          if (bar != null && batchIndex < steps) {
            bar.update(batchIndex, logs, false);
          }
          for (Callback c : callbacks) {
            c.onTrainBatchEnd(batchIndex - 1, logs);
          }
          if (stopTraining) {
            break; // as Keras 3: the epoch ends here, validation and on_epoch_end still run
          }
        }
      }
      epochLogs = acc.logs("");
      if (valData != null) {
        // As Keras 3: validation is an evaluate() with the fit's callbacks (on_test_begin/end...).
        Map<String, Double> val = evaluateLoop(valData, 0, callbacks);
        for (Map.Entry<String, Double> e : val.entrySet()) {
          epochLogs.put("val_" + e.getKey(), e.getValue());
        }
      }
      for (Callback c : callbacks) {
        c.onEpochEnd(epoch, epochLogs);
      }
      // The bar comes last, as Keras's ProgbarLogger: it shows what callbacks added (learning_rate).
      if (bar != null) {
        bar.update(batchIndex, epochLogs, true);
      }
      if (stopTraining) {
        break;
      }
    }
    for (Callback c : callbacks) {
      c.onTrainEnd(epochLogs);
    }
    return history;
  }

  private void runStep(StepFunction step, Batch b, Accumulator acc, boolean training) {
    GraphContext ctx = model.context();
    Session.Runner r = ctx.runner()
        .feed(step.x(), feeds.of("x", b.x()))
        .feed(step.y(), feeds.of("y", b.y()))
        .fetch(step.loss());
    for (Operand<TFloat32> s : step.metricSums()) {
      r.fetch(s);
    }
    TInt64 stepTensor = null;
    if (training) {
      r.addTarget(step.train());
      stepTensor = TInt64.scalarOf(++seedStep);
      r.feed(ctx.step(), stepTensor);
    }
    try (Result res = r.run()) {
      double lossValue = ((TFloat32) res.get(0)).getFloat();
      double[] sums = new double[step.metricSums().size()];
      for (int i = 0; i < sums.length; i++) {
        sums[i] = ((TFloat32) res.get(i + 1)).getFloat();
      }
      acc.add(lossValue, sums, b.size());
    } finally {
      if (stepTensor != null) {
        stepTensor.close();
      }
    }
  }

  /** Running means, as Keras's loss tracker and mean metrics: weighted by batch size. */
  static final class Accumulator {
    private final List<Metric> metrics;
    private double lossSum;
    private final double[] metricSums;
    private long count;

    Accumulator(List<Metric> metrics) {
      this.metrics = metrics;
      this.metricSums = new double[metrics.size()];
    }

    void add(double batchLoss, double[] sums, int size) {
      lossSum += batchLoss * size;
      for (int i = 0; i < sums.length; i++) {
        metricSums[i] += sums[i];
      }
      count += size;
    }

    /** The keys of {@link #logs}: the metric names, then {@code loss}. */
    List<String> keys(String prefix) {
      List<String> keys = new ArrayList<>();
      for (Metric m : metrics) {
        keys.add(prefix + m.name());
      }
      keys.add(prefix + "loss");
      return keys;
    }

    /** Metrics first, then the loss, as Keras 3 logs them. */
    Map<String, Double> logs(String prefix) {
      Map<String, Double> logs = new LinkedHashMap<>();
      if (count == 0) {
        return logs;
      }
      for (int i = 0; i < metrics.size(); i++) {
        logs.put(prefix + metrics.get(i).name(), metricSums[i] / count);
      }
      logs.put(prefix + "loss", lossSum / count);
      return logs;
    }
  }

  // ---------------------------------------------------------------- evaluate

  public Map<String, Double> evaluate(FloatNdArray x, FloatNdArray y, Kwargs.EvaluateArg... kwargs) {
    Kwargs.BatchSize bs = Kwargs.find(kwargs, Kwargs.BatchSize.class);
    return evaluate(new ArrayDataset(x, y, bs == null ? 32 : bs.value(), false), withoutBatchSize(kwargs));
  }

  private static Kwargs.EvaluateArg[] withoutBatchSize(Kwargs.EvaluateArg[] kwargs) {
    List<Kwargs.EvaluateArg> out = new ArrayList<>();
    for (Kwargs.EvaluateArg a : kwargs) {
      if (!(a instanceof Kwargs.BatchSize)) {
        out.add(a);
      }
    }
    return out.toArray(new Kwargs.EvaluateArg[0]);
  }

  /** Loss first, then the metrics, by name. */
  public Map<String, Double> evaluate(Dataset data, Kwargs.EvaluateArg... kwargs) {
    requireCompiled("evaluation");
    if (Kwargs.find(kwargs, Kwargs.BatchSize.class) != null) {
      throw new IllegalArgumentException(
          "Do not specify `batch_size` if your data is a Dataset: it is already batched (batch_size=" + data.batchSize() + ").");
    }
    Kwargs.Verbose vb = Kwargs.find(kwargs, Kwargs.Verbose.class);
    Kwargs.Callbacks cbs = Kwargs.find(kwargs, Kwargs.Callbacks.class);
    buildFromData(data.elementShape());
    Map<String, Double> logs = evaluateLoop(data, vb == null ? 1 : vb.value(), cbs == null ? List.of() : cbs.value());
    Map<String, Double> ordered = new LinkedHashMap<>();
    ordered.put("loss", logs.get("loss"));
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      ordered.putIfAbsent(e.getKey(), e.getValue());
    }
    return ordered;
  }

  private Map<String, Double> evaluateLoop(Dataset data, int verbose, List<Callback> callbacks) {
    Shape labelShape = labelShapeOf(data);
    StepFunction step = testFunction(labelShape);
    for (Callback c : callbacks) {
      c.setModel(model);
      c.onTestBegin(new LinkedHashMap<>());
    }
    Accumulator acc = new Accumulator(metrics());
    long steps = data.cardinality();
    Progbar bar = verbose > 0 ? new Progbar((int) steps, out, verbose == 1 && Progbar.interactive()) : null;
    int i = 0;
    try (BatchIterator it = data.iterator()) {
      while (it.hasNext()) {
        runStep(step, it.next(), acc, false);
        i++;
        if (bar != null && i < steps) {
          bar.update(i, acc.logs(""), false);
        }
        for (Callback c : callbacks) {
          c.onTestBatchEnd(i - 1, acc.logs(""));
        }
      }
    }
    Map<String, Double> logs = acc.logs("");
    if (bar != null) {
      bar.update(i, logs, true);
    }
    for (Callback c : callbacks) {
      c.onTestEnd(logs);
    }
    return logs;
  }

  // ---------------------------------------------------------------- predict

  public FloatNdArray predict(FloatNdArray x, Kwargs.PredictArg... kwargs) {
    Kwargs.BatchSize bs = Kwargs.find(kwargs, Kwargs.BatchSize.class);
    return predictLoop(new ArrayDataset(x, null, bs == null ? 32 : bs.value(), false), kwargs);
  }

  public FloatNdArray predict(Dataset data, Kwargs.PredictArg... kwargs) {
    if (Kwargs.find(kwargs, Kwargs.BatchSize.class) != null) {
      throw new IllegalArgumentException(
          "Do not specify `batch_size` if your data is a Dataset: it is already batched (batch_size=" + data.batchSize() + ").");
    }
    return predictLoop(data, kwargs);
  }

  private FloatNdArray predictLoop(Dataset data, Kwargs.PredictArg[] kwargs) {
    buildFromData(data.elementShape());
    Kwargs.Verbose vb = Kwargs.find(kwargs, Kwargs.Verbose.class);
    int verbose = vb == null ? 1 : vb.value();
    GraphContext ctx = model.context();
    if (predictOutput == null) {
      Ops tf = ctx.tf().withSubScope("predict");
      predictInput = tf.withName("x").placeholder(TFloat32.class,
          Placeholder.shape(Shapes.withBatch(Shapes.sample(model.builtInputShape()))));
      predictOutput = tf.withName("output").identity(model.invoke(CallContext.of(ctx, tf, false), predictInput));
    }
    Shape outSample = Shapes.sample(model.computeOutputShape(model.builtInputShape()));
    long n = data.size();
    FloatNdArray result = NdArrays.ofFloats(Shape.of(n).append(outSample));
    long steps = data.cardinality();
    Progbar bar = verbose > 0 ? new Progbar((int) steps, out, verbose == 1 && Progbar.interactive()) : null;
    long row = 0;
    int i = 0;
    try (BatchIterator it = data.iterator()) {
      while (it.hasNext()) {
        Batch b = it.next();
        try (Result res = ctx.runner().feed(predictInput, feeds.of("x", b.x())).fetch(predictOutput).run()) {
          TFloat32 t = (TFloat32) res.get(0);
          for (int j = 0; j < b.size(); j++) {
            t.get(j).copyTo(result.get(row + j));
          }
        }
        row += b.size();
        i++;
        if (bar != null && i < steps) {
          bar.update(i, Map.of(), false);
        }
      }
    }
    if (bar != null) {
      bar.update(i, Map.of(), true);
    }
    return row == n ? result : slice(result, row);
  }

  private static FloatNdArray slice(FloatNdArray a, long rows) {
    FloatNdArray out = NdArrays.ofFloats(Shape.of(rows).append(a.shape().tail()));
    for (long i = 0; i < rows; i++) {
      a.get(i).copyTo(out.get(i));
    }
    return out;
  }
}
