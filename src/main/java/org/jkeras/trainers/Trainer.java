package org.jkeras.trainers;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Shapes;
import org.jkeras.backend.XlaJit;
import org.jkeras.callbacks.CallbackList;
import org.jkeras.callbacks.History;
import org.jkeras.data.ArrayDataset;
import org.jkeras.data.Batch;
import org.jkeras.data.BatchSlices;
import org.jkeras.data.BatchIterator;
import org.jkeras.data.Dataset;
import org.jkeras.distribute.MultiWorkerMirroredStrategy;
import org.jkeras.distribute.StrategyScope;
import org.jkeras.kwargs.Args;
import org.jkeras.losses.Loss;
import org.jkeras.metrics.Metric;
import org.jkeras.optimizers.LossScaleOptimizer;
import org.jkeras.optimizers.Optimizer;
import org.jkeras.random.Seeds;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras's trainer: {@code compile} stores the optimizer, losses and metrics; {@code fit}, {@code
 * evaluate} and {@code predict} build their step into the model's graph once ({@link
 * StepBuilder}) and run it batch after batch, calling a {@link CallbackList} in which the progress
 * bar and {@link History} are ordinary callbacks.
 *
 * <p>Logged values are means over the samples seen so far in the epoch (batches weighted by their
 * size), under Keras's names ({@code loss}, {@code accuracy}; with several outputs {@code
 * cls_loss}, {@code cls_accuracy}...), keys sorted as Keras sorts them.
 */
public class Trainer {
  private final TrainerModel model;
  private CompileOptions options;
  private Compiled compiled;
  private boolean stopTraining;
  private Integer restoredInitialEpoch;
  private long seedStep;

  private StepFunction train;
  private StepFunction test;
  private List<Placeholder<TFloat32>> predictInputs;
  private List<Operand<TFloat32>> predictOutputs;
  /** For a jit_compile predict compiled whole: the same outputs in XLA's clusters, if XLA cannot compile it whole. */
  private Supplier<List<Operand<TFloat32>>> predictClustered;
  /** Whether the predict function built is XLA-compiled (rebuilt when a compile changes it). */
  private boolean predictJit;
  private final Feeds feeds = new Feeds();
  private PrintStream out = System.out;
  /** Keras's {@code model.distribute_strategy}: the strategy whose scope the model was created or compiled in. */
  private MultiWorkerMirroredStrategy strategy;

  public Trainer(TrainerModel model) {
    this.model = model;
    this.strategy = StrategyScope.current();
  }

  /** The multi-worker strategy the model trains with (created or compiled in its scope), or null. */
  public MultiWorkerMirroredStrategy distributeStrategy() {
    return strategy;
  }

  /** A new graph for the model: its session runs through the strategy's server when it has one. */
  public GraphContext newGraphContext() {
    return strategy == null ? new GraphContext() : strategy.newGraphContext();
  }

  /** True when {@code ctx} runs where this model's graph must: in-process, or on its strategy's server. */
  public boolean runsIn(GraphContext ctx) {
    return strategy == null ? ctx.target().isEmpty() : strategy.runsIn(ctx);
  }

  private boolean multiWorker() {
    return strategy != null && strategy.isMultiWorker();
  }

  // ---------------------------------------------------------------- compile

