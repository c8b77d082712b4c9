package org.jkeras.data;

import java.util.List;
import java.util.Random;
import org.jkeras.kwargs.Args;

/**
 * The arguments of {@code image_dataset_from_directory}, with Keras's defaults and Keras's checks
 * (the same messages), read from the keyword arguments.
 *
 * @param labels null for inferred labels, else the given one per file
 * @param inferred labels from the class folders ({@code labels="inferred"}); false: the folder is
 *     listed whole ({@code labels=None} or a list)
 * @param labelMode "int", "binary", "categorical", or null (no labels)
 * @param split the validation split, 0 for none
 * @param subset "training", "validation", "both", or null
 * @param seed the seed (Keras draws one below 10^6 when none is given)
 */
record ImageDatasetOptions(List<Integer> labels, boolean inferred, String labelMode, List<String> classNames,
    int channels, int batchSize, int height, int width, boolean shuffle, long seed, double split, String subset,
    String interpolation, boolean followLinks, AspectRatio aspect) {

  static ImageDatasetOptions of(Args.DatasetArg... kwargs) {
    Args.Labels lb = Args.find(kwargs, Args.Labels.class);
    Args.LabelMode lm = Args.find(kwargs, Args.LabelMode.class);
    Args.ClassNames cn = Args.find(kwargs, Args.ClassNames.class);
    Args.BatchSize bs = Args.find(kwargs, Args.BatchSize.class);
    Args.ImageSize is = Args.find(kwargs, Args.ImageSize.class);
    Args.Shuffle sh = Args.find(kwargs, Args.Shuffle.class);
    Args.Seed sd = Args.find(kwargs, Args.Seed.class);
    Args.ValidationSplit vs = Args.find(kwargs, Args.ValidationSplit.class);
    Args.Subset ss = Args.find(kwargs, Args.Subset.class);
    Args.Interpolation ip = Args.find(kwargs, Args.Interpolation.class);
    Args.FollowLinks fl = Args.find(kwargs, Args.FollowLinks.class);
    Args.CropToAspectRatio crop = Args.find(kwargs, Args.CropToAspectRatio.class);
    Args.PadToAspectRatio pad = Args.find(kwargs, Args.PadToAspectRatio.class);
    Args.ColorMode cm = Args.find(kwargs, Args.ColorMode.class);

    Object labels = lb == null ? "inferred" : lb.value();
    List<Integer> given = labels instanceof List<?> list ? integers(list) : null;
    if (labels != null && given == null && !"inferred".equals(labels)) {
      throw new IllegalArgumentException("`labels` argument should be a list/tuple of integer labels, of the same size as the"
          + " number of image files in the target directory. If you wish to infer the labels from the subdirectory names in"
          + " the target directory, pass `labels=\"inferred\"`. If you wish to get a dataset that only contains images (no"
          + " labels), pass `labels=None`. Received: labels=" + labels);
    }
    if (given != null && cn != null && !cn.value().isEmpty()) {
      throw new IllegalArgumentException("You can only pass `class_names` if `labels=\"inferred\"`. Received: labels="
          + given + ", and class_names=" + cn.value());
    }
    String labelMode = lm == null ? "int" : lm.value();
    if (labelMode != null && !List.of("int", "binary", "categorical").contains(labelMode)) {
      throw new IllegalArgumentException(
          "`label_mode` argument must be one of \"int\", \"categorical\", \"binary\", or None. Received: label_mode=" + labelMode);
    }
    if (labels == null || labelMode == null) {
      labels = null;
      given = null;
      labelMode = null;
    }
    if (labels == null && cn != null) {
      throw new IllegalArgumentException("When `labels=None` (no labels), argument `class_names` cannot be specified.");
    }
    String colorMode = cm == null ? "rgb" : cm.value();
    int channels = switch (colorMode) {
      case "rgb" -> 3;
      case "rgba" -> 4;
      case "grayscale" -> 1;
      default -> throw new IllegalArgumentException(
          "`color_mode` must be one of {\"rgb\", \"rgba\", \"grayscale\"}. Received: color_mode=" + colorMode);
    };
    if (crop != null && crop.value() && pad != null && pad.value()) {
      throw new IllegalArgumentException(
          "Only one of `pad_to_aspect_ratio`, `crop_to_aspect_ratio` can be set to `True`.");
    }
    AspectRatio aspect = crop != null && crop.value() ? AspectRatio.CROP
        : pad != null && pad.value() ? AspectRatio.PAD : AspectRatio.STRETCH;
    int batchSize = bs == null ? 32 : bs.value();
    if (batchSize <= 0) {
      throw new IllegalArgumentException(
          "Received an invalid value for `batch_size`, expected a positive integer. Received: batch_size=" + batchSize);
    }
    boolean shuffle = sh == null || sh.value();
    double split = vs == null ? 0 : vs.value();
    String subset = ss == null ? null : ss.value();
    checkSplit(split, subset, shuffle, sd);
    return new ImageDatasetOptions(given, "inferred".equals(labels), labelMode, cn == null ? null : List.copyOf(cn.value()),
        channels, batchSize, is == null ? 256 : is.height(), is == null ? 256 : is.width(), shuffle,
        sd == null ? new Random().nextInt(1_000_000) : sd.value(), split, subset, ip == null ? "bilinear" : ip.value(),
        fl != null && fl.value(), aspect);
  }

  /** Keras's {@code check_validation_split_arg} (a split of 0 is none, as Python's falsy 0.0). */
  private static void checkSplit(double split, String subset, boolean shuffle, Args.Seed seed) {
    if (split != 0 && !(split > 0 && split < 1)) {
      throw new IllegalArgumentException("`validation_split` must be between 0 and 1, received: " + split);
    }
    if ((split != 0 || subset != null) && !(split != 0 && subset != null)) {
      throw new IllegalArgumentException("If `subset` is set, `validation_split` must be set, and inversely. Received: subset="
          + subset + ", validation_split=" + split);
    }
    if (subset != null && !List.of("training", "validation", "both").contains(subset)) {
      throw new IllegalArgumentException("`subset` must be either \"training\", \"validation\" or \"both\", received: " + subset);
    }
    if (split != 0 && shuffle && seed == null) {
      throw new IllegalArgumentException(
          "If using `validation_split` and shuffling the data, you must provide a `seed` argument, to make sure that"
              + " there is no overlap between the training and validation subset.");
    }
  }

  private static List<Integer> integers(List<?> list) {
    for (Object o : list) {
      if (!(o instanceof Integer)) {
        throw new IllegalArgumentException("`labels` must be integers, one per image file. Received: labels=" + list);
      }
    }
    return list.stream().map(o -> (Integer) o).toList();
  }
}
