package org.jkeras.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jkeras.data.Dataset;
import org.jkeras.data.MappedDataset;
import org.jkeras.layers.Layer;
import org.jkeras.layers.preprocessing.AugMix;
import org.jkeras.layers.preprocessing.AutoContrast;
import org.jkeras.layers.preprocessing.BaseImagePreprocessingLayer;
import org.jkeras.layers.preprocessing.Equalization;
import org.jkeras.layers.preprocessing.RandAugment;
import org.jkeras.layers.preprocessing.RandomBrightness;
import org.jkeras.layers.preprocessing.RandomColorDegeneration;
import org.jkeras.layers.preprocessing.RandomContrast;
import org.jkeras.layers.preprocessing.RandomErasing;
import org.jkeras.layers.preprocessing.RandomFlip;
import org.jkeras.layers.preprocessing.RandomGaussianBlur;
import org.jkeras.layers.preprocessing.RandomGrayscale;
import org.jkeras.layers.preprocessing.RandomHue;
import org.jkeras.layers.preprocessing.RandomInvert;
import org.jkeras.layers.preprocessing.RandomPerspective;
import org.jkeras.layers.preprocessing.RandomPosterization;
import org.jkeras.layers.preprocessing.RandomRotation;
import org.jkeras.layers.preprocessing.RandomSaturation;
import org.jkeras.layers.preprocessing.RandomSharpness;
import org.jkeras.layers.preprocessing.RandomShear;
import org.jkeras.layers.preprocessing.RandomTranslation;
import org.jkeras.layers.preprocessing.RandomZoom;
import org.jkeras.layers.preprocessing.Solarization;
import org.jkeras.models.Sequential;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code train --augment LIST}: Keras augmentation layers named in a comma-separated list, each
 * {@code NAME} or {@code NAME:ARG} ({@code flip,rotation:0.1,zoom:0.2,contrast:0.2}), mapped over
 * the training set in the order given. {@code --augment} alone is {@link #DEFAULT}, what the CLI
 * has always used: the augmentation of Keras's "Image classification from scratch" example. Only
 * layers that keep the image size are offered (a crop would change the model's input). A name
 * is the layer's short name or Keras's ({@code random_flip}); the argument is its first
 * constructor argument: {@code flip:MODE} (Keras's default horizontal_and_vertical), {@code
 * rotation:F}, {@code zoom:F}, {@code translation:F} (height and width), {@code contrast:F},
 * {@code brightness:F}, {@code hue:F}, {@code saturation:F}, {@code sharpness:F}, {@code
 * shear:F} (x and y), {@code color_degeneration:F}, {@code posterization:BITS}; with an optional
 * factor (Keras's default without): {@code grayscale}, {@code perspective}, {@code erasing},
 * {@code gaussian_blur}, {@code invert}, {@code randaugment} and {@code augmix} (their {@code
 * factor}); without: {@code solarization}, {@code auto_contrast}, {@code equalization}. {@code
 * MixUp} and {@code CutMix} are not offered: they mix labels too, and the list maps images only.
 * Layer i is seeded {@code seed + i}.
 */
final class AugmentLayersOption implements ITypeConverter<AugmentLayersOption.Spec> {
  /** {@code --augment} without a list. */
  static final String DEFAULT = "flip:horizontal,rotation:0.1";

  /** A layer the list may name: its short name, whether it needs an argument, and how it is built from it. */
  private record Kind(String name, String kerasName, String usage, boolean needsArg,
      Function<String, BaseImagePreprocessingLayer> create) {}

  private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

  static {
    for (Kind k : List.of(
        new Kind("flip", "random_flip", "flip[:MODE]", false,
            a -> a == null ? new RandomFlip() : new RandomFlip(a.toLowerCase(Locale.ROOT))),
        new Kind("rotation", "random_rotation", "rotation:F", true, a -> new RandomRotation(number(a))),
        new Kind("zoom", "random_zoom", "zoom:F", true, a -> new RandomZoom(number(a))),
        new Kind("translation", "random_translation", "translation:F", true,
            a -> new RandomTranslation(number(a), number(a))),
        new Kind("contrast", "random_contrast", "contrast:F", true, a -> new RandomContrast(number(a))),
        new Kind("brightness", "random_brightness", "brightness:F", true, a -> new RandomBrightness(number(a))),
        new Kind("hue", "random_hue", "hue:F", true, a -> new RandomHue(number(a))),
        new Kind("saturation", "random_saturation", "saturation:F", true, a -> new RandomSaturation(number(a))),
        new Kind("sharpness", "random_sharpness", "sharpness:F", true, a -> new RandomSharpness(number(a))),
        new Kind("shear", "random_shear", "shear:F", true, a -> new RandomShear(number(a), number(a))),
        new Kind("color_degeneration", "random_color_degeneration", "color_degeneration:F", true,
            a -> new RandomColorDegeneration(number(a))),
        new Kind("posterization", "random_posterization", "posterization:BITS", true,
            a -> new RandomPosterization(integer(a))),
        new Kind("grayscale", "random_grayscale", "grayscale[:F]", false,
            a -> a == null ? new RandomGrayscale() : new RandomGrayscale(number(a))),
        new Kind("perspective", "random_perspective", "perspective[:F]", false,
            a -> a == null ? new RandomPerspective() : new RandomPerspective(number(a))),
        new Kind("erasing", "random_erasing", "erasing[:F]", false,
            a -> a == null ? new RandomErasing() : new RandomErasing(number(a))),
        new Kind("gaussian_blur", "random_gaussian_blur", "gaussian_blur[:F]", false,
            a -> a == null ? new RandomGaussianBlur() : new RandomGaussianBlur(number(a))),
        new Kind("invert", "random_invert", "invert[:F]", false,
            a -> a == null ? new RandomInvert() : new RandomInvert(number(a))),
        new Kind("randaugment", "rand_augment", "randaugment[:F]", false,
            a -> a == null ? new RandAugment() : new RandAugment().factor(number(a))),
        new Kind("augmix", "aug_mix", "augmix[:F]", false, a -> a == null ? new AugMix() : new AugMix().factor(number(a))),
        new Kind("solarization", "solarization", "solarization", false, a -> noArg("solarization", a, new Solarization())),
        new Kind("auto_contrast", "auto_contrast", "auto_contrast", false, a -> noArg("auto_contrast", a, new AutoContrast())),
        new Kind("equalization", "equalization", "equalization", false,
            a -> noArg("equalization", a, new Equalization())))) {
      KINDS.put(k.name(), k);
      KINDS.put(k.kerasName(), k);
    }
  }

  /** The layers of a list, in order: each entry's kind and argument (or null). */
  record Spec(List<Entry> entries) {
    /** The layers, seeded from {@code seed}, as one {@code data_augmentation} Sequential. */
    Sequential model(long seed) {
      List<Layer> layers = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        layers.add(entries.get(i).layer().seed(seed + i));
      }
      return new Sequential("data_augmentation", layers.toArray(Layer[]::new));
    }

    /** The training set with the layers mapped over it (in parallel, with prefetch); {@code toClose} gets the dataset. */
    Dataset apply(Dataset train, long seed, List<AutoCloseable> toClose) {
      MappedDataset mapped = train.map(model(seed));
      toClose.add(mapped);
      return mapped;
    }
  }

  record Entry(Kind kind, String arg) {
    BaseImagePreprocessingLayer layer() {
      return kind.create().apply(arg);
    }
  }

  /** The names the list accepts, for the help and the errors. */
  static String accepted() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Kind> e : KINDS.entrySet()) {
      if (e.getKey().equals(e.getValue().name())) {
        out.add(e.getValue().usage());
      }
    }
    return String.join(", ", out);
  }

  @Override
  public Spec convert(String list) {
    List<Entry> entries = new ArrayList<>();
    for (String item : list.split(",", -1)) {
      String text = item.strip();
      int colon = text.indexOf(':');
      String name = (colon < 0 ? text : text.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
      String arg = colon < 0 ? null : text.substring(colon + 1).strip();
      Kind k = KINDS.get(name);
      if (k == null) {
        throw new TypeConversionException("unknown augmentation layer '" + (name.isEmpty() ? item : name) + "' in '" + list
            + "' (expected a comma-separated list of: " + accepted() + ")");
      }
      if (k.needsArg() && (arg == null || arg.isEmpty())) {
        throw new TypeConversionException(k.name() + " needs a factor (" + k.usage() + "), received '" + text + "'");
      }
      Entry e = new Entry(k, arg);
      try {
        e.layer(); // the layer's own checks, now, while the command line is parsed
      } catch (IllegalArgumentException ex) {
        throw new TypeConversionException("'" + text + "': " + ex.getMessage());
      }
      entries.add(e);
    }
    return new Spec(List.copyOf(entries));
  }

  private static BaseImagePreprocessingLayer noArg(String name, String arg, BaseImagePreprocessingLayer layer) {
    if (arg != null) {
      throw new IllegalArgumentException(name + " takes no argument, received '" + arg + "'");
    }
    return layer;
  }

  private static int integer(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number, received '" + v + "'");
    }
  }

  private static double number(String v) {
    try {
      double d = Double.parseDouble(v);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException("expected a finite number, received '" + v + "'");
  }
}