  /**
   * Keras's {@code compile(optimizer=..., loss=..., loss_weights=..., metrics=..., jit_compile=...,
   * auto_scale_loss=...)}. Under the policy {@code "mixed_float16"} the optimizer is wrapped in a
   * {@link LossScaleOptimizer} unless {@code autoScaleLoss(false)}, as Keras does.
   */
  public void compile(Args.CompileArg... args) {
    CompileOptions o = CompileOptions.of(args);
    if (o.loss() == null) {
      throw new IllegalArgumentException("Received an invalid value for `loss`: null");
    }
    MultiWorkerMirroredStrategy current = StrategyScope.current();
    if (current != null && strategy != null && current != strategy) {
      throw new IllegalStateException("Model \"" + model.name() + "\" was created under " + strategy + " and compiled under "
          + current + ": create and compile the model in the same strategy's scope.");
    }
    if (current != null) {
      strategy = current;
    }
    if (o.autoScaleLoss() && "mixed_float16".equals(model.dtypePolicy().name())
        && !(o.optimizer() instanceof LossScaleOptimizer)) {
      o = o.withOptimizer(new LossScaleOptimizer(o.optimizer())); // Keras's compile(auto_scale_loss=True)
    }
    if (o.jitCompile() && !model.allSupportJit()) {
      // Keras's jit_compile setter
      System.err.println("WARNING: Model doesn't support `jit_compile=True`. Proceeding with `jit_compile=False`.");
      o = o.withJitCompile(false);
    }
    this.options = o;
    this.compiled = null;
    resetFunctions();
    if (predictOutputs != null && o.jitCompile() != predictJit) {
      predictInputs = null; // Keras's compile: predict_function = None (rebuilt with the new jit_compile)
      predictOutputs = null;
      predictClustered = null;
    }
  }

  public void compile(String optimizer, String loss, String... metrics) {
    compile(new Args.OptimizerArg(optimizer), new Args.LossArg(loss), new Args.MetricsArg(List.of(metrics)));
  }

  public void compile(Optimizer optimizer, String loss, String... metrics) {
    compile(new Args.OptimizerArg(checked(optimizer)), new Args.LossArg(loss), new Args.MetricsArg(List.of(metrics)));
  }

