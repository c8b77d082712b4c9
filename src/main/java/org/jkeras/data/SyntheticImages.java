package org.jkeras.data;

import java.util.List;
import java.util.Random;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * The embedded default dataset: a deterministic two-class image set generated on the fly, so the
 * seed's CNN can be trained with no download. Class 0 ({@code horizontal}) shows stripes within 10
 * degrees of horizontal, class 1 ({@code vertical}) within 10 degrees of vertical, with random
 * period, phase, colours and pixel noise; RGB values in 0..255, like decoded photos.
 */
public final class SyntheticImages {
  public static final List<String> CLASS_NAMES = List.of("horizontal", "vertical");

  /** The generated arrays: {@code x} (count, height, width, 3), {@code y} (count, 1) with 0/1 labels. */
  public record Images(FloatNdArray x, FloatNdArray y, List<String> classNames) {

    /**
     * Splits as {@code image_dataset_from_directory} does with {@code validation_split}: the last
     * {@code int(validationSplit * count)} images are the validation subset.
     *
     * @return {training, validation}
     */
    public ArrayDataset[] split(double validationSplit, int batchSize, long seed) {
      long n = x.shape().get(0);
      long numVal = (long) (validationSplit * n);
      if (numVal <= 0 || numVal >= n) {
        throw new IllegalArgumentException(
            "validation_split=" + validationSplit + " leaves an empty subset of " + n + " images.");
      }
      ArrayDataset all = new ArrayDataset(x, y, batchSize, true, seed, classNames);
      return new ArrayDataset[] {all.slice(0, n - numVal, true), all.slice(n - numVal, n, false)};
    }
  }

  private SyntheticImages() {}

  public static Images generate(int count, int height, int width, long seed) {
    if (count < 2 || height < 8 || width < 8) {
      throw new IllegalArgumentException(
          "The synthetic set needs at least 2 images of at least 8x8 pixels. Received: count=" + count
              + ", image_size=(" + height + ", " + width + ")");
    }
    Random r = new Random(seed);
    float[] pixels = new float[count * height * width * 3];
    float[] labels = new float[count];
    int[] classes = new int[count];
    for (int i = 0; i < count; i++) {
      classes[i] = i % 2;
    }
    for (int i = count - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = classes[i];
      classes[i] = classes[j];
      classes[j] = t;
    }
    int size = Math.min(height, width);
    for (int i = 0; i < count; i++) {
      int label = classes[i];
      labels[i] = label;
      double angle = Math.toRadians((label == 0 ? 0 : 90) + (r.nextDouble() * 20 - 10));
      double period = size * (0.08 + r.nextDouble() * 0.17);
      double phase = r.nextDouble() * period;
      float[] a = randomColor(r);
      float[] b = randomColor(r);
      while (Math.abs(luma(a) - luma(b)) < 80) {
        b = randomColor(r);
      }
      // Stripe coordinate: distance along the normal of the stripes.
      double nx = -Math.sin(angle);
      double ny = Math.cos(angle);
      int base = i * height * width * 3;
      for (int py = 0; py < height; py++) {
        for (int px = 0; px < width; px++) {
          double t = ((px * nx + py * ny + phase) % period + period) % period / period;
          float[] c = t < 0.5 ? a : b;
          int o = base + (py * width + px) * 3;
          for (int ch = 0; ch < 3; ch++) {
            float v = c[ch] + (float) (r.nextGaussian() * 5);
            pixels[o + ch] = Math.max(0f, Math.min(255f, v));
          }
        }
      }
    }
    FloatNdArray x = NdArrays.wrap(Shape.of(count, height, width, 3), DataBuffers.of(pixels, false, false));
    FloatNdArray y = NdArrays.wrap(Shape.of(count, 1), DataBuffers.of(labels, false, false));
    return new Images(x, y, CLASS_NAMES);
  }

  private static float[] randomColor(Random r) {
    return new float[] {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
  }

  private static double luma(float[] c) {
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
  }
}
