package org.jkeras.data;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tensorflow.ndarray.Shape;

/**
 * Image files with labels, decoded batch by batch with TF ops (see {@link ImageDecoder}), as the
 * dataset Keras's {@code image_dataset_from_directory} returns. Files are decoded in parallel and
 * the next batch is prepared while the current one trains (one batch of prefetch), on the input
 * pipeline's shared threads ({@link Prefetcher}; a pass is an {@link ImageBatchLoader}). The images of a
 * batch are a TF tensor the files are decoded into and the training step is fed as it is (valid, as
 * any batch, until the next one or the end of the pass). A file that
 * cannot be read or decoded (truncated, deleted since, above {@link ImageDecoder#MAX_PIXELS}) is
 * skipped with one warning naming it and the reason, and not tried again in later epochs.
 */
public class ImageFolderDataset implements Dataset, AutoCloseable {
  final List<Path> files;
  final int[] labels;
  private final List<String> classNames;
  final String labelMode;
  private final int height;
  private final int width;
  private final int channels;
  /** The batch of the whole dataset (a worker's part of it is smaller). */
  final int globalBatchSize;
  /** Each epoch's order (tf.data's shuffle), or null: the files' order. */
  private final TfShuffle order;
  final ImageDecoder decoder;
  /** Files found unreadable: skipped with one warning, and not tried again. */
  final Set<Path> skipped = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean warnedEmpty = new AtomicBoolean();
  /** A worker's part of every batch ({@link BatchSlices}): part {@code part} of {@code parts}; 1 and 0 for the whole. */
  final int parts;
  final int part;

  /**
   * @param decoder decodes and fits each image (owned: closed with this dataset)
   * @param order each epoch's order of the files (tf.data's shuffle; owned), or null to keep theirs
   */
  ImageFolderDataset(List<Path> files, int[] labels, List<String> classNames, String labelMode, ImageDecoder decoder,
      int batchSize, TfShuffle order) {
    this.files = List.copyOf(files);
    this.labels = labels.clone();
    this.classNames = List.copyOf(classNames);
    this.labelMode = labelMode;
    Shape image = decoder.imageShape();
    this.height = (int) image.get(0);
    this.width = (int) image.get(1);
    this.channels = (int) image.get(2);
    this.globalBatchSize = batchSize;
    this.order = order;
    this.decoder = decoder;
    this.parts = 1;
    this.part = 0;
  }

  /** A view of {@code whole} that loads only part {@code part} of {@code parts} of each batch, sharing its decoder. */
  private ImageFolderDataset(ImageFolderDataset whole, int parts, int part) {
    this.files = whole.files;
    this.labels = whole.labels;
    this.classNames = whole.classNames;
    this.labelMode = whole.labelMode;
    this.height = whole.height;
    this.width = whole.width;
    this.channels = whole.channels;
    this.globalBatchSize = whole.globalBatchSize;
    this.order = whole.order;
    this.decoder = whole.decoder;
    this.parts = parts;
    this.part = part;
  }

  /**
   * This worker's part of every batch, decoding only its own files ({@link BatchSlices}): shuffled
   * as the whole (same seed, same order on every worker). Closing the whole closes the view.
   */
  ImageFolderDataset sliced(int numParts, int index) {
    return new ImageFolderDataset(this, numParts, index);
  }

  @Override
  public boolean isSharded() {
    return parts > 1;
  }

  public List<Path> filePaths() {
    return files;
  }

  /** Files found unreadable while loading, skipped with a warning. */
  public Set<Path> skippedFiles() {
    return Collections.unmodifiableSet(skipped);
  }

  @Override
  public Shape elementShape() {
    return Shape.of(height, width, channels);
  }

  @Override
  public Shape labelShape() {
    if (labelMode == null) {
      return null;
    }
    switch (labelMode) {
      case "binary": return Shape.of(1);
      case "categorical": return Shape.of(classNames.size());
      default: return Shape.scalar();
    }
  }

  @Override
  public int batchSize() {
    return (globalBatchSize + parts - 1) / parts;
  }

  @Override
  public long size() {
    return parts == 1 ? files.size() : BatchSlices.size(files.size(), globalBatchSize, parts, part);
  }

  @Override
  public long cardinality() {
    return parts == 1 ? Dataset.super.cardinality() : BatchSlices.cardinality(files.size(), globalBatchSize, parts);
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public BatchIterator iterator() {
    int[] positions;
    if (order != null) {
      positions = order.nextOrder();
    } else {
      positions = new int[files.size()];
      for (int i = 0; i < positions.length; i++) {
        positions[i] = i;
      }
    }
    return new Prefetcher<>(new ImageBatchLoader(this, positions), 0, 1);
  }

  /** Says once that every file was skipped, when a pass ends without a batch. */
  void warnNoBatch() {
    if (warnedEmpty.compareAndSet(false, true)) {
      System.err.println("WARNING: all " + files.size() + " image files of this dataset were skipped (see the warnings"
          + " above): it yields no batch" + (labelMode == null ? "." : ", and no metrics when used as validation data."));
    }
  }

  /** Frees the decoding and shuffling graphs (a worker's view leaves them to the whole dataset). */
  @Override
  public void close() {
    if (parts == 1) {
      decoder.close();
      if (order != null) {
        order.close();
      }
    }
  }
}
