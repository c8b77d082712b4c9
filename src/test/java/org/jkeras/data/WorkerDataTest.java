package org.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.imageSize;
import static org.jkeras.Kwargs.labelMode;
import static org.jkeras.Kwargs.seed;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Splitting data between workers: each worker's part of every global batch ({@link BatchSlices},
 * tf.data's auto-shard policy DATA after rebatching) and tf.data's {@code shard} on batches.
 */
class WorkerDataTest {
  /** Samples 0..n-1: x = [i, -i], y = i. */
  static ArrayDataset numbered(int n, int batch, boolean shuffle) {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(n, 2));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(n, 1));
    for (int i = 0; i < n; i++) {
      x.setFloat(i, i, 0);
      x.setFloat(-i, i, 1);
      y.setFloat(i, i, 0);
    }
    return new ArrayDataset(x, y, batch, shuffle, 5L, null);
  }

  /** The sample numbers of each batch of one pass. */
  static List<List<Integer>> batches(Dataset d) {
    List<List<Integer>> out = new ArrayList<>();
    try (BatchIterator it = d.iterator()) {
      while (it.hasNext()) {
        Batch b = it.next();
        List<Integer> ids = new ArrayList<>();
        for (int j = 0; j < b.size(); j++) {
          ids.add((int) b.y().getFloat(j, 0));
          assertEquals(b.y().getFloat(j, 0), b.x().getFloat(j, 0), "x and y stay together");
          assertEquals(0f, b.x().getFloat(j, 0) + b.x().getFloat(j, 1), "a sample's columns stay together");
        }
        out.add(ids);
      }
    }
    return out;
  }

  @Test
  void partsOfABatchDifferByAtMostOneTheFirstLarger() {
    assertEquals(List.of(0, 4), List.of(BatchSlices.bounds(10, 3, 0)[0], BatchSlices.bounds(10, 3, 0)[1]));
    assertEquals(List.of(4, 7), List.of(BatchSlices.bounds(10, 3, 1)[0], BatchSlices.bounds(10, 3, 1)[1]));
    assertEquals(List.of(7, 10), List.of(BatchSlices.bounds(10, 3, 2)[0], BatchSlices.bounds(10, 3, 2)[1]));
    assertNull(BatchSlices.bounds(2, 3, 0), "a batch smaller than the number of workers is dropped");
  }

  /**
   * The workers' parts of each step put together are the global batch of one process, in order
   * (shuffled the same way: same seed); sizes and batch counts agree with what the passes yield.
   */
  @Test
  void theWorkersPartsOfAStepAreTheGlobalBatch() {
    int n = 23;
    List<List<Integer>> global = batches(numbered(n, 8, true)); // 8, 8, 7
    List<List<List<Integer>>> parts = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      Dataset part = BatchSlices.of(numbered(n, 8, true), 3, w);
      assertTrue(part.isSharded());
      List<List<Integer>> b = batches(part);
      assertEquals(b.size(), part.cardinality());
      assertEquals(b.stream().mapToInt(List::size).sum(), part.size());
      assertEquals(3, part.batchSize());
      parts.add(b);
    }
    assertEquals(3, parts.get(0).size());
    for (int step = 0; step < global.size(); step++) {
      List<Integer> joined = new ArrayList<>();
      for (List<List<Integer>> p : parts) {
        joined.addAll(p.get(step));
      }
      assertEquals(global.get(step), joined, "step " + step);
    }
  }

  @Test
  void aLastBatchTooSmallToSplitIsDroppedOnEveryWorker() {
    Dataset part = BatchSlices.of(numbered(10, 4, false), 3, 2); // batches 4, 4, 2: the last is dropped
    assertEquals(List.of(List.of(3), List.of(7)), batches(part));
    assertEquals(2, part.cardinality());
    assertEquals(2, part.size());
  }

  @Test
  void shardTakesEveryNthBatchTheSameNumberInEveryShard() {
    ArrayDataset d = numbered(23, 4, false); // 6 batches, the last of 3
    Dataset s0 = d.shard(4, 0);
    Dataset s1 = d.shard(4, 1);
    assertEquals(List.of(List.of(0, 1, 2, 3)), batches(s0));
    assertEquals(List.of(List.of(4, 5, 6, 7)), batches(s1), "batches 4 and 5 are left out: every shard has one");
    assertEquals(1, s1.cardinality());
    assertEquals(4, s1.size());
    Dataset s = d.shard(2, 1); // batches 1, 3, 5 (the last, of 3 samples)
    assertEquals(List.of(List.of(4, 5, 6, 7), List.of(12, 13, 14, 15), List.of(20, 21, 22)), batches(s));
    assertEquals(11, s.size());
    assertTrue(s.isSharded());
    assertFalse(d.isSharded());
    assertEquals(s, BatchSlices.forWorker(s, null));
  }

  @Test
  void shardArgumentsAreChecked() {
    ArrayDataset d = numbered(8, 4, false);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> d.shard(0, 0)).getMessage().contains("Received: num_shards=0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> d.shard(2, 2)).getMessage().contains("Received: index=2"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> d.shard(3, 0)).getMessage().contains("fewer than num_shards=3"));
  }

  /**
   * An image folder split between workers decodes each worker's own files only: the parts of each
   * step, put together, are the whole folder's batch (shuffled alike), 13 images in batches of 5
   * for 2 workers: 3+2, 3+2, 2+1.
   */
  @Test
  void anImageFolderIsSplitBatchByBatch(@TempDir Path tmp) throws Exception {
    for (int i = 0; i < 13; i++) {
      Path dir = Files.createDirectories(tmp.resolve(i % 2 == 0 ? "a" : "b"));
      BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
      for (int p = 0; p < 16; p++) {
        img.setRGB(p % 4, p / 4, (i * 10) * 0x010101);
      }
      ImageIO.write(img, "png", dir.resolve("img" + i + ".png").toFile());
    }
    // Three processes' datasets, made alike (same folder, same seed): the whole, worker 0's, worker 1's.
    try (ImageFolderDataset whole = folder(tmp); ImageFolderDataset d0 = folder(tmp); ImageFolderDataset d1 = folder(tmp)) {
      List<List<Integer>> global = images(whole);
      Dataset part0 = BatchSlices.of(d0, 2, 0);
      List<List<Integer>> p0 = images(part0);
      List<List<Integer>> p1 = images(BatchSlices.of(d1, 2, 1));
      assertEquals(List.of(3, 3, 2), p0.stream().map(List::size).toList());
      for (int step = 0; step < 3; step++) {
        List<Integer> joined = new ArrayList<>(p0.get(step));
        joined.addAll(p1.get(step));
        assertEquals(global.get(step), joined, "step " + step);
      }
      assertEquals(8, part0.size());
      assertEquals(3, part0.cardinality());
    }
  }

  private static ImageFolderDataset folder(Path dir) throws Exception {
    return ImageDatasets.imageDatasetFromDirectory(dir, imageSize(4, 4), batchSize(5), seed(3), labelMode("int"));
  }

  /** Each batch's images by number (their gray level / 10). */
  static List<List<Integer>> images(Dataset d) {
    List<List<Integer>> out = new ArrayList<>();
    try (BatchIterator it = d.iterator()) {
      while (it.hasNext()) {
        Batch b = it.next();
        List<Integer> ids = new ArrayList<>();
        for (int j = 0; j < b.size(); j++) {
          ids.add(Math.round(b.x().getFloat(j, 0, 0, 0) / 10));
        }
        out.add(ids);
      }
    }
    return out;
  }
}
