package org.jkeras.data;

import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * One pass of an {@link ImageFolderDataset} as a {@link Prefetcher} stage: batch after batch, the
 * files of the pass's order decoded in parallel into the batch's TF tensor. A batch is never empty:
 * when every file of a batch is skipped (unreadable), the loader goes on with the next files; a
 * pass whose last files are all skipped ends one batch early.
 */
final class ImageBatchLoader implements PipelineStage<ImageBatchLoader.Buffers> {
  private final ImageFolderDataset images;
  private final int[] order;
  /** Where the next batch starts in {@link #order}. */
  private int start;

  ImageBatchLoader(ImageFolderDataset images, int[] order) {
    this.images = images;
    this.order = order;
  }

  @Override
  public Buffers newSlot() {
    return new Buffers();
  }

  /**
   * The next non-empty batch. A worker's part of a batch is loaded as it is, even empty (all its
   * files skipped), so that every worker runs the same steps; the pass ends at a global batch too
   * small to split.
   */
  @Override
  public boolean read(Buffers b, Prefetcher<Buffers> pipeline) throws Exception {
    int batchSize = images.globalBatchSize;
    if (images.parts > 1) {
      if (start >= order.length) {
        return false;
      }
      int end = Math.min(order.length, start + batchSize);
      int[] r = BatchSlices.bounds(end - start, images.parts, images.part);
      if (r == null) {
        return false;
      }
      b.batch = load(start + r[0], start + r[1], b, pipeline);
      start = end;
      return true;
    }
    while (start < order.length) {
      int end = Math.min(order.length, start + batchSize);
      b.batch = load(start, end, b, pipeline);
      start = end;
      if (b.batch.size() > 0) {
        return true;
      }
    }
    return false;
  }

  private Batch load(int from, int to, Buffers b, Prefetcher<Buffers> pipeline) throws Exception {
    int size = to - from;
    FloatNdArray x = b.x(size);
    FloatNdArray y = b.y;
    boolean[] ok = new boolean[size];
    pipeline.parallel(size, row -> {
      Path file = images.files.get(order[from + row]);
      if (images.skipped.contains(file)) {
        return;
      }
      try {
        byte[] bytes = ImageDecoder.read(file);
        images.decoder.decodeInto(bytes, file, x.get(row));
        ok[row] = true;
      } catch (IOException e) {
        if (images.skipped.add(file)) {
          System.err.println("WARNING: skipping " + e.getMessage());
        }
      }
    });
    int good = 0;
    for (int j = 0; j < size; j++) {
      if (ok[j]) {
        if (good != j) {
          x.get(j).copyTo(x.get(good));
        }
        if (y != null) {
          writeLabel(y, good, images.labels[order[from + j]]);
        }
        good++;
      }
    }
    if (good == size) {
      return new Batch(x, y, size);
    }
    FloatNdArray xs = NdArrays.ofFloats(Shape.of(good).append(images.elementShape()));
    FloatNdArray ys = y == null ? null : NdArrays.ofFloats(Shape.of(good).append(images.labelShape()));
    for (int j = 0; j < good; j++) {
      x.get(j).copyTo(xs.get(j));
      if (y != null) {
        y.get(j).copyTo(ys.get(j));
      }
    }
    return new Batch(xs, ys, good);
  }

  private void writeLabel(FloatNdArray y, int row, int label) {
    switch (images.labelMode) {
      case "categorical":
        for (int k = 0; k < images.classNames().size(); k++) {
          y.setFloat(k == label ? 1f : 0f, row, k);
        }
        break;
      case "binary":
        y.setFloat(label, row, 0);
        break;
      default:
        y.setFloat(label, row);
    }
  }

  @Override
  public Batch batch(Buffers b) {
    return b.batch;
  }

  @Override
  public void ended(long items) {
    if (items == 0) {
      images.warnNoBatch();
    }
  }

  @Override
  public void free(Buffers b) {
    b.free();
  }

  @Override
  public void close() {}

  /**
   * Reused batch arrays, allocated once per batch size, not per batch. The images are a TF tensor:
   * decoded straight into it, it is fed to the training step (or to a map's graph) as it is, with
   * no copy through a Java array.
   */
  final class Buffers {
    TFloat32 x;
    FloatNdArray y;
    Batch batch;

    FloatNdArray x(int size) {
      if (x == null || x.shape().get(0) != size) {
        free();
        x = TFloat32.tensorOf(Shape.of(size).append(images.elementShape()));
        Shape label = images.labelShape();
        y = label == null ? null : NdArrays.ofFloats(Shape.of(size).append(label));
      }
      return x;
    }

    void free() {
      if (x != null) {
        x.close();
        x = null;
      }
    }
  }
}
