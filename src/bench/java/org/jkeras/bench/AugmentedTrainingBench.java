package org.jkeras.bench;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.imageSize;
import static org.jkeras.Kwargs.labelMode;
import static org.jkeras.Kwargs.seed;
import static org.jkeras.Kwargs.verbose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jkeras.callbacks.Callback;
import org.jkeras.data.Dataset;
import org.jkeras.data.ImageDatasets;
import org.jkeras.data.ImageFolderDataset;
import org.jkeras.data.MappedDataset;
import org.jkeras.examples.SeedModels;
import org.jkeras.layers.Layer;
import org.jkeras.layers.preprocessing.RandAugment;
import org.jkeras.layers.preprocessing.RandomFlip;
import org.jkeras.layers.preprocessing.RandomRotation;
import org.jkeras.models.Sequential;
import org.jkeras.random.Seeds;

/**
 * Benchmark row {@code augmented_training} (Java side): does training wait on the input pipeline?
 * The seed's 4.2 CNN trains on the pets photos ({@code imageDatasetFromDirectory}, decoded in
 * parallel with prefetch), first as they are, then through {@code train.map(dataAugmentation)}
 * with Keras's example stack ({@code RandomFlip("horizontal")}, {@code RandomRotation(0.1)}).
 * Prints the median step time of each run, the time the augmented pipeline alone takes per batch,
 * and the mean time the training loop waited for its next augmented batch (between one step's end
 * and the next one's start); then the same with {@code RandAugment()} (Keras's defaults: value
 * range 0-255, 2 of its 14 transformations per image, factor 0.5), the heaviest augmentation
 * (issue 15: its input wait under 5% of the step). The first epoch of each run warms up (graph
 * building, first allocations) and is not measured.
 *
 * <p>Full: 224x224, 1 + 2 epochs of the 280 training photos. {@code --quick}: 64x64, 1 + 1.
 */
public final class AugmentedTrainingBench {
  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    int size = quick ? 64 : 224;
    int epochCount = 1 + (quick ? 1 : 2);
    String shape = size + "x" + size;
    Timer plain = train(size, epochCount, null);
    Timer augmented = train(size, epochCount,
        new Sequential(new RandomFlip("horizontal").seed(1L), new RandomRotation(0.1).seed(2L)));
    Timer randAugment = train(size, epochCount, new RandAugment().seed(3L));
    print("4.2 CNN train step on pets, batch 32, " + shape + ", no augmentation", plain.medianStepMs());
    print("4.2 CNN train step on pets, batch 32, " + shape + ", augmentation pipeline (RandomFlip, RandomRotation)",
        augmented.medianStepMs());
    // The least memory a batch moves: its float32 result written (decoding and the layers' passes not counted).
    Bench.emit("augmentation pipeline alone (decode + RandomFlip + RandomRotation), per batch of 32, " + shape,
        pipelineAloneMs(size), "ms", "lower", null, Map.of("bytes", 32L * size * size * 3 * Float.BYTES, "limit", "memory"));
    print("input wait per step, augmentation pipeline, batch 32, " + shape, augmented.meanWaitMs());
    print("4.2 CNN train step on pets, batch 32, " + shape + ", RandAugment pipeline", randAugment.medianStepMs());
    print("input wait per step, RandAugment pipeline, batch 32, " + shape, randAugment.meanWaitMs());
  }

  static void print(String what, double ms) {
    Bench.emit(what, ms, "ms", "lower", null, null);
  }

  /** One pass of the augmented dataset with no training, after two warm-up passes: ms per batch. */
  static double pipelineAloneMs(int size) throws Exception {
    try (ImageFolderDataset pets = ImageDatasets.imageDatasetFromDirectory(Bench.shared().resolve("data/pets/train"),
            imageSize(size, size), batchSize(32), labelMode("binary"), seed(1));
        MappedDataset mapped = pets.map(new Sequential(new RandomFlip("horizontal").seed(1L),
            new RandomRotation(0.1).seed(2L)))) {
      long t0 = 0;
      int batches = 0;
      for (int pass = 0; pass < 3; pass++) {
        if (pass == 2) {
          t0 = System.nanoTime();
        }
        try (org.jkeras.data.BatchIterator it = mapped.iterator()) {
          while (it.hasNext()) {
            it.next();
            batches += pass == 2 ? 1 : 0;
          }
        }
      }
      return (System.nanoTime() - t0) / 1e6 / batches;
    }
  }

  /** Trains on the pets photos, mapped through {@code augmentation} unless it is null. */
  static Timer train(int size, int epochCount, Layer augmentation) throws Exception {
    Seeds.setRandomSeed(1);
    Timer timer = new Timer();
    try (ImageFolderDataset pets = ImageDatasets.imageDatasetFromDirectory(Bench.shared().resolve("data/pets/train"),
            imageSize(size, size), batchSize(32), labelMode("binary"), seed(1));
        Sequential model = SeedModels.createModel(size, size, 3)) {
      MappedDataset mapped = augmentation != null ? pets.map(augmentation) : null;
      Dataset train = mapped != null ? mapped : pets;
      model.compile("adam", "binary_crossentropy", "accuracy");
      model.fit(train, epochs(epochCount), verbose(0), callbacks(timer));
      if (mapped != null) {
        mapped.close();
      }
    }
    return timer;
  }

  /** Step times (batch begin to end) and waits (one batch's end to the next one's begin, same epoch). */
  static final class Timer extends Callback {
    final List<Double> steps = new ArrayList<>();
    final List<Double> waits = new ArrayList<>();
    long begin;
    long end = -1;
    int epoch;

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
      this.epoch = epoch;
      end = -1;
    }

    @Override
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
      begin = System.nanoTime();
      if (end >= 0 && epoch > 0) {
        waits.add((begin - end) / 1e6);
      }
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
      end = System.nanoTime();
      if (epoch > 0) { // epoch 0 warms up
        steps.add((end - begin) / 1e6);
      }
    }

    double medianStepMs() {
      return median(steps);
    }

    double meanWaitMs() {
      return waits.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static double median(List<Double> v) {
      List<Double> s = new ArrayList<>(v);
      s.sort(null);
      return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
    }
  }
}
