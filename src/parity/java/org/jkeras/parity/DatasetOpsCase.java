package org.jkeras.parity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.data.ArrayDataset;
import org.jkeras.data.Batch;
import org.jkeras.data.BatchIterator;
import org.jkeras.data.Dataset;
import org.jkeras.random.Seeds;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Java side of cases/dataset_ops.py: the chains of its CHAINS and fit_arrays, each pass's numbers in result.json. */
public final class DatasetOpsCase {
  /** tf.data's {@code range(n)}: the numbers 0..n-1 as single elements. */
  static Dataset range(int n) {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(n));
    for (int i = 0; i < n; i++) {
      x.setFloat(i, i);
    }
    return new ArrayDataset(x, null, n, false).unbatch();
  }

  public static void main(String[] args) throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    put(result, "shuffle", 3, range(20).shuffle(6, 9L));
    put(result, "shuffle_fixed", 2, range(20).shuffle(6, 9L, false));
    put(result, "batches", 1, range(23).batch(4).shuffle(3, 1L).unbatch().batch(5, true).skip(1).take(3).repeat(2).unbatch());
    put(result, "repeat_take", 2, range(20).shuffle(20, 4L).repeat(2).take(30));
    FloatNdArray x = NdArrays.ofFloats(Shape.of(20));
    for (int i = 0; i < 20; i++) {
      x.setFloat(i, i);
    }
    try (ArrayDataset fitArrays = new ArrayDataset(x, null, 7, true, 5L, null)) {
      put(result, "fit_arrays", 3, fitArrays); // fit(x, y, batchSize(7), shuffle(true)) with the seed 5
    }
    Seeds.setRandomSeed(7); // keras.utils.set_random_seed(7): TF's global seed too, which the shuffle pairs with
    put(result, "shuffle_global_seed", 2, range(20).shuffle(6, 9L));
    Parity.result(Path.of(args[0]), result);
  }

  private static void put(Map<String, Object> result, String name, int passes, Dataset ds) {
    List<List<Integer>> out = new ArrayList<>();
    for (int p = 0; p < passes; p++) {
      List<Integer> values = new ArrayList<>();
      try (BatchIterator it = ds.iterator()) {
        while (it.hasNext()) {
          Batch b = it.next();
          for (int i = 0; i < b.size(); i++) {
            values.add(Math.round(b.x().getFloat(i)));
          }
        }
      }
      out.add(values);
    }
    result.put(name, out);
  }
}
