package org.jkeras.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jkeras.utils.Json;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** Helpers of the Java benchmark programs: the --quick flag, medians, data, one JSON line per figure. */
final class Bench {
  private Bench() {}

  /** {@code ../shared} beside the repository, or $JKERAS_SHARED. */
  static java.nio.file.Path shared() {
    String env = System.getenv("JKERAS_SHARED");
    java.nio.file.Path p = env != null ? java.nio.file.Path.of(env) : java.nio.file.Path.of("..", "shared");
    if (!java.nio.file.Files.isDirectory(p.resolve("data").resolve("pets"))) {
      throw new IllegalStateException("Benchmark data not found at " + p.toAbsolutePath() + "/data/pets (set JKERAS_SHARED)");
    }
    return p;
  }

  static boolean quick(String[] args) {
    for (String a : args) {
      if (a.equals("--quick")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Prints one figure, as src/bench/README.md's contract: a JSON object on its own stdout line, the
   * value to four decimals, then {@code ref} and the {@code extra} fields when given.
   */
  static void emit(String what, double value, String unit, String better, String ref, Map<String, Object> extra) {
    Map<String, Object> figure = new LinkedHashMap<>();
    figure.put("what", what);
    figure.put("value", round(value, 4));
    figure.put("unit", unit);
    figure.put("better", better);
    if (ref != null) {
      figure.put("ref", ref);
    }
    if (extra != null) {
      figure.putAll(extra);
    }
    System.out.println(Json.writeLine(figure));
    System.out.flush();
  }

  /** Each value to one decimal (every step's time, in a figure's extra fields). */
  static List<Double> oneDecimal(List<Double> values) {
    return values.stream().map(v -> round(v, 1)).toList();
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.rint(value * scale) / scale;
  }

  static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /** Uniform [0, 255) values, like decoded images, from a fixed seed. */
  static FloatNdArray images(long n, int size, long seed) {
    Random r = new Random(seed);
    float[] data = new float[Math.toIntExact(n * size * size * 3)];
    for (int i = 0; i < data.length; i++) {
      data[i] = r.nextFloat() * 255f;
    }
    return NdArrays.wrap(Shape.of(n, size, size, 3), DataBuffers.of(data, false, false));
  }

  /** Alternating 0/1 labels. */
  static FloatNdArray labels(long n) {
    float[] data = new float[Math.toIntExact(n)];
    for (int i = 0; i < data.length; i++) {
      data[i] = i % 2;
    }
    return NdArrays.wrap(Shape.of(n, 1), DataBuffers.of(data, false, false));
  }

  /**
   * Multiply-adds of one forward+backward pass of the seed's CNN per image, times 2 (FLOPs): each
   * conv and dense layer costs its forward product once and twice more backward (gradients for the
   * input and for the kernel), except the first conv, which needs no input gradient.
   */
  static double trainStepGflop(int batch, int size) {
    double flop = 0;
    int s = size;
    int cin = 3;
    int[] filters = {32, 64, 128};
    for (int i = 0; i < 3; i++) {
      s = s - 2;
      double fwd = 2.0 * s * s * 9 * cin * filters[i];
      flop += fwd * (i == 0 ? 2 : 3);
      s = s / 2;
      cin = filters[i];
    }
    double flat = (double) s * s * 128;
    flop += 3 * (2.0 * flat * 512) + 3 * (2.0 * 512);
    return flop * batch / 1e9;
  }
}
