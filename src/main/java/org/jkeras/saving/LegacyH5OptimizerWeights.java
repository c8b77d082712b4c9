package org.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jkeras.backend.KerasVariable;
import org.jkeras.optimizers.LossScaleOptimizer;
import org.jkeras.optimizers.Optimizer;

/**
 * The optimizer's state in a legacy {@code .h5} model file: the group {@code optimizer_weights},
 * its attribute {@code weight_names} listing the datasets in the order of the optimizer's
 * variables. Keras 3 writes its {@code optimizer.variables} ({@code adam/iteration}, {@code
 * adam/learning_rate}, then the slots); TF-Keras 2.11+ wrote {@code iteration:0} then the same slots,
 * without the learning rate (it is in the optimizer's config).
 *
 * <p>Keras's {@code load_model_from_hdf5} builds the compiled optimizer and calls {@code
 * set_weights} with these values in order; when they do not fit, it warns "Error in loading the
 * saved optimizer state" and the model trains on with a fresh optimizer. jkeras does the same with
 * both layouts, checking every value's shape before any is assigned. (Keras 3.15.1 builds the
 * optimizer with the model's own variables only, none for a Sequential or functional model, so it
 * restores the iterations alone and its {@code fit} then fails with "Unknown variable"; jkeras
 * restores the whole state, as Keras 2 did.) A file saved before the optimizer's first step holds
 * its iterations and learning rate only: those are set, as Keras's {@code set_weights} sets them.
 * A file of the optimizers TF-Keras had before 2.11 ({@code Adam/iter:0}, every variable's first
 * slot before any second) is not restored, with the warning. A LossScaleOptimizer's own values
 * (Keras 3 writes them first) are skipped: its scale starts afresh.
 */
public final class LegacyH5OptimizerWeights {
  static final String GROUP = "optimizer_weights";

  private LegacyH5OptimizerWeights() {}

  /**
   * Restores {@code optimizer}'s state from {@code file}'s {@code optimizer_weights} (nothing when
   * the file has none or the optimizer is not built).
   *
   * @throws IOException naming the file when the group names a dataset it does not hold, or the
   *     data is damaged
   * @throws IllegalArgumentException naming the file when a value is one Keras could not have
   *     written (negative iterations, NaN moments)
   */
  public static void load(Optimizer optimizer, Path file) throws IOException {
    if (optimizer == null || !optimizer.built()) {
      return;
    }
    OptimizerWeights.Pending pending;
    long size = Files.size(file);
    WeightDatasets chosen = new WeightDatasets(file, size);
    try (HdfFile f = Hdf5Reading.open(file)) {
      Group g = Hdf5Reading.group(f, GROUP, file);
      List<String> names = g == null ? null : Hdf5Reading.strings(g, "weight_names", file);
      if (names == null || names.isEmpty()) {
        return;
      }
      List<Dataset> datasets = new ArrayList<>();
      for (String name : names) {
        Node n = Hdf5Reading.node(g, name, file);
        if (!(n instanceof Dataset d)) {
          throw new IOException(Hdf5Reading.oneLine(file.toAbsolutePath() + ": `" + GROUP + "` names `" + name
              + "` in `weight_names` but holds no dataset of that name. Nothing was loaded."));
        }
        datasets.add(d);
      }
      List<String> problems = new ArrayList<>();
      Optimizer o = optimizer;
      if (o instanceof LossScaleOptimizer l && names.size() == OptimizerWeights.count(l)) {
        // Keras 3's LossScaleOptimizer: its own four values first (the scale starts afresh here)
        names = names.subList(4, names.size());
        datasets = datasets.subList(4, datasets.size());
        o = l.innerOptimizer();
      } else if (o instanceof LossScaleOptimizer l) {
        o = l.innerOptimizer();
      }
      pending = match(o, names, datasets, chosen, problems);
      if (!problems.isEmpty()) {
        System.err.println(Hdf5Reading.oneLine("WARNING: Error in loading the saved optimizer state of "
            + file.toAbsolutePath() + " (" + Hdf5Reading.listed(problems) + "). As a result, your model is starting with"
            + " a freshly initialized optimizer."));
        return;
      }
      chosen.read();
      OptimizerWeights.read(pending, file, size);
    } catch (RuntimeException | StackOverflowError e) {
      throw Hdf5Reading.unreadable(file, e);
    }
    OptimizerWeights.check(pending, file);
    chosen.assign("optimizer '" + pending.optimizer().name() + "'", false);
    OptimizerWeights.assign(pending);
  }

  /** Matches the file's values to the optimizer's variables (metadata only); what does not fit goes to {@code problems}. */
  private static OptimizerWeights.Pending match(Optimizer o, List<String> names, List<Dataset> datasets,
      WeightDatasets chosen, List<String> problems) {
    List<KerasVariable> slots = o.optimizerVariables();
    int keras3 = OptimizerWeights.count(o);
    int scalars = keras3 - slots.size();
    boolean withRate;
    if (datasets.size() == keras3) {
      withRate = o.schedule() == null;
    } else if (datasets.size() == scalars && isIteration(names.get(0)) && (scalars == 1 || datasets.get(1).isScalar())) {
      // Saved before its first step (Keras 3 writes an unbuilt optimizer's iterations and learning
      // rate): Keras's set_weights assigns those two; the slots stay fresh, as they were.
      withRate = o.schedule() == null;
      slots = List.of();
    } else if (o.schedule() == null && datasets.size() == keras3 - 1 && isIteration(names.get(0))) {
      withRate = false; // TF-Keras 2.11+: the learning rate is not among the variables
    } else {
      problems.add("the file holds " + datasets.size() + " values (" + names.get(0) + (names.size() > 1 ? ", ..." : "")
          + "), the optimizer '" + o.name() + "' has " + keras3 + " variables"
          + (isLegacyIter(names.get(0)) ? "; it was written by a TF-Keras optimizer older than TF 2.11" : ""));
      return null;
    }
    Dataset iterations = scalar(datasets.get(0), true, problems);
    Dataset rate = withRate ? scalar(datasets.get(1), false, problems) : null;
    int first = withRate ? 2 : 1;
    for (int i = 0; i < slots.size(); i++) {
      KerasVariable v = slots.get(i);
      OptimizerWeights.matchSlot(v, datasets.get(first + i), "", names.get(first + i), chosen, problems);
    }
    return new OptimizerWeights.Pending(o, iterations, rate);
  }

  private static Dataset scalar(Dataset d, boolean integral, List<String> problems) {
    if (!OptimizerWeights.isScalarOf(d, integral)) {
      problems.add("`" + d.getPath() + "` is not a scalar " + (integral ? "integer (the iterations)" : "float (the learning rate)"));
      return null;
    }
    return d;
  }

  /** {@code adam/iteration} (Keras 3) or {@code iteration:0} (TF-Keras 2.11+). */
  private static boolean isIteration(String name) {
    String last = name.substring(name.lastIndexOf('/') + 1);
    return last.equals("iteration") || last.equals("iteration:0");
  }

  private static boolean isLegacyIter(String name) {
    String last = name.substring(name.lastIndexOf('/') + 1);
    return last.equals("iter") || last.equals("iter:0");
  }
}
