package org.jkeras.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jkeras.backend.GraphContext;
import org.jkeras.data.ImageDecoder;
import org.jkeras.preprocessing.image.Augmentation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * Benchmark row {@code seed_augment} (Java side): the seed's section 4.1 pipeline, {@code
 * random_rotate(random_crop(image, (100, 100)), 45)}, on 224x224 uint8 photos already in memory,
 * as jkeras graph ops in batches of 40 (32 with {@code --quick}; a crop corner per image; TF
 * spreads each batch over the cores). Prints images per second.
 *
 * <p>{@code --quick}: 96 images, one timed pass. Otherwise 1,000, and as on the Python side one
 * untimed pass over all of them (warm-up), then the median of {@value #PASSES} timed passes (one
 * pass is only 0.1-0.2 s of work). Photos: the shared pets set, decoded and resized to 224x224
 * before timing (the Python side does the same with OpenCV).
 */
public final class SeedAugmentBench {
  static final String WHAT = "seed 4.1 random_crop 100x100 + random_rotate 45, 224x224 uint8 source";
  static final int PASSES = 5;

  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    int count = quick ? 96 : 1000;
    int batch = quick ? 32 : 40; // divides the count: every batch has the size the graph was built for
    List<byte[]> photos = photos(Bench.shared().resolve("data/pets/train"), 224, 224, quick ? 16 : 200);
    // The images as uint8 tensors, in batches, before the clock starts (OpenCV's images are in memory too).
    List<TUint8> batches = new ArrayList<>();
    for (int start = 0; start < count; start += batch) {
      int n = Math.min(batch, count - start);
      TUint8 t = TUint8.tensorOf(Shape.of(n, 224, 224, 3));
      for (int i = 0; i < n; i++) {
        t.get(i).copyFrom(DataBuffers.of(photos.get((start + i) % photos.size()), true, false));
      }
      batches.add(t);
    }
    try (GraphContext ctx = new GraphContext()) {
      Ops tf = ctx.tf();
      Placeholder<TUint8> in = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(batch, 224, 224, 3)));
      Placeholder<TInt64> seed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      // Section 4.1: cropped_image = random_crop(image, size); rotated_image = random_rotate(cropped_image, angle)
      Operand<TUint8> out = Augmentation.randomRotate(tf, Augmentation.randomCrop(tf, in, new int[] {100, 100}, seed), 45);
      int passes = quick ? 1 : PASSES;
      long step = 0;
      // Warm-up: one pass over all the images (the first run also plans the graph).
      for (TUint8 b : batches) {
        run(ctx, in, seed, out, b, step++);
      }
      List<Double> times = new ArrayList<>();
      for (int p = 0; p < passes; p++) {
        long t0 = System.nanoTime();
        for (TUint8 b : batches) {
          run(ctx, in, seed, out, b, step++);
        }
        times.add((System.nanoTime() - t0) / 1e9);
      }
      times.sort(null);
      double seconds = times.get(times.size() / 2);
      // The least memory an image moves: its 224x224x3 source read, its 141x141x3 result written.
      Bench.emit(WHAT, count / seconds, "images/s", "higher", null,
          Map.of("images", count, "bytes", 224 * 224 * 3 + 141 * 141 * 3, "limit", "memory"));
    } finally {
      batches.forEach(TUint8::close);
    }
  }

  private static void run(GraphContext ctx, Placeholder<TUint8> in, Placeholder<TInt64> seed, Operand<TUint8> out,
      TUint8 images, long step) {
    try (TInt64 s = TInt64.vectorOf(1234, step); Result r = ctx.session().runner().feed(in, images).feed(seed, s)
        .fetch(out).run()) {
      if (r.get(0).shape().get(1) != 141) {
        throw new IllegalStateException("unexpected output shape " + r.get(0).shape());
      }
    }
  }

  /**
   * {@code limit} photos of {@code dir}'s class folders, decoded and resized (bilinear) to h x w,
   * rounded to uint8 values (h * w * 3 bytes each, row-major), as OpenCV holds them on the Python side:
   * one float32 buffer is reused for the decoding.
   */
  static List<byte[]> photos(Path dir, int h, int w, int limit) throws Exception {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(limit).forEach(files::add);
    }
    List<byte[]> out = new ArrayList<>();
    float[] values = new float[h * w * 3];
    FloatNdArray decoded = NdArrays.wrap(Shape.of(h, w, 3), DataBuffers.of(values, false, false));
    try (ImageDecoder d = new ImageDecoder(h, w, 3, "bilinear")) {
      for (Path f : files) {
        d.decodeInto(ImageDecoder.read(f), f, decoded);
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
          bytes[i] = (byte) Math.round(Math.max(0, Math.min(255, values[i])));
        }
        out.add(bytes);
      }
    }
    return out;
  }
}
