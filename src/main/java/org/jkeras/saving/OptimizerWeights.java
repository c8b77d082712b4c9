package org.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Shapes;
import org.jkeras.optimizers.LossScaleOptimizer;
import org.jkeras.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;

/**
 * The optimizer's state in a {@code .weights.h5}, as Keras 3's {@code save_weights} writes it: the
 * group {@code optimizer/vars} (attribute {@code name}: the optimizer's name) holds Keras's {@code
 * optimizer.variables} by position: {@code 0} the iterations (an int64 scalar), {@code 1} the
 * learning rate (a float32 scalar; absent when it is a schedule), then each of {@link
 * Optimizer#optimizerVariables()} in Keras's creation order. A {@link LossScaleOptimizer}'s are
 * Keras's {@code self._variables + inner_optimizer.variables}: its own iterations and learning
 * rate (Keras never advances them: 0 and 0.0), {@code step_counter}, {@code dynamic_scale}, then
 * the inner optimizer's as above.
 *
 * <p>Loading follows Keras's {@code load_own_variables}: when the file holds another number of
 * variables than the optimizer has (an optimizer not built yet has none), the state is skipped and
 * the weights load alone. A file holding as many but of other shapes or types is an error, checked
 * with the layers' before anything is assigned.
 */
final class OptimizerWeights {
  static final String VARS = "optimizer/vars";
  /** Where Keras writes a LossScaleOptimizer's inner optimizer again, on its own. */
  static final String INNER_VARS = "optimizer/inner_optimizer/vars";
  /** A LossScaleOptimizer's own values before its inner optimizer's. */
  private static final int LOSS_SCALE_VALUES = 4;

  private OptimizerWeights() {}

  /**
   * What {@link #match} found, assigned by {@link #assign} once the weights are. {@code optimizer}
   * is the one holding the iterations and slots (a LossScaleOptimizer's inner one); {@code
   * lossScale} and its two datasets are null for other optimizers. {@code values}: the iterations,
   * the learning rate, the step counter and the scale, as read.
   */
  record Pending(Optimizer optimizer, Dataset iterations, Dataset learningRate, double[] values,
      LossScaleOptimizer lossScale, Dataset stepCounter, Dataset dynamicScale) {
    Pending(Optimizer optimizer, Dataset iterations, Dataset learningRate) {
      this(optimizer, iterations, learningRate, new double[4], null, null, null);
    }
  }

  /** The number of values Keras's {@code optimizer.variables} holds for {@code o}. */
  static int count(Optimizer o) {
    if (o instanceof LossScaleOptimizer l) {
      return LOSS_SCALE_VALUES + count(l.innerOptimizer());
    }
    return 1 + (o.schedule() == null ? 1 : 0) + o.optimizerVariables().size();
  }

  /**
   * Writes the optimizer's groups, {@code group} giving the group at a path: {@link #VARS}, and for
   * a LossScaleOptimizer also {@code optimizer/inner_optimizer/vars} with the inner optimizer's
   * values alone, as Keras writes them (its loader reads both, and refuses a file without the second).
   */
  static void write(Function<String, WritableGroup> group, Optimizer o) {
    write(group.apply(VARS), o);
    if (o instanceof LossScaleOptimizer l) {
      write(group.apply(INNER_VARS), l.innerOptimizer());
    }
  }

  /** Writes the optimizer group into {@code vars} (the group {@link #VARS}). */
  private static void write(WritableGroup vars, Optimizer o) {
    vars.putAttribute("name", o.name());
    int i = 0;
    if (o instanceof LossScaleOptimizer l) {
      vars.putDataset(Integer.toString(i++), 0L); // Keras's LossScaleOptimizer never advances its own
      vars.putDataset(Integer.toString(i++), 0.0f);
      vars.putDataset(Integer.toString(i++), l.stepCounter());
      vars.putDataset(Integer.toString(i++), (float) l.dynamicScale());
      o = l.innerOptimizer();
    }
    vars.putDataset(Integer.toString(i++), o.iterationsVariableValue());
    if (o.schedule() == null) {
      vars.putDataset(Integer.toString(i++), (float) o.learningRate());
    }
    for (KerasVariable slot : o.optimizerVariables()) {
      WeightsFile.putValue(vars, Integer.toString(i++), slot);
    }
  }

