package org.jkeras.data;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.imageSize;
import static org.jkeras.Kwargs.labelMode;
import static org.jkeras.Kwargs.shuffle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jkeras.TestUtil;
import org.jkeras.layers.Dense;
import org.jkeras.layers.preprocessing.RandomCrop;
import org.jkeras.layers.preprocessing.RandomFlip;
import org.jkeras.layers.preprocessing.RandomRotation;
import org.jkeras.layers.preprocessing.Rescaling;
import org.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

class MappedDatasetTest {

  static ImageFolderDataset pets() throws Exception {
    Path dir = TestUtil.shared().resolve("data/pets/validation");
    return ImageDatasets.imageDatasetFromDirectory(dir, imageSize(40, 48), batchSize(16), labelMode("binary"),
        shuffle(false));
  }

  /** Every batch of one pass, copied (a dataset may reuse its arrays). */
  static List<float[][]> pass(Dataset ds) {
    List<float[][]> out = new ArrayList<>();
    try (BatchIterator it = ds.iterator()) {
      while (it.hasNext()) {
        Batch b = it.next();
        out.add(new float[][] {TestUtil.flat(b.x()), TestUtil.flat(b.y())});
      }
    }
    return out;
  }

  @Test
  void mapsPreprocessingLayersOverTheBatchesKeepingLabelsAndOrder() throws Exception {
    try (ImageFolderDataset source = pets();
        MappedDataset mapped = source.map(new Sequential(new RandomCrop(32, 32).seed(1L), new Rescaling(1.0 / 255)))
            .numParallelCalls(2).prefetch(3)) {
      assertEquals(Shape.of(32, 32, 3), mapped.elementShape());
      assertEquals(source.size(), mapped.size());
      assertEquals(source.cardinality(), mapped.cardinality());
      assertEquals(source.classNames(), mapped.classNames());
      List<float[][]> plain = pass(source);
      List<float[][]> aug = pass(mapped);
      assertEquals(plain.size(), aug.size());
      for (int i = 0; i < plain.size(); i++) {
        assertArrayEquals(plain.get(i)[1], aug.get(i)[1], 0f, "labels unchanged, in order");
        int n = plain.get(i)[1].length;
        assertEquals(n * 32 * 32 * 3, aug.get(i)[0].length);
        for (float v : aug.get(i)[0]) {
          assertTrue(v >= 0f && v <= 1f, "rescaled to [0, 1]: " + v);
        }
      }
    }
  }

  @Test
  void sameSeedsSameAugmentationsAndEveryEpochDrawsAnew() throws Exception {
    try (ImageFolderDataset source = pets();
        MappedDataset a = source.map(new Sequential(new RandomFlip().seed(5L), new RandomRotation(0.2).seed(6L)));
        MappedDataset b = source.map(new Sequential(new RandomFlip().seed(5L), new RandomRotation(0.2).seed(6L)))
            .numParallelCalls(1).prefetch(0)) {
      List<float[][]> a1 = pass(a);
      List<float[][]> b1 = pass(b);
      for (int i = 0; i < a1.size(); i++) {
        assertArrayEquals(a1.get(i)[0], b1.get(i)[0], 0f, "batch " + i + ": same seeds, same output, whatever the parallelism");
      }
      List<float[][]> a2 = pass(a);
      assertFalse(Arrays.equals(a1.get(0)[0], a2.get(0)[0]), "the second epoch is augmented differently");
      List<float[][]> plain = pass(source);
      assertFalse(Arrays.equals(plain.get(0)[0], a1.get(0)[0]), "augmented in training mode");
    }
  }

  @Test
  void closingAnIteratorEarlyStopsTheWorkersAndLayersWithWeightsAreRefused() throws Exception {
    try (ImageFolderDataset source = pets(); MappedDataset mapped = source.map(new RandomFlip().seed(1L))) {
      try (BatchIterator it = mapped.iterator()) {
        assertTrue(it.hasNext());
        it.next();
      }
      assertEquals(source.cardinality(), pass(mapped).size(), "a new pass after an early close");
    }
    FloatNdArray x = NdArrays.ofFloats(Shape.of(4, 3));
    ArrayDataset arrays = new ArrayDataset(x, null, 2, false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> arrays.map(new Dense(2)));
    assertTrue(e.getMessage().contains("weights"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> arrays.map(new Rescaling(2)).numParallelCalls(0));
  }
  /** The names of the threads, other than this one and the shared input pipeline's, that run this package's code. */
  private static List<String> otherDataThreads() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey() != Thread.currentThread() && !e.getKey().getName().startsWith("jkeras-data-"))
        .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("org.jkeras.data.")))
        .map(e -> e.getKey().getName()).toList();
  }

  /**
   * Decoding, mapping and prefetching run on the input pipeline's one set of threads ({@link
   * Prefetcher}), not on threads of their own; the chain's batches are the mapped ones, in order.
   */
  @Test
  void decodeMapAndPrefetchRunOnTheSharedPipelineThreads() throws Exception {
    try (ImageFolderDataset source = pets();
        MappedDataset mapped = source.prefetch(2).map(new Rescaling(1.0 / 255)).numParallelCalls(2)) {
      List<float[][]> plain = pass(source);
      List<float[][]> chained = new ArrayList<>();
      try (BatchIterator it = mapped.iterator()) {
        while (it.hasNext()) {
          Batch b = it.next();
          chained.add(new float[][] {TestUtil.flat(b.x()), TestUtil.flat(b.y())});
          assertEquals(List.of(), otherDataThreads(), "threads outside the shared pipeline");
        }
      }
      assertEquals(plain.size(), chained.size());
      for (int i = 0; i < plain.size(); i++) {
        assertArrayEquals(plain.get(i)[1], chained.get(i)[1], 0f, "labels in order");
        float[] x = plain.get(i)[0];
        for (int k = 0; k < x.length; k++) {
          x[k] /= 255f;
        }
        assertArrayEquals(x, chained.get(i)[0], 1e-6f, "batch " + i + " rescaled");
      }
    }
  }
}
