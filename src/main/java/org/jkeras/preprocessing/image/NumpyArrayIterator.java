package org.jkeras.preprocessing.image;

import java.util.Arrays;
import java.util.List;
import org.jkeras.kwargs.Args;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;

/**
 * The iterator of {@link ImageDataGenerator#flow} (Keras's {@code NumpyArrayIterator}): rows of an
 * array (n, height, width, channels) transformed and normalised, with the matching rows of the
 * labels. {@code subset("validation")} takes the first {@code int(n * validationSplit)} rows,
 * "training" the rest, as Keras (shuffle arrays sorted by label first).
 */
public final class NumpyArrayIterator extends ImageIterator {
  private final FloatNdArray x;
  private final FloatNdArray y;
  private final int from;
  private final int n;

  private NumpyArrayIterator(ImageDataGenerator gen, FloatNdArray x, FloatNdArray y, int from, int to, FlowOptions o) {
    super(gen, o.batchSize(), o.shuffle(), o.seed());
    this.x = x;
    this.y = y;
    this.from = from;
    this.n = to - from;
  }

  static NumpyArrayIterator create(ImageDataGenerator gen, FloatNdArray x, FloatNdArray y, Args.FlowArg[] kwargs) {
    for (Args.FlowArg a : kwargs) {
      if (!(a instanceof Args.BatchSize || a instanceof Args.Shuffle || a instanceof Args.Seed || a instanceof Args.Subset)) {
        throw new IllegalArgumentException("`flow` takes batchSize, shuffle, seed and subset. Received: " + a);
      }
    }
    FlowOptions o = FlowOptions.parse(kwargs, null);
    if (x == null || x.rank() != 4) {
      throw new IllegalArgumentException("Input data in `NumpyArrayIterator` should have rank 4. You passed an array with shape "
          + (x == null ? "null" : x.shape()));
    }
    long rows = x.shape().get(0);
    if (y != null && (y.rank() == 0 || y.shape().get(0) != rows)) {
      throw new IllegalArgumentException("`x` (images tensor) and `y` (labels) should have the same length. Found: x.shape = "
          + x.shape() + ", y.shape = " + y.shape());
    }
    int[] range = {0, (int) rows};
    if (o.subset() != null) {
      int split = (int) (rows * gen.validationSplit());
      range = o.subset().equals("validation") ? new int[] {0, split} : new int[] {split, (int) rows};
    }
    return new NumpyArrayIterator(gen, x, y, range[0], range[1], o);
  }

  @Override
  public Shape elementShape() {
    Shape s = x.shape();
    return Shape.of(s.get(1), s.get(2), s.get(3));
  }

  @Override
  public Shape labelShape() {
    if (y == null) {
      return null;
    }
    long[] dims = y.shape().asArray();
    return Shape.of(Arrays.copyOfRange(dims, 1, dims.length));
  }

  @Override
  public List<Shape> labelShapes() {
    return y == null ? List.of() : List.of(labelShape());
  }

  @Override
  public long size() {
    return n;
  }

  @Override
  void load(int index, FloatNdArray target) {
    x.get(from + index).copyTo(target);
  }

  @Override
  void label(int index, FloatNdArray labels, int row) {
    if (y.rank() == 1) {
      labels.setFloat(y.getFloat(from + index), row);
    } else {
      y.get(from + index).copyTo(labels.get(row));
    }
  }
}