  public void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
    compile(new Args.OptimizerArg(checked(optimizer)), new Args.LossArg(checkedLoss(loss)), new Args.MetricsArg(List.of(metrics)));
  }

  /** Metrics by name, resolved against the loss ("accuracy" becomes binary accuracy for a binary loss). */
  public void compile(Optimizer optimizer, Loss loss, String... metrics) {
    compile(new Args.OptimizerArg(checked(optimizer)), new Args.LossArg(checkedLoss(loss)), new Args.MetricsArg(List.of(metrics)));
  }

  private static Optimizer checked(Optimizer o) {
    if (o == null) {
      throw new IllegalArgumentException("Received an invalid value for `optimizer`: null");
    }
    return o;
  }

  private static Loss checkedLoss(Loss l) {
    if (l == null) {
      throw new IllegalArgumentException("Received an invalid value for `loss`: null");
    }
    return l;
  }

  public boolean compiled() {
    return options != null;
  }

  /** Keras's {@code model.jit_compile}: true when compiled with {@code jitCompile(true)}. */
  public boolean jitCompile() {
    return options != null && options.jitCompile();
  }

  public Optimizer optimizer() {
    return options == null ? null : options.optimizer();
  }

  /** The loss of the (first) trained output. */
  public Loss loss() {
    return resolved().trained().get(0).loss();
  }

  /** The compiled losses, loss weights and metrics as given to {@code compile} (Keras's {@code compile_config}). */
  public Object lossSpec() {
    return options == null ? null : options.loss();
  }

  public Object lossWeightsSpec() {
    return options == null ? null : options.lossWeights();
  }

  public Object metricsSpec() {
    return options == null ? null : options.metrics();
  }

  public Object weightedMetricsSpec() {
    return options == null ? null : options.weightedMetrics();
  }

  /** The compiled metrics, resolved against the model's outputs ("accuracy" to BinaryAccuracy...). */
  public List<Metric> metrics() {
    return new ArrayList<>(resolved().metricsByLogName().values());
  }

  /** The compiled metrics by the name they are logged under. */
  public Map<String, Metric> metricsByLogName() {
    return options == null || model.builtInputShape() == null ? Map.of() : resolved().metricsByLogName();
  }

  private Compiled resolved() {
    requireCompiled("training");
    if (compiled == null) {
      compiled = Compiled.resolve(options, model.outputNames(), model.computeOutputShapes(model.builtInputShapes()));
    }
    return compiled;
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

  /**
   * Keras's {@code model._initial_epoch}: set by a callback's {@code onTrainBegin} (BackupAndRestore
   * restoring an interrupted fit), the epoch the current {@code fit} starts at instead of its
   * {@code initial_epoch}.
   */
  public void setInitialEpoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("`initial_epoch` must be >= 0. Received: initial_epoch=" + epoch);
    }
    this.restoredInitialEpoch = epoch;
  }

  /**
   * After {@code on_train_begin}, with several workers: every worker takes the chief's weights,
   * optimizer state (variables, iterations, learning rate) and first epoch. A backup the chief
   * restored (BackupAndRestore) thus reaches every worker, also one that found none (its folder is
   * not the chief's); without a backup, the chief's initial weights win (Keras creates a strategy's
   * variables with the chief's values). The first epoch to train, the chief's.
   */
  private int adoptChiefState(int initialEpoch) {
    Optimizer opt = optimizer();
    List<KerasVariable> state = new ArrayList<>(model.weights());
    state.addAll(opt.optimizerVariables());
    strategy.broadcastFromChief(model.context(), state);
    boolean lr = opt.schedule() == null;
    double[] chief = strategy.broadcastFromChief(model.context(),
        new double[] {initialEpoch, opt.iterationsVariableValue(), lr ? opt.learningRate() : 0});
    if (!strategy.isChief()) {
      opt.assignIterations((long) chief[1]);
      if (lr && chief[2] != opt.learningRate()) {
        opt.setLearningRate(chief[2]); // a rate the chief's backup restored (its float32 value, exact in a double)
      }
    }
    return (int) chief[0];
  }

  /** Forgets everything built in the model's graph (the graph was replaced or closed). */
  public void reset() {
    resetFunctions();
    predictInputs = null;
    predictOutputs = null;
    predictClustered = null;
    feeds.close();
  }

  private void resetFunctions() {
    train = null;
    test = null;
    if (optimizer() != null) {
      optimizer().reset();
    }
  }

  public long optimizerParamCount() {
    return optimizer() == null ? 0 : optimizer().countParams();
  }

  public long optimizerParamBytes() {
    return optimizer() == null ? 0 : optimizer().stateBytes();
  }

  private void requireCompiled(String what) {
    if (options == null) {
      throw new IllegalStateException("You must call `compile()` before using the model for " + what + ".");
    }
  }

  // ---------------------------------------------------------------- fit

  /** Keras's {@code fit(x, y, ...)} on arrays: one per input and one per output, in order. */
  public History fit(List<FloatNdArray> xs, List<FloatNdArray> ys, Args.FitArg... kwargs) {
    FitOptions o = FitOptions.of(kwargs);
    requireLabels(xs, ys, "fit");
    int batchSize = o.batchSize() == null ? 32 : o.batchSize();
    ArrayDataset all = new ArrayDataset(xs, ys, DataAdapter.sampleWeights(o.sampleWeight(), o.classWeight(), ys), batchSize,
        o.shuffle(), Seeds.next(), null);
    ArrayDataset[] parts = o.validationSplit() > 0 ? DataAdapter.split(all, o.validationSplit(), o.shuffle())
        : new ArrayDataset[] {all, null};
    try {
      return fitLoop(parts[0], parts[1], o, batchSize);
    } finally {
      all.close(); // frees the shuffle's graph
      parts[0].close();
    }
  }

  /** Keras's {@code fit(dataset, ...)} on a batched dataset. */
  public History fit(Dataset data, Args.FitArg... kwargs) {
    if (data == null) {
      throw new IllegalArgumentException("Received an invalid value for `x`: null");
    }
    FitOptions o = FitOptions.of(kwargs);
    if (o.validationSplit() > 0) {
      throw new IllegalArgumentException(
          "`validation_split` is only supported for in-memory arrays, found a Dataset. Pass `validation_data` instead,"
              + " or split the folder with `imageDatasetFromDirectory(..., validationSplit(...), subset(...))`.");
    }
    if (o.batchSize() != null) {
      throw alreadyBatched(data);
    }
    if (o.sampleWeight() != null || o.classWeight() != null) {
      throw new IllegalArgumentException("`sample_weight` and `class_weight` are only supported for in-memory arrays;"
          + " a Dataset carries its sample weights in its batches.");
    }
    return fitLoop(data, null, o, data.batchSize());
  }

  private static IllegalArgumentException alreadyBatched(Dataset data) {
    return new IllegalArgumentException(
        "Do not specify `batch_size` if your data is a Dataset: it is already batched (batch_size=" + data.batchSize() + ").");
  }

  private History fitLoop(Dataset trainData, Dataset valData, FitOptions o, int batchSize) {
    requireCompiled("training");
    if (o.validationData() != null) {
      Args.ValidationData vd = o.validationData();
      valData = vd.dataset() != null ? (Dataset) vd.dataset()
          : new ArrayDataset(vd.xs(), vd.ys(), List.of(), batchSize, false, null, null);
    }
    checkData(trainData, true);
    if (trainData.cardinality() == Dataset.INFINITE && o.stepsPerEpoch() == null) {
      throw new IllegalArgumentException("When passing an infinitely repeating dataset, please specify a `steps_per_epoch`"
          + " value so that epoch level callbacks continue to work. The value should be equal to the number of steps in one"
          + " epoch.");
    }
    if (valData != null) {
      checkData(valData, true);
      requireFinite(valData, "validation");
    }
    if (multiWorker()) {
      trainData = BatchSlices.forWorker(trainData, strategy);
      valData = valData == null ? null : BatchSlices.forWorker(valData, strategy);
    }
    EpochIterator epochIterator = new EpochIterator(trainData, o.stepsPerEpoch());
    long steps = epochIterator.steps();
    trainFunction(trainData); // builds the metrics: the logs' keys depend on their results' shapes
    List<String> logKeys = new ArrayList<>(resolved().logKeys());
    if (valData != null) {
      resolved().logKeys().forEach(k -> logKeys.add("val_" + k));
    }
    CallbackList callbacks = new CallbackList(o.callbacks(), true, o.verbose() != 0, model,
        params(o.epochs(), steps, o.verbose(), logKeys));
    stopTraining = false;
    restoredInitialEpoch = null;
    // Keras's make_train_function() before on_train_begin: the optimizer's variables exist when the
    // callbacks start (BackupAndRestore restores them).
    trainFunction(trainData);
    callbacks.onTrainBegin(new LinkedHashMap<>());
    int initialEpoch = restoredInitialEpoch != null && restoredInitialEpoch > 0 ? restoredInitialEpoch : o.initialEpoch();
    restoredInitialEpoch = null;
    if (multiWorker()) {
      initialEpoch = adoptChiefState(initialEpoch);
    }
    Map<String, Double> epochLogs = new LinkedHashMap<>();
    try (epochIterator) {
      for (int epoch = initialEpoch; epoch < o.epochs(); epoch++) {
        epochLogs = fitEpoch(epoch, trainData, valData, epochIterator, callbacks);
        if (stopTraining) {
          break;
        }
      }
    }
    if (o.epochs() > 0) {
      optimizer().finalizeVariableValues(); // Keras: the EMA weights replace the weights (use_ema)
    }
    callbacks.onTrainEnd(epochLogs);
    return callbacks.history();
  }

  /** One epoch: its steps (as many as {@code batches} gives), then validation and on_epoch_end. */
  private Map<String, Double> fitEpoch(int epoch, Dataset trainData, Dataset valData, EpochIterator batches,
      CallbackList callbacks) {
    callbacks.onEpochBegin(epoch, new LinkedHashMap<>());
    resetMetrics();
    StepFunction step = trainFunction(trainData); // a callback may have rebuilt the graph: fetch it again
    Logs logs = new Logs(resolved());
    batches.beginEpoch();
    Batch b;
    for (int batch = 0; (b = batches.next()) != null; batch++) {
      callbacks.onTrainBatchBegin(batch, logs.result(""));
      step = runStep(step, b, logs, true);
      callbacks.onTrainBatchEnd(batch, logs.result(""));
      if (stopTraining) {
        break; // as Keras 3: the epoch ends here; validation and on_epoch_end still run
      }
    }
    batches.endEpoch();
    Map<String, Double> epochLogs = logs.result("");
    if (valData != null) {
      // As Keras 3: validation is an evaluation with the fit's callbacks (on_test_begin/end...).
      for (Map.Entry<String, Double> e : evaluateLoop(valData, callbacks).entrySet()) {
        epochLogs.put("val_" + e.getKey(), e.getValue());
      }
    }
    callbacks.onEpochEnd(epoch, epochLogs);
    return epochLogs;
  }

  private Map<String, Object> params(int epochs, long steps, int verbose, List<String> logKeys) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("epochs", epochs);
    params.put("steps", steps);
    params.put("verbose", verbose);
    // The keys every epoch's logs will have (as Keras 2's params["metrics"]): callbacks that monitor
    // a metric check their `monitor` against it before the first step.
    params.put("metrics", List.copyOf(logKeys));
    return params;
  }

  // ---------------------------------------------------------------- evaluate

  /** Keras's {@code evaluate(x, y, return_dict=True)}: the loss and metrics by name, keys sorted. */
  public Map<String, Double> evaluate(List<FloatNdArray> xs, List<FloatNdArray> ys, Args.EvaluateArg... kwargs) {
    EvaluateOptions o = EvaluateOptions.of(kwargs);
    requireLabels(xs, ys, "evaluate");
    ArrayDataset data = new ArrayDataset(xs, ys, DataAdapter.sampleWeights(o.sampleWeight(), null, ys),
        o.batchSize() == null ? 32 : o.batchSize(), false, null, null);
    return evaluate(data, o);
  }

  public Map<String, Double> evaluate(Dataset data, Args.EvaluateArg... kwargs) {
    EvaluateOptions o = EvaluateOptions.of(kwargs);
    if (o.batchSize() != null) {
      throw alreadyBatched(data);
    }
    if (o.sampleWeight() != null) {
      throw new IllegalArgumentException("`sample_weight` is only supported for in-memory arrays;"
          + " a Dataset carries its sample weights in its batches.");
    }
    return evaluate(data, o);
  }

  private Map<String, Double> evaluate(Dataset data, EvaluateOptions o) {
    requireCompiled("evaluation");
    checkData(data, true);
    requireFinite(data, "evaluate");
    if (multiWorker()) {
      data = BatchSlices.forWorker(data, strategy);
      strategy.broadcastFromChief(model.context(), model.weights());
    }
    testFunction(data); // builds the metrics: the logs' keys depend on their results' shapes
    CallbackList callbacks = new CallbackList(o.callbacks(), false, o.verbose() != 0, model,
        params(1, data.cardinality(), o.verbose(), resolved().logKeys()));
    return evaluateLoop(data, callbacks);
  }

  private Map<String, Double> evaluateLoop(Dataset data, CallbackList callbacks) {
    resetMetrics();
    StepFunction step = testFunction(data);
    callbacks.onTestBegin(new LinkedHashMap<>());
    Logs logs = new Logs(resolved());
    try (BatchIterator it = data.iterator()) {
      for (int batch = 0; it.hasNext(); batch++) {
        callbacks.onTestBatchBegin(batch, logs.result(""));
        step = runStep(step, it.next(), logs, false);
        callbacks.onTestBatchEnd(batch, logs.result(""));
      }
    }
    Map<String, Double> result = logs.result("");
    callbacks.onTestEnd(result);
    return result;
  }

  // ---------------------------------------------------------------- the steps

  /** Keras's {@code reset_metrics()}: at each epoch's start and before an evaluation. */
  private void resetMetrics() {
    resolved().metricsByLogName().values().forEach(Metric::resetState);
  }

  private StepFunction trainFunction(Dataset data) {
    model.context(); // may rebuild the graph, which resets the functions built in the old one
    if (train == null || !train.fits(data.labelShapes(), data.hasSampleWeights())) {
      train = StepBuilder.build(model, resolved(), optimizer(), true, data.labelShapes(), data.hasSampleWeights(),
          multiWorker() ? strategy.allReduce() : null, options.jitCompile());
    }
    return train;
  }

  private StepFunction testFunction(Dataset data) {
    model.context();
    if (test == null || !test.fits(data.labelShapes(), data.hasSampleWeights())) {
      test = StepBuilder.build(model, resolved(), optimizer(), false, data.labelShapes(), data.hasSampleWeights(),
          multiWorker() ? strategy.allReduce() : null, options.jitCompile());
    }
    return test;
  }

  /**
   * Runs {@code step} on a batch; returns the step for the next batches: the step itself, or for a
   * {@code jit_compile} step that XLA could not compile whole (an op it has no kernel for), the
   * same step with XLA's clusters ({@link StepFunction#clustered}), which ran the batch instead (a
   * step that does not compile runs nothing).
   */
  private StepFunction runStep(StepFunction step, Batch b, Logs logs, boolean training) {
    long seed = seedStep;
    try {
      runStepOnce(step, b, logs, training);
      return step;
    } catch (TFInvalidArgumentException e) {
      if (step.clustered() == null || !XlaJit.cannotCompile(e)) {
        throw e;
      }
      System.err.println("WARNING: XLA cannot compile the whole " + (training ? "training" : "test") + " step ("
          + XlaJit.firstUnsupported(e) + "); its ops that XLA compiles run in XLA clusters, the others as without"
          + " `jit_compile`.");
      StepFunction clustered = step.clustered().get();
      if (training) {
        train = clustered;
      } else {
        test = clustered;
      }
      seedStep = seed;
      runStepOnce(clustered, b, logs, training);
      return clustered;
    }
  }

  private void runStepOnce(StepFunction step, Batch b, Logs logs, boolean training) {
    GraphContext ctx = model.context();
    Session.Runner r = ctx.runner();
    feed(r, "x", step.xs(), b.xs());
    feed(r, "y", step.ys(), b.ys());
    feed(r, "sw", step.sampleWeights(), b.sampleWeights());
    r.fetch(step.loss());
    List<Operand<TFloat32>> outputLosses = resolved().several() ? step.outputLosses() : List.of();
    outputLosses.forEach(r::fetch);
    step.metricResults().forEach(r::fetch);
    if (step.globalBatchSize() != null) {
      r.fetch(step.globalBatchSize());
    }
    TInt64 stepTensor = null;
    if (training) {
      r.addTarget(step.train());
      stepTensor = TInt64.scalarOf(++seedStep);
      r.feed(ctx.step(), stepTensor);
    }
    try (Result res = run(r, training)) {
      int k = 0;
      double loss = ((TFloat32) res.get(k++)).getFloat();
      double[] perOutput = new double[resolved().trained().size()];
      for (int i = 0; i < outputLosses.size(); i++) {
        perOutput[i] = ((TFloat32) res.get(k++)).getFloat();
      }
      List<Double> values = new ArrayList<>();
      for (int i = 0; i < step.metricResults().size(); i++) {
        ((TFloat32) res.get(k++)).scalars().forEach(v -> values.add((double) v.getFloat()));
      }
      double[] results = values.stream().mapToDouble(Double::doubleValue).toArray();
      // With several workers the loss and metrics are the global batch's, weighted by its size.
      int size = step.globalBatchSize() == null ? b.size() : Math.round(((TFloat32) res.get(k)).getFloat());
      logs.add(loss, perOutput, results, size);
    } finally {
      if (stepTensor != null) {
        stepTensor.close();
      }
    }
  }

  /** Runs a step; a multi-worker step that fails names the workers lost, if any. */
  private Result run(Session.Runner r, boolean training) {
    return multiWorker() ? strategy.run(model.context(), r::run, training ? "during a training step" : "during an evaluation step")
        : r.run();
  }

  private void feed(Session.Runner r, String slot, List<Placeholder<TFloat32>> placeholders, List<FloatNdArray> arrays) {
    for (int i = 0; i < placeholders.size(); i++) {
      r.feed(placeholders.get(i), feeds.of(slot + i, arrays.get(i)));
    }
  }

  // ---------------------------------------------------------------- data checks

  private static void requireLabels(List<FloatNdArray> xs, List<FloatNdArray> ys, String what) {
    if (xs == null || ys == null || xs.isEmpty() || ys.isEmpty()) {
      throw new IllegalArgumentException("`" + what + "` needs both `x` and `y`. Received: x=" + xs + ", y=" + ys);
    }
  }

  /** Evaluation and prediction run to the end of the data: a dataset repeated forever is refused. */
  private static void requireFinite(Dataset data, String what) {
    if (data.cardinality() == Dataset.INFINITE) {
      throw new IllegalArgumentException("The " + what + " data repeats forever (`repeat()`): jkeras runs it to its end."
          + " Take a finite part of it, as ds.take(n) for n batches.");
    }
  }

  /** Builds a deferred Sequential from the data, then checks the data's inputs (and labels) against the model. */
  private void checkData(Dataset data, boolean labelled) {
    if (!data.isBatched()) {
      throw new IllegalArgumentException("The dataset yields single elements, not batches (it was unbatched): call"
          + " `batch(n)` on it before passing it to fit, evaluate or predict.");
    }
    List<Shape> elements = data.elementShapes();
    if (model.builtInputShape() == null) {
      model.buildFromData(Shapes.withBatch(elements.get(0)));
    }
    List<Shape> expected = model.builtInputShapes();
    if (elements.size() != expected.size()) {
      throw new IllegalArgumentException("Layer \"" + model.name() + "\" expects " + expected.size() + " input(s)"
          + (expected.size() > 1 ? " " + model.inputNames() : "") + ", but it received " + elements.size()
          + " input tensors.");
    }
    for (int k = 0; k < expected.size(); k++) {
      Shape want = Shapes.sample(expected.get(k));
      Shape got = elements.get(k);
      boolean ok = want.numDimensions() == got.numDimensions();
      for (int i = 0; ok && i < want.numDimensions(); i++) {
        ok = want.get(i) < 0 || want.get(i) == got.get(i);
      }
      if (!ok) {
        throw new IllegalArgumentException("Input " + k + " of layer \"" + model.name() + "\" is incompatible with the layer:"
            + " expected shape=" + Shapes.format(expected.get(k)) + ", found shape=" + Shapes.format(Shapes.withBatch(got)));
      }
    }
    if (labelled) {
      int outputs = model.outputNames().size();
      if (data.labelShapes().isEmpty()) {
        throw new IllegalArgumentException(
            "The dataset has no labels: `fit` and `evaluate` need (x, y) pairs. Received a dataset of inputs only.");
      }
      if (data.labelShapes().size() != outputs) {
        throw new IllegalArgumentException("y_true and y_pred have different structures: the model has " + outputs
            + " output(s) " + model.outputNames() + " but the data has " + data.labelShapes().size() + " label array(s).");
      }
    }
  }

  // ---------------------------------------------------------------- predict

  /** Keras's {@code predict} on arrays, one per input: the outputs for every sample, one array per output. */
  public List<FloatNdArray> predict(List<FloatNdArray> xs, Args.PredictArg... kwargs) {
    PredictOptions o = PredictOptions.of(kwargs);
    return predictLoop(new ArrayDataset(xs, List.of(), List.of(), o.batchSize() == null ? 32 : o.batchSize(), false, null,
        null), o);
  }

  public List<FloatNdArray> predict(Dataset data, Args.PredictArg... kwargs) {
    PredictOptions o = PredictOptions.of(kwargs);
    if (o.batchSize() != null) {
      throw alreadyBatched(data);
    }
    return predictLoop(data, o);
  }

  /** Runs predict on a batch (a jit_compile predict that XLA cannot compile whole: in XLA's clusters from then on). */
  private Result predictBatch(GraphContext ctx, Batch b) {
    try {
      return predictRun(ctx, b);
    } catch (TFInvalidArgumentException e) {
      if (predictClustered == null || !XlaJit.cannotCompile(e)) {
        throw e;
      }
      System.err.println("WARNING: XLA cannot compile the whole predict step (" + XlaJit.firstUnsupported(e)
          + "); its ops that XLA compiles run in XLA clusters, the others as without `jit_compile`.");
      predictOutputs = predictClustered.get();
      predictClustered = null;
      return predictRun(ctx, b);
    }
  }

  private Result predictRun(GraphContext ctx, Batch b) {
    Session.Runner r = ctx.runner();
    feed(r, "x", predictInputs, b.xs());
    predictOutputs.forEach(r::fetch);
    return r.run();
  }

  private List<FloatNdArray> predictLoop(Dataset data, PredictOptions o) {
    checkData(data, false);
    requireFinite(data, "predict");
    GraphContext ctx = model.context();
    if (predictOutputs == null) {
      // Keras's make_predict_function compiles predict_step with XLA when the model is jit_compile.
      Set<String> before = jitCompile() ? XlaJit.opNames(ctx.graph()) : null;
      Ops tf = ctx.tf().withSubScope("predict");
      predictInputs = new ArrayList<>();
      for (Shape s : model.builtInputShapes()) {
        predictInputs.add(tf.withName(predictInputs.isEmpty() ? "x" : "x_" + predictInputs.size()).placeholder(TFloat32.class,
            Placeholder.shape(Shapes.withBatch(Shapes.sample(s)))));
      }
      List<Operand<TFloat32>> ys = model.invoke(CallContext.of(ctx, tf, false), new ArrayList<>(predictInputs));
      predictOutputs = new ArrayList<>();
      for (Operand<TFloat32> y : ys) {
        predictOutputs.add(tf.withName(predictOutputs.isEmpty() ? "output" : "output_" + predictOutputs.size()).identity(y));
      }
      if (before != null) {
        // As the steps (StepBuilder.jit): compiled whole, or in XLA's clusters when XLA cannot.
        List<Operand<TFloat32>> built = predictOutputs;
        XlaJit.Compiled c = XlaJit.compile(ctx.graph(), before, "xla", built, null);
        predictOutputs = c.remap().operands(built);
        predictClustered = c.clustered() == null ? null : () -> c.clustered().get().operands(built);
      }
      predictJit = before != null;
    }
    long n = data.size();
    List<FloatNdArray> results = new ArrayList<>();
    for (Shape s : model.computeOutputShapes(model.builtInputShapes())) {
      results.add(NdArrays.ofFloats(Shape.of(n).append(Shapes.sample(s))));
    }
    CallbackList callbacks = new CallbackList(o.callbacks(), false, o.verbose() != 0, model,
        params(1, data.cardinality(), o.verbose(), List.of()));
    callbacks.onPredictBegin(new LinkedHashMap<>());
    long row = 0;
    try (BatchIterator it = data.iterator()) {
      for (int batch = 0; it.hasNext(); batch++) {
        callbacks.onPredictBatchBegin(batch, new LinkedHashMap<>());
        Batch b = it.next();
        try (Result res = predictBatch(ctx, b)) {
          for (int k = 0; k < results.size(); k++) {
            TFloat32 t = (TFloat32) res.get(k);
            for (int j = 0; j < b.size(); j++) {
              t.get(j).copyTo(results.get(k).get(row + j));
            }
          }
        }
        row += b.size();
        callbacks.onPredictBatchEnd(batch, new LinkedHashMap<>());
      }
    }
    callbacks.onPredictEnd(new LinkedHashMap<>());
    if (row != n) {
      List<FloatNdArray> cut = new ArrayList<>();
      for (FloatNdArray a : results) {
        cut.add(slice(a, row));
      }
      return cut;
    }
    return results;
  }

  private static FloatNdArray slice(FloatNdArray a, long rows) {
    FloatNdArray out = NdArrays.ofFloats(Shape.of(rows).append(a.shape().tail()));
    for (long i = 0; i < rows; i++) {
      a.get(i).copyTo(out.get(i));
    }
    return out;
  }
}
