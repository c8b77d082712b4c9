package org.jkeras.bench;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.imageSize;
import static org.jkeras.Kwargs.labelMode;
import static org.jkeras.Kwargs.seed;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jkeras.callbacks.Callback;
import org.jkeras.data.ImageDatasets;
import org.jkeras.data.ImageFolderDataset;
import org.jkeras.examples.SeedModels;
import org.jkeras.models.Sequential;

/**
 * One epoch of the seed's 4.2 CNN over shared/data/pets/train (280 JPEGs): decoded, resized and
 * batched by {@code imageDatasetFromDirectory} while training, as Keras's
 * {@code image_dataset_from_directory} + {@code fit}. Two epochs; the first (which also builds the
 * graph) and the second are reported. Argument: the pets/train folder.
 */
public final class PetsEpoch {
  public static void main(String[] args) throws Exception {
    boolean quick = Bench.quick(args);
    Path folder = Path.of(args[0]);
    int size = quick ? 128 : 224;
    List<Double> seconds = new ArrayList<>();
    long[] start = new long[1];
    Callback timer = new Callback() {
      @Override
      public void onEpochBegin(int epoch, Map<String, Double> logs) {
        start[0] = System.nanoTime();
      }

      @Override
      public void onEpochEnd(int epoch, Map<String, Double> logs) {
        seconds.add((System.nanoTime() - start[0]) / 1e9);
      }
    };
    try (ImageFolderDataset train = ImageDatasets.imageDatasetFromDirectory(folder,
            imageSize(size, size), batchSize(32), labelMode("binary"), seed(1));
        Sequential model = SeedModels.createModel(size, size, 3)) {
      model.compile("adam", "binary_crossentropy", "accuracy");
      model.fit(train, epochs(2), verbose(0), callbacks(timer));
    }
    String what = "pets/train epoch: 280 JPEGs decoded, resized to " + size + "x" + size + ", trained";
    Bench.emit(what + " (2nd epoch)", seconds.get(1), "s", "lower", null, null);
    Bench.emit(what + " (1st epoch, incl. graph building)", seconds.get(0), "s", "lower", null, null);
  }
}
