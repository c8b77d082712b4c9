package org.jkeras.layers.preprocessing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Gradients;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * The operations {@link RandAugment} and {@link AugMix} choose from, built as Keras builds them
 * from one {@code factor} pair, {@code value_range} and {@code interpolation}: RandomShear
 * (x and y factors = factor), RandomTranslation (height and width = factor), RandomRotation,
 * RandomBrightness, RandomColorDegeneration, RandomContrast, RandomSharpness, Solarization
 * (addition and threshold = factor), RandomPosterization ({@code max(1, int(8 * upper))} bits),
 * AutoContrast and Equalization. Each keeps its own (batch, width) transformation; a set's
 * transformation is theirs side by side in the order of {@code names}.
 */
final class AugmentationOps {
  /** The transformation width of each operation, by Keras's attribute name. */
  static final Map<String, Integer> WIDTHS = Map.ofEntries(Map.entry("random_shear", 2),
      Map.entry("random_translation", 2), Map.entry("random_rotation", 1), Map.entry("random_brightness", 1),
      Map.entry("random_color_degeneration", 1), Map.entry("random_contrast", 1), Map.entry("random_sharpness", 1),
      Map.entry("random_posterization", 1), Map.entry("solarization", 2), Map.entry("auto_contrast", 0),
      Map.entry("equalization", 0));

  private final List<String> names;
  private final Map<String, BaseImagePreprocessingLayer> layers = new LinkedHashMap<>();

  AugmentationOps(List<String> names, double[] factor, double[] valueRange, String interpolation, long seed) {
    this.names = List.copyOf(names);
    double lo = factor[0];
    double hi = factor[1];
    double v0 = valueRange[0];
    double v1 = valueRange[1];
    long s = seed;
    for (String n : names) {
      BaseImagePreprocessingLayer l;
      switch (n) {
        case "random_shear":
          l = new RandomShear(new double[] {lo, hi}, new double[] {lo, hi}).interpolation(interpolation);
          break;
        case "random_translation":
          l = new RandomTranslation(new double[] {lo, hi}, new double[] {lo, hi}).interpolation(interpolation);
          break;
        case "random_rotation":
          l = new RandomRotation(lo, hi).interpolation(interpolation);
          break;
        case "random_brightness":
          l = new RandomBrightness(lo, hi).valueRange(v0, v1);
          break;
        case "random_color_degeneration":
          l = new RandomColorDegeneration(lo, hi).valueRange(v0, v1);
          break;
        case "random_contrast":
          l = new RandomContrast(lo, hi).valueRange(v0, v1);
          break;
        case "random_sharpness":
          l = new RandomSharpness(lo, hi).valueRange(v0, v1);
          break;
        case "random_posterization":
          l = new RandomPosterization(Math.max(1, (int) (8 * hi))).valueRange(v0, v1);
          break;
        case "solarization":
          l = new Solarization(new double[] {lo, hi}, new double[] {lo, hi}).valueRange(v0, v1);
          break;
        case "auto_contrast":
          l = new AutoContrast().valueRange(v0, v1);
          break;
        case "equalization":
          l = new Equalization().valueRange(v0, v1);
          break;
        default:
          throw new IllegalArgumentException("Unknown augmentation " + n);
      }
      layers.put(n, l.seed(s++));
    }
  }

  int size() {
    return names.size();
  }

  /** The columns of all the operations' transformations. */
  int width() {
    int w = 0;
    for (String n : names) {
      w += WIDTHS.get(n);
    }
    return w;
  }

  /** Each operation's own draw, side by side: (batch, {@link #width()}). */
  Operand<TFloat32> transformation(CallContext ctx, Operand<TFloat32> images) {
    List<Operand<TFloat32>> parts = new ArrayList<>();
    for (String n : names) {
      if (WIDTHS.get(n) > 0) {
        parts.add(layers.get(n).getRandomTransformation(ctx, images));
      }
    }
    return parts.isEmpty() ? ImageMath.none(ctx.tf(), images) : ImageMath.concat(ctx.tf(), parts);
  }

  /**
   * Keras's loop {@code where(choice == k, op_k(images), images)} over the operations k: the
   * operation of index {@code choice} (a (batch, 1) column; any other value leaves the images as
   * they are), with the transformation columns starting at {@code first} of {@code t}.
   */
  Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, Operand<TFloat32> choice, Operand<TFloat32> t, int first) {
    Operand<TFloat32> c = tf.reshape(choice, tf.constant(new int[] {-1, 1, 1, 1}));
    List<Operand<TFloat32>> own = ownColumns(tf, t, first);
    for (int k = 0; k < names.size(); k++) {
      Operand<TFloat32> changed = layers.get(names.get(k)).transformImages(tf, images, own.get(k));
      images = ImageMath.where(tf, tf.math.equal(c, tf.constant((float) k)), changed, images);
    }
    return images;
  }

  /** Each operation's columns of {@code t}, in the order of {@code names}, from column {@code first}. */
  private List<Operand<TFloat32>> ownColumns(Ops tf, Operand<TFloat32> t, int first) {
    List<Operand<TFloat32>> own = new ArrayList<>();
    int at = first;
    for (String n : names) {
      int w = WIDTHS.get(n);
      own.add(ImageMath.columns(tf, t, at, w));
      at += w;
    }
    return own;
  }

  /**
   * {@link #apply} for a choice shared by the whole batch (RandAugment's): the same images, but
   * only the chosen operation runs. Each operation's branch starts from a {@code Switch} of the
   * images on "chosen == k" and the branches meet in a {@code Merge}: TF's executor runs no op whose
   * input comes from an untaken branch, where Keras's {@code where} over all of them computes the
   * eleven operations for every batch and keeps one. {@code choice}: a (batch, 1) column holding one
   * value (an empty batch, or a value outside the operations, passes the images through).
   */
  Operand<TFloat32> applyChosen(Ops tf, Operand<TFloat32> images, Operand<TFloat32> choice, Operand<TFloat32> t, int first) {
    Gradients.registerSwitchMergeGradients(); // a trained layer before this one takes its gradient through them
    // One value for the batch: its maximum (minus infinity for no row, matching no operation).
    Operand<TFloat32> chosen = tf.reduceMax(choice, tf.constant(new int[] {0, 1}));
    List<Operand<TFloat32>> own = ownColumns(tf, t, first);
    List<Operand<TFloat32>> branches = new ArrayList<>();
    Operand<TBool> none = tf.constant(true);
    for (int k = 0; k < names.size(); k++) {
      Operand<TBool> taken = tf.math.equal(chosen, tf.constant((float) k));
      none = tf.math.logicalAnd(none, tf.math.logicalNot(taken));
      branches.add(layers.get(names.get(k)).transformImages(tf, tf.switchCond(images, taken).outputTrue(), own.get(k)));
    }
    branches.add(tf.switchCond(images, none).outputTrue());
    return tf.merge(branches).output();
  }
}
