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
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Shapes;
import org.jkeras.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;

/**
 * The optimizer's state in a {@code .weights.h5}, as Keras 3's {@code save_weights} writes it: the
 * group {@code optimizer/vars} (attribute {@code name}: the optimizer's name) holds Keras's {@code
 * optimizer.variables} by position: {@code 0} the iterations (an int64 scalar), {@code 1} the
 * learning rate (a float32 scalar; absent when it is a schedule), then each of {@link
 * Optimizer#optimizerVariables()} in Keras's creation order.
 *
 * <p>Loading follows Keras's {@code load_own_variables}: when the file holds another number of
 * variables than the optimizer has (an optimizer not built yet has none), the state is skipped and
 * the weights load alone. A file holding as many but of other shapes or types is an error, checked
 * with the layers' before anything is assigned.
 */
final class OptimizerWeights {
  static final String VARS = "optimizer/vars";

  private OptimizerWeights() {}

  /** What {@link #match} found, assigned by {@link #assign} once the weights are. */
  record Pending(Optimizer optimizer, Dataset iterations, Dataset learningRate, double[] values) {}

  /** The number of values Keras's {@code optimizer.variables} holds for {@code o}. */
  static int count(Optimizer o) {
    return 1 + (o.schedule() == null ? 1 : 0) + o.optimizerVariables().size();
  }

  /** Writes the optimizer group into {@code vars} (the group {@link #VARS}). */
  static void write(WritableGroup vars, Optimizer o) {
    vars.putAttribute("name", o.name());
    int i = 0;
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
    List<KerasVariable> slots = o.optimizerVariables();
    int first = count(o) - slots.size();
    Dataset iterations = scalar(vars, 0, stored, where, problems, file, true);
    Dataset lr = o.schedule() == null ? scalar(vars, 1, stored, where, problems, file, false) : null;
    for (int i = 0; i < slots.size(); i++) {
      KerasVariable v = slots.get(i);
      String key = Integer.toString(first + i);
      Node n = stored.containsKey(key) ? Hdf5Reading.node(vars, key, file) : null;
      if (!(n instanceof Dataset d)) {
        problems.add(where + " has no dataset `" + key + "` for variable `" + v.name() + "`");
        continue;
      }
      Shape shape = Shape.of(d.getDimensionsAsLong());
      String type = WeightDatasets.typeProblem(d);
      if (!shape.equals(v.shape())) {
        problems.add(where + ": variable `" + v.name() + "` has shape " + Shapes.format(v.shape())
            + " but the file holds shape " + Shapes.format(shape) + " (" + VARS + "/" + key + ")");
      } else if (type != null) {
        problems.add(where + ": variable `" + v.name() + "`: dataset " + VARS + "/" + key + " " + type);
      } else {
        chosen.add(v, d);
      }
    }
    return new Pending(o, iterations, lr, new double[2]);
  }

  private static Dataset scalar(Group vars, int index, Map<String, Node> stored, String where, List<String> problems,
      Path file, boolean integral) throws IOException {
    String key = Integer.toString(index);
    Node n = stored.containsKey(key) ? Hdf5Reading.node(vars, key, file) : null;
    String what = integral ? "the iterations" : "the learning rate";
    if (!(n instanceof Dataset d) || !d.isScalar()
        || !(d.getDataType() instanceof FloatingPoint || (integral && d.getDataType() instanceof FixedPoint))) {
      problems.add(where + ": " + VARS + "/" + key + " is not a scalar " + (integral ? "integer" : "float") + " (" + what + ")");
      return null;
    }
    return d;
  }

  /** Reads the two scalars (while the file is open; {@code size}: the bytes of HDF5 data it lies in). */
  static void read(Pending p, Path file, long size) throws IOException {
    for (Dataset d : new Dataset[] {p.iterations(), p.learningRate()}) {
      String problem = d == null ? null : WeightDatasets.storageProblem(d, size);
      if (problem != null) {
        throw new IOException(Hdf5Reading.oneLine(file.toAbsolutePath() + ": dataset " + d.getPath() + " " + problem
            + ". Nothing was loaded."));
      }
    }
    p.values()[0] = ((Number) p.iterations().getData()).doubleValue();
    if (p.learningRate() != null) {
      p.values()[1] = ((Number) p.learningRate().getData()).floatValue();
    }
  }

  /** Refuses values Keras could not have written, before anything is assigned. */
  static void check(Pending p, Path file) {
    double it = p.values()[0];
    if (!(it >= 0) || it != Math.rint(it) || it > Long.MAX_VALUE) {
      throw new IllegalArgumentException(Hdf5Reading.oneLine(file.toAbsolutePath() + ": the optimizer's iterations ("
          + p.iterations().getPath() + ") must be a whole number >= 0. Received: iterations=" + it + ". Nothing was loaded."));
    }
    if (p.learningRate() != null) {
      double lr = p.values()[1];
      if (!(lr >= 0) || Double.isInfinite(lr)) {
        throw new IllegalArgumentException(Hdf5Reading.oneLine(file.toAbsolutePath() + ": the optimizer's learning rate ("
            + p.learningRate().getPath() + ") must be a non-negative finite float. Received: learning_rate=" + lr + ". Nothing was loaded."));
      }
    }
  }

  /** Sets the iterations and the learning rate read (the slots were assigned with the weights). */
  static void assign(Pending p) {
    p.optimizer().assignIterations((long) p.values()[0]);
    if (p.learningRate() != null) {
      p.optimizer().setLearningRate(p.values()[1]);
    }
  }
}
