package org.jkeras.bench;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.classMode;
import static org.jkeras.Kwargs.seed;
import static org.jkeras.Kwargs.targetSize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jkeras.data.Batch;
import org.jkeras.data.BatchIterator;
import org.jkeras.preprocessing.image.DirectoryIterator;
import org.jkeras.preprocessing.image.ImageDataGenerator;

/**
 * {@code ImageDataGenerator.flowFromDirectory} over shared/data/pets/train (280 JPEGs) at 224x224
 * (128 with --quick), batch 32, with rotation, shifts, zoom and horizontal flips: images/s of a
 * whole pass (read, decode, resize, transform), the median of three passes after one of warm-up
 * (one with --quick). Argument: the pets/train folder. Reference: python/image_data_generator.py,
 * the same generator in Keras (NumPy, SciPy and Pillow, one thread).
 */
public final class ImageDataGeneratorBench {
  public static void main(String[] args) throws Exception {
    boolean quick = Bench.quick(args);
    Path folder = Path.of(args[0]);
    int size = quick ? 128 : 224;
    int passes = quick ? 1 : 3;
    ImageDataGenerator gen = new ImageDataGenerator().rotationRange(20).widthShiftRange(0.1).heightShiftRange(0.1)
        .zoomRange(0.2).horizontalFlip(true);
    List<Double> rates = new ArrayList<>();
    try (DirectoryIterator it = gen.flowFromDirectory(folder, targetSize(size, size), batchSize(32), classMode("binary"),
        seed(1))) {
      for (int pass = 0; pass <= passes; pass++) {
        long start = System.nanoTime();
        long images = 0;
        try (BatchIterator batches = it.iterator()) {
          while (batches.hasNext()) {
            Batch b = batches.next();
            images += b.size();
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (pass > 0) {
          rates.add(images / seconds);
        }
      }
    }
    Bench.emit("ImageDataGenerator.flow_from_directory, 280 pets JPEGs at " + size + "x" + size
        + " with rotation, shifts, zoom, flip (images/s, a whole pass)", Bench.median(rates), "images/s", "higher", null,
        // The least memory an image moves: its float32 result written (the decoded JPEG not counted).
        Map.of("bytes", size * size * 3 * Float.BYTES, "limit", "memory"));
  }
}
