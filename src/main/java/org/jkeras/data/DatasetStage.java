package org.jkeras.data;

import java.util.List;
import org.tensorflow.ndarray.Shape;

/**
 * A dataset operation applied to a source dataset ({@code ds.shuffle(...)}, {@code ds.take(n)}...):
 * what it does not change (element and label shapes, sample weights, class names, batching) it
 * answers from its source. Closing it closes its source when that can be closed, as the chain
 * {@code ds.map(...).shuffle(...).prefetch(...)} is one pipeline.
 */
abstract class DatasetStage implements Dataset, AutoCloseable {
  protected final Dataset source;

  protected DatasetStage(Dataset source) {
    if (source == null) {
      throw new IllegalArgumentException("Received an invalid value for the dataset: null");
    }
    this.source = source;
  }

  @Override
  public Shape elementShape() {
    return source.elementShape();
  }

  @Override
  public Shape labelShape() {
    return source.labelShape();
  }

  @Override
  public List<Shape> elementShapes() {
    return source.elementShapes();
  }

  @Override
  public List<Shape> labelShapes() {
    return source.labelShapes();
  }

  @Override
  public boolean hasSampleWeights() {
    return source.hasSampleWeights();
  }

  @Override
  public int batchSize() {
    return source.batchSize();
  }

  @Override
  public List<String> classNames() {
    return source.classNames();
  }

  @Override
  public boolean isBatched() {
    return source.isBatched();
  }

  @Override
  public boolean isSharded() {
    return source.isSharded();
  }

  @Override
  public void close() {
    if (source instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("Closing the dataset failed: " + e.getMessage(), e);
      }
    }
  }
}
