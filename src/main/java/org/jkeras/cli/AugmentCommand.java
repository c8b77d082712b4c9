package org.jkeras.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.jkeras.backend.Eager;
import org.jkeras.backend.GraphContext;
import org.jkeras.data.ImageDecoder;
import org.jkeras.preprocessing.image.Augmentation;
import org.jkeras.preprocessing.image.ColorAugmentation;
import org.jkeras.preprocessing.image.ImageDataGenerator;
import org.jkeras.preprocessing.image.ImageOps;
import org.jkeras.preprocessing.image.ImageTensors;
import org.jkeras.preprocessing.image.Images;
import org.jkeras.utils.Files2;
import org.jkeras.utils.OutputTarget;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code augment IMAGE}: the seed's data augmentation (sections 3.1 and 4.1) on one image file,
 * written as PNG files with a contact sheet of the original and its augmentations. IMAGE may have
 * up to {@link #MAX_PIXELS} pixels, checked from its header before anything is decoded.
 */
@Command(name = "augment",
    customSynopsis = {"jkeras augment IMAGE [--out DIR] [--crop H,W] [--rotate DEG] [--flip]",
        "    [--color] [--generator SPEC] [--n N] [--seed N]"},
    description = {"write augmented copies of an image (the seed's random crop, rotation, flips, colour changes)",
        "", "Applies section 4.1's random_crop (--crop) and random_rotate (--rotate, exactly that angle) to IMAGE, in the"
        + " seed's order (crop, then rotate), then random flips (--flip) and colour changes (--color), as TF graph ops."
        + " With neither --crop nor --rotate, each of the N images is a random augmentation of section 3.1: a random crop"
        + " of 90%% of each side, a rotation by a random angle in [-30, 30] degrees, random flips and colour changes."
        + " Writes STEM_1.png ... STEM_N.png and grid.png (a contact sheet of thumbnails: the original, then the"
        + " augmentations) into --out and prints each path written.",
        "", "--generator SPEC draws the N augmentations with Keras's ImageDataGenerator instead (random_transform), its"
        + " arguments written as NAME=VALUE items separated by commas, a flag alone meaning true, a pair LO:HI:"
        + " rotation_range (rotation)=DEG, width_shift_range (width_shift)=F, height_shift_range (height_shift)=F,"
        + " shear_range (shear)=DEG, zoom_range (zoom)=F or LO:HI, channel_shift_range (channel_shift)=F,"
        + " brightness_range (brightness)=LO:HI, horizontal_flip, vertical_flip, fill_mode=nearest|constant|reflect|wrap,"
        + " cval=F. For example: --generator rotation=20,zoom=0.2,horizontal_flip. A shift written as an integer is"
        + " whole pixels, as Python's int; with a point, a fraction of the side below 1, else pixels."
        + " --generator cannot be combined with --crop, --rotate, --flip or --color.",
        "", "IMAGE may have up to 12 megapixels (12,582,912 pixels, e.g. 4096x3072; augmenting takes about 0.5 KB of memory"
        + " per pixel): larger images are refused from their header, before anything is decoded."})
final class AugmentCommand implements Callable<Integer> {
  /** What --out may be: a new or empty folder, or one holding only what augment writes (STEM_N.png, grid.png). */
  static final OutputTarget OUTPUT = OutputTarget.folderOf("a folder of augmented images (STEM_N.png, grid.png)",
      name -> name.equals("grid.png") || name.matches(".+_[0-9]+\\.png"));

  /** The random augmentation without --crop/--rotate: a crop of this fraction of each side, an angle within this. */
  static final double RANDOM_CROP_FRACTION = 0.9;
  static final double RANDOM_MAX_ANGLE = 30;

  /**
   * The largest image augmented: 12 megapixels (12,582,912 pixels, 4096x3072; a 12 MP phone photo
   * is 4032x3024). The augmentation graphs take about 0.5 KB of memory per pixel (measured: 5.8 GB
   * peak and 3 minutes for 4032x3024), so a 12000x12000 image would need some 70 GB: larger images
   * are refused from their header, before anything is decoded. The help says the same number.
   */
  static final long MAX_PIXELS = 12L << 20;

  @ParentCommand
  private Main jkeras;

  @Parameters(paramLabel = "IMAGE", description = "a JPEG, PNG, BMP or GIF file")
  private Path file;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "augmented", description = "where to write the PNG files"
      + " (default: augmented); a folder of other files is refused")
  private Path outDir;

  @Option(names = "--crop", paramLabel = "H,W", converter = OptionTypes.SizeConverter.class,
      description = "the seed's random_crop(image, (H, W)): a random H x W window")
  private OptionTypes.Size crop;

  @Option(names = "--rotate", paramLabel = "DEG", converter = OptionTypes.FiniteNumber.class,
      description = "the seed's random_rotate(image, DEG): OpenCV's rotation onto an enlarged canvas")
  private Double rotate;

  @Option(names = "--flip", description = "random horizontal and vertical flips (each with probability 1/2)")
  private boolean flipOption;

  @Option(names = "--color", description = "random brightness, contrast, saturation and hue changes")
  private boolean colorOption;

  @Option(names = "--generator", paramLabel = "SPEC", converter = GeneratorOption.class,
      description = "augment with Keras's ImageDataGenerator: NAME=VALUE,... of its arguments, e.g."
          + " rotation=20,zoom=0.2,horizontal_flip (see above)")
  private ImageDataGenerator generator;

  @Option(names = "--n", paramLabel = "N", converter = OptionTypes.PositiveInt.class,
      description = "how many augmented images (default 8 without --crop/--rotate, else 1)")
  private Integer count;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", converter = OptionTypes.Seed.class,
      description = "random seed: the same seed gives the same images (default 42)")
  private long seed;

  @Override
  public Integer call() throws Exception {
    OutputChecks.check(OUTPUT, outDir, true, "--out");
    if (generator != null && (crop != null || rotate != null || flipOption || colorOption)) {
      throw new UsageException("--generator draws its own transformations: it cannot be combined with --crop, --rotate,"
          + " --flip or --color");
    }
    boolean explicit = crop != null || rotate != null;
    int n = count != null ? count : explicit ? 1 : 8;
    boolean flip = flipOption || !explicit;
    boolean color = colorOption || !explicit;

    // Everything that can fail on the input fails here, before anything is written.
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(file + ": a folder, expected an image file");
    }
    checkSize(file);
    FloatNdArray image = Images.loadImg(file);
    int h = (int) image.shape().get(0);
    int w = (int) image.shape().get(1);
    if (crop != null && (crop.height() >= h || crop.width() >= w)) {
      throw new IllegalArgumentException("--crop " + crop.height() + "," + crop.width() + ": the crop must be smaller than the image ("
          + h + "x" + w + ") in both dimensions (the seed draws the corner with randint(0, w - W), exclusive)");
    }
    List<FloatNdArray> results = generator != null ? generate(image, generator, count != null ? count : 8, seed)
        : augment(image, n, seed, crop == null ? null : new int[] {crop.height(), crop.width()},
            rotate != null ? rotate : Double.NaN, flip, color, explicit);

    String stem = stem(file);
    List<Path> written = new ArrayList<>();
    OUTPUT.writeInto(outDir, "--out", dir -> {
      for (int i = 0; i < results.size(); i++) {
        Path p = dir.resolve(stem + "_" + (i + 1) + ".png");
        Files2.writeAtomically(p, Images.encodePng(results.get(i)));
        written.add(outDir.resolve(p.getFileName()));
      }
      List<FloatNdArray> sheet = new ArrayList<>();
      sheet.add(thumbnail(image));
      for (FloatNdArray r : results) {
        sheet.add(thumbnail(r));
      }
      Path grid = dir.resolve("grid.png");
      Files2.writeAtomically(grid, Images.encodePng(Images.contactSheet(sheet, (int) Math.ceil(Math.sqrt(sheet.size())), 8)));
      written.add(outDir.resolve("grid.png"));
    });
    for (Path p : written) {
      jkeras.out.println(p);
    }
    return 0;
  }

  /** Refuses an image above {@link #MAX_PIXELS} from its header, before decoding it. */
  static void checkSize(Path file) throws IOException {
    long[] hw = ImageDecoder.imageSize(file);
    if (hw[0] * hw[1] > MAX_PIXELS) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s: a %dx%d image (%,d pixels), above augment's limit of %,d pixels (12 megapixels, e.g. 4096x3072;"
              + " augmenting takes about 0.5 KB of memory per pixel). Resize the image first.",
          file, hw[1], hw[0], hw[0] * hw[1], MAX_PIXELS));
    }
  }

  /** The N augmentations in one graph, on the image as uint8 (OpenCV's images; results rounded as cv2 rounds). */
  static List<FloatNdArray> augment(FloatNdArray image, int n, long seed, int[] crop, double angle, boolean flip,
      boolean color, boolean explicit) {
    int h = (int) image.shape().get(0);
    int w = (int) image.shape().get(1);
    Random angles = new Random(seed);
    List<FloatNdArray> out = new ArrayList<>();
    try (GraphContext ctx = new GraphContext()) {
      Ops tf = ctx.tf();
      Operand<TUint8> x = tf.dtypes.cast(Eager.constant(tf, image), TUint8.class);
      List<Operand<TFloat32>> fetches = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Operand<TInt64> s = tf.constant(new long[] {seed, i});
        Operand<TUint8> y = x;
        int[] size = crop;
        double a = angle;
        if (!explicit) {
          size = new int[] {(int) (RANDOM_CROP_FRACTION * h), (int) (RANDOM_CROP_FRACTION * w)};
          if (size[0] < 1 || size[1] < 1 || size[0] >= h || size[1] >= w) {
            size = null; // too small to crop (under 2 pixels a side)
          }
          a = (angles.nextDouble() * 2 - 1) * RANDOM_MAX_ANGLE;
        }
        if (size != null) {
          y = Augmentation.randomCrop(tf, y, size, ImageTensors.subSeed(tf, s, 1));
        }
        if (!Double.isNaN(a)) {
          y = Augmentation.randomRotate(tf, y, a);
        }
        if (flip) {
          y = Augmentation.randomFlipLeftRight(tf, y, ImageTensors.subSeed(tf, s, 2));
          y = Augmentation.randomFlipUpDown(tf, y, ImageTensors.subSeed(tf, s, 3));
        }
        if (color) {
          y = ColorAugmentation.randomColor(tf, y, 0.2, 0.3, 0.3, 0.05, ImageTensors.subSeed(tf, s, 4));
        }
        fetches.add(tf.dtypes.cast(y, TFloat32.class));
      }
      // One run per image: peak memory stays that of one augmentation (photos can be megapixels).
      for (Operand<TFloat32> f : fetches) {
        try (Result res = ctx.runner().fetch(f).run()) {
          TFloat32 t = (TFloat32) res.get(0);
          FloatNdArray a = NdArrays.ofFloats(t.shape());
          t.copyTo(a);
          out.add(a);
        }
      }
    }
    return out;
  }

  /**
   * {@code n} augmentations drawn by Keras's {@code random_transform}: image i's parameters from
   * {@code seed + i}, so the same seed gives the same images. No normalisation: the images stay in
   * 0..255.
   */
  static List<FloatNdArray> generate(FloatNdArray image, ImageDataGenerator generator, int n, long seed) {
    List<FloatNdArray> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(generator.randomTransform(image, seed + i));
    }
    return out;
  }

  /** Contact sheet cells: at most this many pixels on the longer side. */
  static final int THUMBNAIL = 320;

  /** The image scaled down (area averaging) to fit a THUMBNAIL square; smaller images unchanged. */
  static FloatNdArray thumbnail(FloatNdArray image) {
    long h = image.shape().get(0);
    long w = image.shape().get(1);
    if (Math.max(h, w) <= THUMBNAIL) {
      return image;
    }
    double s = (double) THUMBNAIL / Math.max(h, w);
    int th = (int) Math.max(1, Math.round(h * s));
    int tw = (int) Math.max(1, Math.round(w * s));
    return Eager.array(tf -> tf.squeeze(ImageOps.resize(tf,
        tf.expandDims(Eager.constant(tf, image), tf.constant(0)), th, tw, "area", false),
        Squeeze.axis(List.of(0L))));
  }

  static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