  /** The shape of each value {@link #write} writes, for reading the file back. */
  static List<Shape> shapes(Optimizer o) {
    List<Shape> out = new ArrayList<>();
    if (o instanceof LossScaleOptimizer l) {
      for (int i = 0; i < LOSS_SCALE_VALUES; i++) {
        out.add(Shape.scalar());
      }
      o = l.innerOptimizer();
    }
    out.add(Shape.scalar());
    if (o.schedule() == null) {
      out.add(Shape.scalar());
    }
    o.optimizerVariables().forEach(v -> out.add(v.shape()));
    return out;
  }

  /**
   * Matches the file's optimizer group to {@code o} (metadata only): the slot variables are added
   * to {@code chosen}, shape or type mismatches to {@code problems}. Null when there is nothing to
   * load (no optimizer, no group, another number of variables).
   */
  static Pending match(HdfFile f, Optimizer o, WeightDatasets chosen, List<String> problems, Path file)
      throws IOException {
    Group vars = o == null ? null : Hdf5Reading.group(f, VARS, file);
    if (vars == null || !o.built() || vars.getChildren().size() != count(o)) {
      return null;
    }
    Map<String, Node> stored = vars.getChildren();
    String where = "Optimizer '" + o.name() + "' (at " + VARS + ")";
    LossScaleOptimizer lossScale = o instanceof LossScaleOptimizer l ? l : null;
    int at = 0;
    Dataset stepCounter = null;
    Dataset dynamicScale = null;
    if (lossScale != null) {
      scalar(vars, 0, stored, where, problems, file, true, "its own iterations");
      scalar(vars, 1, stored, where, problems, file, false, "its own learning rate");
      stepCounter = scalar(vars, 2, stored, where, problems, file, true, "the step counter");
      dynamicScale = scalar(vars, 3, stored, where, problems, file, false, "the dynamic scale");
      at = LOSS_SCALE_VALUES;
      o = lossScale.innerOptimizer();
    }
    List<KerasVariable> slots = o.optimizerVariables();
    Dataset iterations = scalar(vars, at, stored, where, problems, file, true, "the iterations");
    Dataset lr = o.schedule() == null ? scalar(vars, at + 1, stored, where, problems, file, false, "the learning rate") : null;
    int first = at + count(o) - slots.size();
    for (int i = 0; i < slots.size(); i++) {
      KerasVariable v = slots.get(i);
      String key = Integer.toString(first + i);
      Node n = stored.containsKey(key) ? Hdf5Reading.node(vars, key, file) : null;
      if (!(n instanceof Dataset d)) {
        problems.add(where + " has no dataset `" + key + "` for variable `" + v.name() + "`");
        continue;
      }
      matchSlot(v, d, where + ": ", VARS + "/" + key, chosen, problems);
    }
    return new Pending(o, iterations, lr, new double[4], lossScale, stepCounter, dynamicScale);
  }

  /**
   * Takes dataset {@code d} (at {@code path}) as the value of slot {@code v} when its shape and type
   * fit, else says why in {@code problems}, prefixed with {@code where}.
   */
  static void matchSlot(KerasVariable v, Dataset d, String where, String path, WeightDatasets chosen,
      List<String> problems) {
    Shape shape = Shape.of(d.getDimensionsAsLong());
    String type = WeightDatasets.typeProblem(d);
    if (!shape.equals(v.shape())) {
      problems.add(where + "variable `" + v.name() + "` has shape " + Shapes.format(v.shape())
          + " but the file holds shape " + Shapes.format(shape) + " (" + path + ")");
    } else if (type != null) {
      problems.add(where + "variable `" + v.name() + "`: dataset " + path + " " + type);
    } else {
      chosen.add(v, d);
    }
  }

