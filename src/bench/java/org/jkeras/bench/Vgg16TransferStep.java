package org.jkeras.bench;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.jkeras.applications.VGG16;
import org.jkeras.callbacks.Callback;
import org.jkeras.examples.TransferLearning;
import org.jkeras.models.Model;
import org.jkeras.random.Seeds;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Benchmark row {@code vgg16_transfer_step} (jkeras side): one training step of the seed's 4.4
 * model (VGG16 base + Flatten + Dense(512) + Dropout + Dense(1)), compiled as the seed, at batch 32
 * and 224x224x3, with the base frozen and fully trainable. Median milliseconds of the steps after
 * the warm-up, timed from batch begin to batch end inside {@code fit}, as the Python side does.
 * Weights are random (speed does not depend on their values). {@code --quick}: 32x32, 3 steps.
 *
 * <p>Prints one JSON line per figure.
 */
public final class Vgg16TransferStep {
  public static void main(String[] args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    int size = quick ? 32 : 224;
    int warmup = quick ? 1 : 2;
    int measured = quick ? 2 : 8;
    int batch = 32;
    Seeds.setRandomSeed(0);
    FloatNdArray x = random(Shape.of(batch, size, size, 3), 0);
    FloatNdArray y = NdArrays.ofFloats(Shape.of(batch, 1));
    for (int i = 0; i < batch; i++) {
      y.setFloat(i % 2, i, 0);
    }
    for (boolean frozen : new boolean[] {true, false}) {
      try (VGG16 base = new VGG16(null, false, size, size, 3); Model model = TransferLearning.createModel(base)) {
        if (frozen) {
          base.setTrainable(false);
        }
        model.compile("adam", "binary_crossentropy", "accuracy");
        StepTimer timer = new StepTimer();
        model.fit(VGG16.preprocessInput(x), y, epochs(warmup + measured), batchSize(batch), shuffle(false), verbose(0),
            callbacks(timer));
        List<Double> ms = timer.ms.subList(warmup, timer.ms.size());
        Bench.emit(String.format(Locale.ROOT, "4.4 VGG16 transfer train step, %s, batch %d, %dx%dx3",
            frozen ? "frozen base" : "fully trainable", batch, size, size), median(ms), "ms", "lower", null, null);
      }
    }
  }

  /** Wall time of each training batch, from its begin to its end callback. */
  static final class StepTimer extends Callback {
    final List<Double> ms = new ArrayList<>();
    private long start;

    @Override
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
      start = System.nanoTime();
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
      ms.add((System.nanoTime() - start) / 1e6);
    }
  }

  static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static FloatNdArray random(Shape shape, long seed) {
    Random r = new Random(seed);
    float[] v = new float[(int) shape.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextFloat() * 255f;
    }
    return NdArrays.wrap(shape, DataBuffers.of(v, false, false));
  }
}
