package org.jkeras.backend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;

/**
 * The current values of some variables, read together and held until closed, for a writer that
 * streams them to a file ({@link KerasVariable#getValues} copies them): one run per graph, whose result tensors share the variables' memory (TF
 * reads a resource variable without copying it, and an update made while a read is held copies
 * first), so holding all of a model's values costs no memory, and no copy of them goes to the Java
 * heap. One run for all matters: each run of new fetches costs a Grappler pass over its graph (for
 * a ResNet50 with its Adam slots, 0.4-0.5 s for one run of its 748 values, 0.8 s in ten runs).
 * Values assigned from the host and not yet written are written first (their graph's pending
 * writes); a variable in no graph gives a copy of its value.
 */
public final class ValueSnapshot implements AutoCloseable {
  private final FloatDataBuffer[] values;
  private final List<Result> results = new ArrayList<>();

  private ValueSnapshot(int size) {
    values = new FloatDataBuffer[size];
  }

  /** Reads the values of {@code variables}, in order. */
  public static ValueSnapshot of(List<KerasVariable> variables) {
    ValueSnapshot s = new ValueSnapshot(variables.size());
    Map<GraphContext, List<Integer>> byGraph = new LinkedHashMap<>();
    for (int i = 0; i < variables.size(); i++) {
      GraphContext ctx = variables.get(i).context();
      if (ctx != null) {
        byGraph.computeIfAbsent(ctx, c -> new ArrayList<>()).add(i);
      } else {
        KerasVariable v = variables.get(i);
        FloatDataBuffer copy = DataBuffers.ofFloats(v.size());
        v.getValue().copyTo(copy);
        s.values[i] = copy;
      }
    }
    try {
      for (Map.Entry<GraphContext, List<Integer>> g : byGraph.entrySet()) {
        Session.Runner r = g.getKey().runner(); // writes the values pending from the host first
        for (int i : g.getValue()) {
          r.fetch(variables.get(i).readOp());
        }
        Result result = r.run();
        s.results.add(result);
        for (int k = 0; k < g.getValue().size(); k++) {
          s.values[g.getValue().get(k)] = ((TFloat32) result.get(k)).asRawTensor().data().asFloats();
        }
      }
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** The values of variable {@code index}, valid until closed. */
  FloatDataBuffer buffer(int index) {
    return values[index];
  }

  /** Copies {@code length} values of variable {@code index}, from its value {@code from} on, into {@code dst} at {@code offset}. */
  public void read(int index, long from, float[] dst, int offset, int length) {
    values[index].offset(from).read(dst, offset, length);
  }

  @Override
  public void close() {
    results.forEach(Result::close);
    results.clear();
  }
}
