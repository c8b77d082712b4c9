package org.jkeras.examples;

import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.stepsPerEpoch;
import static org.jkeras.Kwargs.verbose;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.jkeras.applications.VGG16;
import org.jkeras.data.ArrayDataset;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Dropout;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.Input;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.MaxPooling2D;
import org.jkeras.models.Model;
import org.jkeras.random.Seeds;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Section 3.4 of the seed, knowledge transfer, measured: a base pre-trained on one task, frozen
 * under a new head, learns a related task in fewer steps than the same model trained from scratch.
 *
 * <ul>
 *   <li>Source task: the orientation of a grating, four classes (0, 45, 90 and 135 degrees, each
 *       within 8 degrees), softmax head.
 *   <li>Target task: diagonal gratings only, 45 versus 135 degrees, on new images (other colours,
 *       periods and noise); the seed's 4.4 head (Flatten, Dense(512, relu), Dropout(0.5),
 *       Dense(1, sigmoid)).
 * </ul>
 *
 * Both target models have the same architecture, head initialisation, data and batch order; the
 * transferred one starts from the source base's weights with the base frozen, the other from
 * random weights, all trainable (Keras's default). Each is trained in chunks of {@code evalEvery}
 * steps and evaluated on the target's validation set after each chunk, until it reaches the
 * target accuracy or {@code maxSteps}.
 */
public final class KnowledgeTransfer {
  private KnowledgeTransfer() {}

  /** Sizes of one run. {@code base} makes a fresh base model (random weights) for {@code size}x{@code size}x3 images. */
  public record Config(int size, int sourceImages, int targetImages, int validationImages, int batchSize,
      double sourceTarget, double target, int maxSteps, int evalEvery, long seed, Supplier<Model> base) {

    /**
     * A VGG-style base of three blocks (Conv2D 16/32/64, 3x3 'same' ReLU, then 2x2 max pooling) at
     * 32x32: the three trainings take seconds on two cores. (VGG16 itself, from random weights and
     * without batch normalisation, did not reach 0.9 on the source task in 300 steps, ten minutes
     * here: pre-training it needs ImageNet-scale time, which is what Keras's ImageNet file saves.)
     */
    public static Config small() {
      return new Config(32, 1024, 160, 128, 32, 0.95, 0.95, 300, 2, 42, KnowledgeTransfer::smallBase);
    }

    /** The same with other sizes, e.g. for a quick test. */
    public Config with(int sourceImages, int targetImages, int validationImages, int maxSteps) {
      return new Config(size, sourceImages, targetImages, validationImages, batchSize, sourceTarget, target, maxSteps, evalEvery,
          seed, base);
    }
  }

  /** Three VGG-style blocks named as VGG16's first layers, for 32x32x3 images. */
  public static Model smallBase() {
    KerasTensor inputs = Input.of(32, 32, 3);
    KerasTensor x = inputs;
    int[] filters = {16, 32, 64};
    for (int b = 0; b < filters.length; b++) {
      x = new Conv2D(filters[b], 3, 3).activation("relu").padding("same").name("block" + (b + 1) + "_conv1").apply(x);
      x = new MaxPooling2D(2, 2).name("block" + (b + 1) + "_pool").apply(x);
    }
    return new Model(inputs, x, "small_vgg");
  }

  /** Steps taken to reach the target accuracy; {@code -1} when {@code maxSteps} did not suffice. */
  public record Result(int sourceSteps, double sourceAccuracy, int transferSteps, double transferAccuracy,
      int scratchSteps, double scratchAccuracy, Config config) {

    /** True when the transferred model reached the target, in fewer steps than from scratch (or scratch never did). */
    public boolean transferWins() {
      return transferSteps >= 0 && (scratchSteps < 0 || transferSteps < scratchSteps);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT,
          "source task (4 orientations): %s; target task (45 vs 135 degrees) to val_accuracy >= %.2f: transferred frozen base %s,"
              + " from scratch %s",
          steps(sourceSteps, sourceAccuracy, config.sourceTarget), config.target, steps(transferSteps, transferAccuracy, config.target),
          steps(scratchSteps, scratchAccuracy, config.target));
    }

    private String steps(int n, double acc, double target) {
      return n >= 0 ? String.format(Locale.ROOT, "%d steps (val_accuracy %.3f)", n, acc)
          : String.format(Locale.ROOT, "not reached in %d steps (best val_accuracy %.3f)", config.maxSteps, acc);
    }
  }

  /** Runs the three trainings; progress lines go to {@code out} (null for none). */
  public static Result run(Config c, PrintStream out) {
    Seeds.setRandomSeed(c.seed);
    Random r = new Random(c.seed);
    Data source = gratings(c.sourceImages + c.validationImages, c.size, new int[] {0, 45, 90, 135}, r);
    Data target = gratings(c.targetImages + c.validationImages, c.size, new int[] {45, 135}, r);

    List<FloatNdArray> pretrained;
    int sourceSteps;
    double[] sourceAcc = {0};
    try (Model base = c.base.get(); Model model = head(base, 4)) {
      model.compile("adam", "categorical_crossentropy", "accuracy");
      sourceSteps = trainUntil(model, source, c.sourceImages, c, c.sourceTarget, sourceAcc, "source", out);
      pretrained = base.getWeights();
    }
    double[] transferAcc = {0};
    int transferSteps;
    Seeds.setRandomSeed(c.seed + 1);
    try (Model base = c.base.get(); Model model = head(base, 1)) {
      base.setWeights(pretrained);
      base.setTrainable(false);
      model.compile("adam", "binary_crossentropy", "accuracy");
      transferSteps = trainUntil(model, target, c.targetImages, c, c.target, transferAcc, "transfer", out);
    }
    double[] scratchAcc = {0};
    int scratchSteps;
    Seeds.setRandomSeed(c.seed + 1);
    try (Model base = c.base.get(); Model model = head(base, 1)) {
      model.compile("adam", "binary_crossentropy", "accuracy");
      scratchSteps = trainUntil(model, target, c.targetImages, c, c.target, scratchAcc, "scratch", out);
    }
    return new Result(sourceSteps, sourceAcc[0], transferSteps, transferAcc[0], scratchSteps, scratchAcc[0], c);
  }

  /** The seed's head on {@code base}: one sigmoid unit, or a softmax over {@code units} classes. */
  static Model head(Model base, int units) {
    KerasTensor x = base.output();
    x = new Flatten().apply(x);
    x = new Dense(512).activation("relu").apply(x);
    x = new Dropout(0.5).apply(x);
    x = new Dense(units).activation(units == 1 ? "sigmoid" : "softmax").apply(x);
    return new Model(base.input(), x);
  }

  private static int trainUntil(Model model, Data data, int trainCount, Config c, double target, double[] best, String what,
      PrintStream out) {
    long n = data.x.shape().get(0);
    ArrayDataset all = new ArrayDataset(data.x, data.y, c.batchSize, true, c.seed, null);
    ArrayDataset train = all.slice(0, trainCount, true);
    ArrayDataset val = all.slice(trainCount, n, false);
    int steps = 0;
    while (steps < c.maxSteps) {
      int chunk = Math.min(c.evalEvery, c.maxSteps - steps);
      model.fit(train, epochs(1), stepsPerEpoch(chunk), verbose(0));
      steps += (int) Math.min(chunk, train.cardinality());
      double acc = model.evaluate(val, verbose(0)).get("accuracy");
      best[0] = Math.max(best[0], acc);
      if (out != null) {
        out.printf(Locale.ROOT, "  %-8s step %4d  val_accuracy %.3f%n", what, steps, acc);
      }
      if (acc >= target) {
        best[0] = acc;
        return steps;
      }
    }
    return -1;
  }

  private record Data(FloatNdArray x, FloatNdArray y) {}

  /**
   * Gratings at one of {@code angles} (+-8 degrees), random period, phase and two colours of
   * different brightness, pixel noise; preprocessed as VGG16 expects. Labels: one-hot for more than
   * two classes, 0/1 otherwise.
   */
  private static Data gratings(int count, int size, int[] angles, Random r) {
    float[] pixels = new float[count * size * size * 3];
    int k = angles.length;
    int labelWidth = k == 2 ? 1 : k;
    float[] labels = new float[count * labelWidth];
    for (int i = 0; i < count; i++) {
      int cls = r.nextInt(k);
      if (k == 2) {
        labels[i] = cls;
      } else {
        labels[i * k + cls] = 1;
      }
      double a = Math.toRadians(angles[cls] + r.nextDouble() * 16 - 8);
      double period = size * (0.15 + r.nextDouble() * 0.25);
      double phase = r.nextDouble() * period;
      float[] c0 = color(r);
      float[] c1 = color(r);
      while (Math.abs(luma(c0) - luma(c1)) < 60) {
        c1 = color(r);
      }
      double nx = -Math.sin(a);
      double ny = Math.cos(a);
      for (int py = 0; py < size; py++) {
        for (int px = 0; px < size; px++) {
          double t = ((px * nx + py * ny + phase) % period + period) % period / period;
          float[] c = t < 0.5 ? c0 : c1;
          int o = ((i * size + py) * size + px) * 3;
          for (int ch = 0; ch < 3; ch++) {
            pixels[o + ch] = (float) Math.max(0, Math.min(255, c[ch] + r.nextGaussian() * 8));
          }
        }
      }
    }
    FloatNdArray x = NdArrays.wrap(Shape.of(count, size, size, 3), DataBuffers.of(pixels, false, false));
    FloatNdArray y = NdArrays.wrap(Shape.of(count, labelWidth), DataBuffers.of(labels, false, false));
    return new Data(VGG16.preprocessInput(x), y);
  }

  private static float[] color(Random r) {
    return new float[] {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
  }

  private static double luma(float[] c) {
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
  }

  /**
   * {@code java -cp target/jkeras.jar org.jkeras.examples.KnowledgeTransfer}: the experiment with
   * the small VGG-style base, both step counts printed.
   */
  public static void main(String[] args) {
    Config c = Config.small();
    System.out.println("Knowledge transfer, a small VGG-style base at " + c.size + "x" + c.size + ", batch " + c.batchSize
        + ", Adam as the seed, validation accuracy every " + c.evalEvery + " steps:");
    Result r = run(c, System.out);
    System.out.println(r);
  }
}