  /** True when {@code d} is a scalar that can hold the iterations ({@code integral}) or a float. */
  static boolean isScalarOf(Dataset d, boolean integral) {
    return d.isScalar() && (d.getDataType() instanceof FloatingPoint || (integral && d.getDataType() instanceof FixedPoint));
  }

  private static Dataset scalar(Group vars, int index, Map<String, Node> stored, String where, List<String> problems,
      Path file, boolean integral, String what) throws IOException {
    String key = Integer.toString(index);
    Node n = stored.containsKey(key) ? Hdf5Reading.node(vars, key, file) : null;
    if (!(n instanceof Dataset d) || !isScalarOf(d, integral)) {
      problems.add(where + ": " + VARS + "/" + key + " is not a scalar " + (integral ? "integer" : "float") + " (" + what + ")");
      return null;
    }
    return d;
  }

  /** Reads the scalars (while the file is open; {@code size}: the bytes of HDF5 data it lies in). */
  static void read(Pending p, Path file, long size) throws IOException {
    Dataset[] scalars = {p.iterations(), p.learningRate(), p.stepCounter(), p.dynamicScale()};
    for (Dataset d : scalars) {
      String problem = d == null ? null : WeightDatasets.storageProblem(d, size);
      if (problem != null) {
        throw new IOException(Hdf5Reading.oneLine(file.toAbsolutePath() + ": dataset " + d.getPath() + " " + problem
            + ". Nothing was loaded."));
      }
    }
    for (int i = 0; i < scalars.length; i++) {
      if (scalars[i] != null) {
        Number n = (Number) scalars[i].getData();
        p.values()[i] = i == 0 || i == 2 ? n.doubleValue() : n.floatValue();
      }
    }
  }

  /** Refuses values Keras could not have written, before anything is assigned. */
  static void check(Pending p, Path file) {
    wholeNumber(p.values()[0], p.iterations(), "the optimizer's iterations", "iterations", file);
    if (p.learningRate() != null) {
      double lr = p.values()[1];
      if (!(lr >= 0) || Double.isInfinite(lr)) {
        throw new IllegalArgumentException(Hdf5Reading.oneLine(file.toAbsolutePath() + ": the optimizer's learning rate ("
            + p.learningRate().getPath() + ") must be a non-negative finite float. Received: learning_rate=" + lr
            + ". Nothing was loaded."));
      }
    }
    if (p.lossScale() != null) {
      wholeNumber(p.values()[2], p.stepCounter(), "the loss scale's step counter", "step_counter", file);
      double scale = p.values()[3];
      if (!(scale > 0) || Double.isInfinite(scale)) {
        throw new IllegalArgumentException(Hdf5Reading.oneLine(file.toAbsolutePath() + ": the dynamic loss scale ("
            + p.dynamicScale().getPath() + ") must be a positive finite float. Received: dynamic_scale=" + scale
            + ". Nothing was loaded."));
      }
    }
  }

  private static void wholeNumber(double v, Dataset d, String what, String name, Path file) {
    if (!(v >= 0) || v != Math.rint(v) || v > Long.MAX_VALUE) {
      throw new IllegalArgumentException(Hdf5Reading.oneLine(file.toAbsolutePath() + ": " + what + " (" + d.getPath()
          + ") must be a whole number >= 0. Received: " + name + "=" + v + ". Nothing was loaded."));
    }
  }

  /** Sets the scalars read (the slots were assigned with the weights). */
  static void assign(Pending p) {
    p.optimizer().assignIterations((long) p.values()[0]);
    if (p.learningRate() != null) {
      p.optimizer().setLearningRate(p.values()[1]);
    }
    if (p.lossScale() != null) {
      p.lossScale().assignLossScaleState((long) p.values()[2], p.values()[3]);
    }
  }
}
