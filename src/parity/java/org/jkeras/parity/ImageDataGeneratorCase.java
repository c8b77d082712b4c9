package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.classMode;
import static org.jkeras.Kwargs.colorMode;
import static org.jkeras.Kwargs.directory;
import static org.jkeras.Kwargs.interpolation;
import static org.jkeras.Kwargs.keepAspectRatio;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.subset;
import static org.jkeras.Kwargs.targetSize;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.data.Batch;
import org.jkeras.data.BatchIterator;
import org.jkeras.kwargs.Args.FlowArg;
import org.jkeras.preprocessing.image.DirectoryIterator;
import org.jkeras.preprocessing.image.ImageDataGenerator;
import org.jkeras.preprocessing.image.NumpyArrayIterator;
import org.jkeras.utils.Json;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;

/**
 * Java side of cases/image_data_generator.py: args after the work folder: a part ("transforms",
 * "directory", "fit", "dataframe") and its folders. Writes .npy files and result.json.
 */
public final class ImageDataGeneratorCase {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    switch (args[1]) {
      case "transforms" -> transforms(work);
      case "directory" -> folders(work, Path.of(args[2]), Path.of(args[3]));
      case "fit" -> fit(work);
      case "dataframe" -> dataframe(work, Path.of(args[2]), Path.of(args[3]));
      default -> throw new IllegalArgumentException("Unknown part: " + args[1]);
    }
  }

  @SuppressWarnings("unchecked")
  private static void transforms(Path work) throws Exception {
    List<Object> cases = (List<Object>) Json.read(work.resolve("transforms.json"));
    for (Object o : cases) {
      Map<String, Object> c = (Map<String, Object>) o;
      FloatNdArray img = Parity.npy(work, "img_" + c.get("image") + ".npy");
      ImageDataGenerator gen = new ImageDataGenerator().fillMode((String) c.get("fill_mode"))
          .cval(((Number) c.get("cval")).doubleValue());
      FloatNdArray out = gen.applyTransform(img, (Map<String, ?>) c.get("params"));
      Parity.npy(work, "out_" + c.get("key") + ".npy", out);
    }
    Parity.result(work, Map.of("transforms", cases.size()));
  }

  private static void folders(Path work, Path pets, Path generated) throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    for (String name : List.of("pets", "generated")) {
      Path folder = name.equals("pets") ? pets : generated;
      for (String sub : new String[] {null, "training", "validation"}) {
        ImageDataGenerator gen = new ImageDataGenerator().validationSplit(sub == null ? 0 : 0.2);
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        DirectoryIterator it;
        try {
          it = sub == null
              ? gen.flowFromDirectory(folder, targetSize(32, 40), classMode(name.equals("pets") ? "binary" : "sparse"),
                  batchSize(8), shuffle(false))
              : gen.flowFromDirectory(folder, targetSize(32, 40), classMode(name.equals("pets") ? "binary" : "sparse"),
                  batchSize(8), shuffle(false), subset(sub));
        } finally {
          System.setOut(stdout);
        }
        try (DirectoryIterator i = it) {
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("found", captured.toString(StandardCharsets.UTF_8).strip());
          r.put("filenames", i.filenames());
          List<Integer> classes = new ArrayList<>();
          for (int c : i.classes()) {
            classes.add(c);
          }
          r.put("classes", classes);
          r.put("class_indices", i.classIndices());
          r.put("samples", i.samples());
          result.put(name + "_" + (sub == null ? "None" : sub), r);
          if (name.equals("pets") && "validation".equals(sub)) {
            FloatNdArray x = NdArrays.ofFloats(Shape.of(i.samples(), 32, 40, 3));
            FloatNdArray y = NdArrays.ofFloats(Shape.of(i.samples(), 1));
            int row = 0;
            try (BatchIterator batches = i.iterator()) {
              while (batches.hasNext()) {
                Batch b = batches.next();
                for (int k = 0; k < b.size(); k++, row++) {
                  b.x().get(k).copyTo(x.get(row));
                  b.y().get(k).copyTo(y.get(row));
                }
              }
            }
            Parity.npy(work, "java_batch_x.npy", x);
            Parity.npy(work, "java_batch_y.npy", y);
          }
        }
      }
    }
    loadOptions(work, pets);
    Parity.result(work, result);
  }

  /** The first batch of 8 pets at 30x44 with each loading option of the Python side's LOAD_OPTIONS. */
  private static void loadOptions(Path work, Path pets) throws Exception {
    Map<String, FlowArg[]> options = new LinkedHashMap<>();
    for (String m : List.of("bilinear", "bicubic", "hamming", "box", "lanczos")) {
      options.put(m, new FlowArg[] {interpolation(m)});
    }
    options.put("keep_aspect_ratio", new FlowArg[] {keepAspectRatio(true)});
    options.put("grayscale", new FlowArg[] {colorMode("grayscale"), interpolation("bilinear")});
    for (Map.Entry<String, FlowArg[]> e : options.entrySet()) {
      List<FlowArg> args = new ArrayList<>(List.of(targetSize(30, 44), classMode(null), batchSize(8), shuffle(false)));
      args.addAll(List.of(e.getValue()));
      try (DirectoryIterator it = new ImageDataGenerator().flowFromDirectory(pets, args.toArray(FlowArg[]::new))) {
        Parity.npy(work, "java_load_" + e.getKey() + ".npy", it.next().x());
      }
    }
  }

  private static void fit(Path work) throws Exception {
    FloatNdArray x = Parity.npy(work, "fit_x.npy");
    ImageDataGenerator gen = new ImageDataGenerator().featurewiseCenter(true).featurewiseStdNormalization(true)
        .rescale(1 / 255.0).fit(x);
    Parity.npy(work, "fit_standardized.npy", gen.standardize(x.get(0)));
    ImageDataGenerator sgen = new ImageDataGenerator().samplewiseCenter(true).samplewiseStdNormalization(true)
        .rescale(1 / 255.0);
    Parity.npy(work, "samplewise_standardized.npy", sgen.standardize(x.get(1)));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("mean", floats(gen.mean()));
    result.put("std", floats(gen.std()));
    Parity.result(work, result);
  }

  private static void dataframe(Path work, Path csv, Path pets) throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    ImageDataGenerator gen = new ImageDataGenerator().validationSplit(0.25);
    for (String sub : List.of("training", "validation")) {
      PrintStream stdout = System.out;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      DirectoryIterator it;
      try {
        it = gen.flowFromDataframe(csv, directory(pets), targetSize(16, 16), classMode("binary"), shuffle(false), subset(sub));
      } finally {
        System.setOut(stdout);
      }
      try (DirectoryIterator i = it) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("found", captured.toString(StandardCharsets.UTF_8).strip());
        r.put("filenames", i.filenames());
        List<Integer> classes = new ArrayList<>();
        for (int c : i.classes()) {
          classes.add(c);
        }
        r.put("classes", classes);
        r.put("class_indices", i.classIndices());
        result.put(sub, r);
      }
    }
    FloatNdArray x = Parity.npy(work, "fit_x.npy");
    float[] labels = new float[(int) x.shape().get(0)];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 2;
    }
    try (NumpyArrayIterator it = new ImageDataGenerator().rescale(0.5).validationSplit(0.5)
        .flow(x, StdArrays.ndCopyOf(labels), batchSize(4), shuffle(false), subset("training"))) {
      Batch b = it.next();
      Parity.npy(work, "flow_x.npy", b.x());
      Parity.npy(work, "flow_y.npy", b.y());
    }
    Parity.result(work, result);
  }

  private static List<Double> floats(float[] v) {
    List<Double> out = new ArrayList<>();
    for (float f : v) {
      out.add((double) f);
    }
    return out;
  }
}
