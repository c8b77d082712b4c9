package org.jkeras.saving;

import static org.jkeras.Kwargs.compile;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.jitCompile;
import static org.jkeras.Kwargs.loss;
import static org.jkeras.Kwargs.lossWeights;
import static org.jkeras.Kwargs.optimizer;
import static org.jkeras.Kwargs.overwrite;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jkeras.applications.VGG16;
import org.jkeras.backend.KerasVariable;
import org.jkeras.layers.Activation;
import org.jkeras.layers.Add;
import org.jkeras.layers.Average;
import org.jkeras.layers.AveragePooling2D;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Concatenate;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Dot;
import org.jkeras.layers.Dropout;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.GlobalAveragePooling2D;
import org.jkeras.layers.Input;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.Layer;
import org.jkeras.layers.MaxPooling2D;
import org.jkeras.layers.Maximum;
import org.jkeras.layers.Minimum;
import org.jkeras.layers.Multiply;
import org.jkeras.layers.Subtract;
import org.jkeras.layers.preprocessing.RandomContrast;
import org.jkeras.layers.preprocessing.RandomFlip;
import org.jkeras.layers.preprocessing.RandomRotation;
import org.jkeras.layers.preprocessing.Rescaling;
import org.jkeras.layers.preprocessing.Resizing;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.models.Sequential;
import org.jkeras.utils.Json;
import org.jkeras.utils.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Keras 3's {@code .keras} files (and legacy {@code .h5} model files) from jkeras's side: files
 * Keras wrote ({@code src/test/resources/keras-files/make_fixtures.py}) load with Keras's
 * predictions and compile config; what jkeras writes has Keras's layout and loads back. Python
 * loading jkeras's files is in the parity suite ({@code keras_file}); hostile files in {@link
 * HostileKerasFilesTest}.
 */
class KerasFileTest {
  /** Keras's float32 kernels and TF-Java's run the same ops; observed 0. */
  private static final float ATOL = 1e-5f;

  static Path fixture(Path tmp, String name) throws IOException {
    Path file = tmp.resolve(name);
    try (InputStream in = KerasFileTest.class.getResourceAsStream("/keras-files/" + name)) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  static FloatNdArray npy(Path tmp, String name) throws IOException {
    return Npy.read(fixture(tmp, name));
  }

  @Test
  void jitCompileTravelsInTheCompileConfigAsKerasWritesIt(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("jit.keras");
    try (Sequential m = new Sequential(new Dense(2).inputShape(3))) {
      m.compile(optimizer("adam"), loss("mse"), jitCompile(true));
      assertEquals(true, m.getCompileConfig().get("jit_compile"));
      m.save(file);
    }
    try (Model m = Models.loadModel(file)) {
      assertTrue(m.trainer().jitCompile(), "compile_from_config honours jit_compile");
      assertEquals(true, m.getCompileConfig().get("jit_compile"));
    }
    try (Sequential m = new Sequential(new Dense(2).inputShape(3))) {
      m.compile(optimizer("adam"), loss("mse"));
      assertEquals(false, m.getCompileConfig().get("jit_compile"));
    }
  }

  @Test
  void aSequentialKerasWroteLoadsWithItsPredictionsAndCompileConfig(@TempDir Path tmp) throws IOException {
    FloatNdArray x = npy(tmp, "x.npy");
    try (Model m = Models.loadModel(fixture(tmp, "cnn.keras"))) {
      assertInstanceOf(Sequential.class, m);
      assertEquals(List.of("conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "flatten", "dense", "dense_1"),
          m.layers().stream().map(Layer::name).toList());
      assertArrayEquals(flat(npy(tmp, "cnn_pred.npy")), flat(m.predict(x, verbose(0))), ATOL);
      assertTrue(m.trainer().compiled(), "compiled from the file's compile_config");
      assertEquals("Adam", m.optimizer().getClass().getSimpleName());
      assertEquals("binary_crossentropy", m.getCompileConfig().get("loss"));
      assertEquals(List.of("accuracy"), m.getCompileConfig().get("metrics"));
      // fit continues on the loaded model
      FloatNdArray y = NdArrays.ofFloats(Shape.of(4, 1));
      double loss = m.fit(x, y, epochs(1), verbose(0)).history().get("loss").get(0);
      assertTrue(Double.isFinite(loss));
    }
  }

  /**
   * The optimizer's state travels in both directions: Keras's file (Adam after one step) loads
   * with its iterations and moments, and jkeras's file holds them in Keras's layout ({@code
   * optimizer/vars}: iterations, learning rate, then momentum and velocity per weight) with the
   * learning rate as Keras writes it (its float32 variable read back as a double).
   */
  @Test
  @SuppressWarnings("unchecked")
  void theOptimizerStateTravelsBothWays(@TempDir Path tmp) throws IOException {
    FloatNdArray x = npy(tmp, "x.npy");
    Path file = tmp.resolve("trained_on.keras");
    List<FloatNdArray> slots = new ArrayList<>();
    try (Model m = Models.loadModel(fixture(tmp, "cnn.keras"))) {
      assertEquals(1, m.optimizer().iterations(), "Keras trained one step before saving");
      assertEquals(2 * m.trainableWeights().size(), m.optimizer().optimizerVariables().size());
      float[] momentum = flat(m.optimizer().optimizerVariables().get(0).getValue());
      assertTrue(maxAbs(momentum) > 0,
          "Keras's first moment is loaded, not a fresh zero");
      m.fit(x, NdArrays.ofFloats(Shape.of(4, 1)), epochs(1), verbose(0));
      m.optimizer().optimizerVariables().forEach(v -> slots.add(v.getValue()));
      m.save(file);
    }
    Path weights = tmp.resolve("model.weights.h5");
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Files.write(weights, zip.getInputStream(zip.getEntry("model.weights.h5")).readAllBytes());
      Map<String, Object> config = Json.parseObject(new String(zip.getInputStream(zip.getEntry("config.json")).readAllBytes(),
          StandardCharsets.UTF_8));
      Map<String, Object> adam = (Map<String, Object>) ((Map<String, Object>) config.get("compile_config")).get("optimizer");
      assertEquals(0.0010000000474974513, ((Map<String, Object>) adam.get("config")).get("learning_rate"),
          "Python writes the float32 variable's value");
    }
    try (HdfFile h5 = new HdfFile(weights)) {
      Group vars = (Group) h5.getByPath("optimizer/vars");
      assertEquals(2 + slots.size(), vars.getChildren().size());
      assertEquals(2L, ((Number) ((Dataset) vars.getChild("0")).getData()).longValue(), "iterations");
      assertEquals(0.001f, ((Number) ((Dataset) vars.getChild("1")).getData()).floatValue(), "learning_rate");
    }
    try (Model back = Models.loadModel(file)) {
      assertEquals(2, back.optimizer().iterations());
      List<KerasVariable> loaded = back.optimizer().optimizerVariables();
      for (int i = 0; i < slots.size(); i++) {
        assertArrayEquals(flat(slots.get(i)), flat(loaded.get(i).getValue()), loaded.get(i).path());
      }
    }
  }

  private static float maxAbs(float[] v) {
    float m = 0;
    for (float f : v) {
      m = Math.max(m, Math.abs(f));
    }
    return m;
  }

  @Test
  void aFunctionalModelWithANestedSequentialAndTwoNamedOutputsLoads(@TempDir Path tmp) throws IOException {
    FloatNdArray x = npy(tmp, "x.npy");
    try (Model m = Models.loadModel(fixture(tmp, "two_outputs.keras"))) {
      assertEquals(List.of("cls", "reg"), m.outputNames());
      List<FloatNdArray> out = m.predict(List.of(x), verbose(0));
      assertArrayEquals(flat(npy(tmp, "two_outputs_pred_0.npy")), flat(out.get(0)), ATOL);
      assertArrayEquals(flat(npy(tmp, "two_outputs_pred_1.npy")), flat(out.get(1)), ATOL);
      assertEquals(Map.of("cls", 1.0, "reg", 0.5), m.getCompileConfig().get("loss_weights"));
      assertEquals(Map.of("cls", "binary_crossentropy", "reg", "mean_squared_error"), m.getCompileConfig().get("loss"));
    }
  }

  @Test
  void legacyH5ModelFilesOfKeras3AndKeras2Load(@TempDir Path tmp) throws IOException {
    FloatNdArray x = npy(tmp, "x.npy");
    for (String name : List.of("legacy.h5", "keras2.h5")) {
      try (Model m = Models.loadModel(fixture(tmp, name))) {
        List<FloatNdArray> out = m.predict(List.of(x), verbose(0));
        assertArrayEquals(flat(npy(tmp, "two_outputs_pred_0.npy")), flat(out.get(0)), ATOL, name);
        assertArrayEquals(flat(npy(tmp, "two_outputs_pred_1.npy")), flat(out.get(1)), ATOL, name);
        assertTrue(m.trainer().compiled(), name + ": compiled from training_config");
        assertEquals(Map.of("cls", 1.0, "reg", 0.5), m.getCompileConfig().get("loss_weights"));
      }
    }
  }

  @Test
  void compileFalseLeavesTheModelUncompiled(@TempDir Path tmp) throws IOException {
    try (Model m = Models.loadModel(fixture(tmp, "cnn.keras"), compile(false))) {
      assertFalse(m.trainer().compiled());
    }
  }

  /** The model of the parity suite's two-output case: a residual block, a nested Sequential, two outputs. */
  static Model twoOutputs() {
    KerasTensor image = Input.of("image", 16, 16, 3);
    KerasTensor x = new Conv2D(4, 3, 3).padding("same").activation("relu").name("stem").apply(image);
    KerasTensor y = new Conv2D(4, 3, 3).padding("same").name("res_conv").apply(x);
    y = new BatchNormalization().name("res_bn").apply(y);
    x = new Add().name("res_add").apply(x, y);
    x = new GlobalAveragePooling2D().apply(x);
    x = new Sequential("head", new Dense(6).activation("relu")).apply(x);
    Map<String, KerasTensor> outputs = new LinkedHashMap<>();
    outputs.put("cls", new Dense(1).activation("sigmoid").name("cls").apply(x));
    outputs.put("reg", new Dense(2).name("reg").apply(x));
    return new Model(List.of(image), outputs, null);
  }

  @Test
  @SuppressWarnings("unchecked")
  void saveWritesKerasLayoutAndLoadsBack(@TempDir Path tmp) throws IOException {
    FloatNdArray x = npy(tmp, "x.npy");
    Path file = tmp.resolve("m.keras");
    List<FloatNdArray> before;
    Map<String, Object> compileConfig;
    try (Model m = twoOutputs()) {
      m.compile(optimizer("adam"), loss(Map.of("cls", "binary_crossentropy", "reg", "mse")),
          lossWeights(Map.of("cls", 1.0, "reg", 0.5)));
      before = m.predict(List.of(x), verbose(0));
      compileConfig = m.getCompileConfig();
      m.save(file);
    }
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of("m.keras", "x.npy"), s.map(p -> p.getFileName().toString()).sorted().toList(),
          "nothing but the file is left beside it");
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      List<String> names = new ArrayList<>();
      for (ZipEntry e : Collections.list(zip.entries())) {
        names.add(e.getName());
        assertEquals(ZipEntry.STORED, e.getMethod(), "Keras stores members uncompressed");
      }
      assertEquals(List.of("metadata.json", "config.json", "model.weights.h5"), names);
      Map<String, Object> meta = Json.parseObject(new String(zip.getInputStream(zip.getEntry("metadata.json")).readAllBytes(),
          StandardCharsets.UTF_8));
      assertEquals(List.of("keras_version", "date_saved"), List.copyOf(meta.keySet()));
      Map<String, Object> config = Json.parseObject(new String(zip.getInputStream(zip.getEntry("config.json")).readAllBytes(),
          StandardCharsets.UTF_8));
      assertEquals(List.of("module", "class_name", "config", "registered_name", "build_config", "compile_config"),
          List.copyOf(config.keySet()));
      assertEquals("keras.src.models.functional", config.get("module"));
      assertEquals("Functional", config.get("registered_name"));
      Map<String, Object> head = null;
      for (Object o : (List<Object>) ((Map<String, Object>) config.get("config")).get("layers")) {
        Map<String, Object> layer = (Map<String, Object>) o;
        if (layer.get("name").equals("head")) {
          head = layer;
        }
        if (layer.get("name").equals("stem")) {
          assertEquals(List.of("module", "class_name", "config", "registered_name", "build_config", "name", "inbound_nodes"),
              List.copyOf(layer.keySet()));
          assertEquals(Map.of("input_shape", Arrays.asList(null, 16L, 16L, 3L)), layer.get("build_config"));
        }
        if (layer.get("name").equals("global_average_pooling2d")) {
          assertFalse(layer.containsKey("build_config"), "Keras builds pooling layers when made and writes no build_config");
        }
      }
      assertEquals("keras", head.get("module"));
      assertEquals(Map.of(), head.get("compile_config"), "a nested model's compile_config is {}, as Keras writes it");
    }
    try (Model back = Models.loadModel(file)) {
      List<FloatNdArray> after = back.predict(List.of(x), verbose(0));
      assertArrayEquals(flat(before.get(0)), flat(after.get(0)));
      assertArrayEquals(flat(before.get(1)), flat(after.get(1)));
      assertEquals(Json.write(compileConfig), Json.write(back.getCompileConfig()));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void whatKerasWroteIsWhatJkerasWritesBack(@TempDir Path tmp) throws IOException {
    Path file = fixture(tmp, "cnn.keras");
    Path again = tmp.resolve("again.keras");
    try (Model m = Models.loadModel(file)) {
      m.save(again);
    }
    Map<String, Object> keras = KerasFile.read(file).config();
    Map<String, Object> jkeras = KerasFile.read(again).config();
    assertEquals(Json.write(withoutSharedIds(keras)), Json.write(jkeras));
  }

  /** Keras marks a dtype policy object written several times with {@code shared_object_id}; jkeras writes each whole. */
  @SuppressWarnings("unchecked")
  private static Object withoutSharedIds(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) m).forEach((k, v) -> {
        if (!k.equals("shared_object_id")) {
          out.put(k, withoutSharedIds(v));
        }
      });
      return out;
    }
    if (o instanceof List<?> l) {
      return l.stream().map(KerasFileTest::withoutSharedIds).toList();
    }
    return o;
  }

  /** Every kind of layer main has, in one functional model: merge layers, preprocessing, pooling, nested models. */
  static Model everyLayer() {
    KerasTensor in = Input.of(16, 16, 3);
    KerasTensor x = new RandomFlip().apply(in);
    x = new RandomRotation(0.1).apply(x);
    x = new RandomContrast(0.2).apply(x);
    x = new Resizing(12, 12).apply(x);
    x = new Rescaling(1 / 255.0).apply(x);
    x = new Conv2D(4, 3, 3).apply(x);
    x = new BatchNormalization().apply(x);
    x = new Activation("relu").apply(x);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new AveragePooling2D(1, 1).apply(x);
    KerasTensor pooled = new GlobalAveragePooling2D().apply(x);
    x = new Dropout(0.3).apply(new Flatten().apply(x));
    KerasTensor a = new Dense(3).apply(x);
    KerasTensor b = new Dense(3).apply(pooled);
    KerasTensor sum = new Add().apply(new Subtract().apply(a, b), new Multiply().apply(a, b), new Average().apply(a, b),
        new Maximum().apply(a, b), new Minimum().apply(a, b));
    KerasTensor inner = new Sequential(new Dense(2)).apply(sum);
    KerasTensor nestedIn = Input.of(3);
    Model nested = new Model(nestedIn, new Dense(2).apply(nestedIn), "nested_functional");
    return new Model(List.of(in), List.of(new Concatenate().apply(a, b), new Dot(1).apply(a, b), inner, nested.apply(sum)));
  }

  @Test
  void everyLayerMainHasRoundTripsThroughAKerasFile(@TempDir Path tmp) throws IOException {
    FloatNdArray x = npy(tmp, "x.npy");
    Path file = tmp.resolve("every.keras");
    List<FloatNdArray> before;
    String config;
    try (Model m = everyLayer()) {
      before = m.predict(List.of(x), verbose(0));
      config = Json.write(m.getConfig());
      m.save(file);
    }
    try (Model back = Models.loadModel(file)) {
      assertEquals(config, Json.write(back.getConfig()));
      List<FloatNdArray> after = back.predict(List.of(x), verbose(0));
      for (int i = 0; i < before.size(); i++) {
        assertArrayEquals(flat(before.get(i)), flat(after.get(i)), "output " + i);
      }
    }
  }

  @Test
  void aVgg16BaseNestedInASequentialRoundTrips(@TempDir Path tmp) throws IOException {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(2, 32, 32, 3));
    Path file = tmp.resolve("vgg.keras");
    FloatNdArray before;
    try (Sequential m = new Sequential(new VGG16(null, false, 32, 32, 3), new Flatten(), new Dense(1).activation("sigmoid"))) {
      m.compile("adam", "binary_crossentropy", "accuracy");
      before = m.predict(x, verbose(0));
      m.save(file);
    }
    try (Model back = Models.loadModel(file)) {
      Layer base = back.layers().get(0);
      assertEquals("Functional", base.className());
      assertEquals(14_714_688, base.countParams());
      assertArrayEquals(flat(before), flat(back.predict(x, verbose(0))));
    }
  }

  @Test
  void saveReplacesOnlyAKerasFileAndNotWithOverwriteFalse(@TempDir Path tmp) throws IOException {
    Path notes = tmp.resolve("notes.keras");
    Files.writeString(notes, "my notes");
    Path file = tmp.resolve("m.keras");
    try (Model m = twoOutputs()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.save(notes));
      assertTrue(e.getMessage().contains("it is not a Keras .keras file"), e.getMessage());
      assertEquals("my notes", Files.readString(notes));
      m.save(file);
      byte[] first = Files.readAllBytes(file);
      e = assertThrows(IllegalArgumentException.class, () -> m.save(file, overwrite(false)));
      assertTrue(e.getMessage().contains("overwrite is false"), e.getMessage());
      assertArrayEquals(first, Files.readAllBytes(file));
      m.save(file); // a .keras file is replaced
      e = assertThrows(IllegalArgumentException.class, () -> m.save(tmp.resolve("m.h5")));
      assertTrue(e.getMessage().contains("not the legacy HDF5 format"), e.getMessage());
      assertFalse(Files.exists(tmp.resolve("m.h5")));
    }
  }

  @Test
  void aKerasFileIsChosenByItsSuffixAndAFolderStaysASavedModel(@TempDir Path tmp) throws IOException {
    try (Model m = new Sequential(new Dense(2).inputShape(3))) {
      m.save(tmp.resolve("folder"));
    }
    assertTrue(Files.isRegularFile(tmp.resolve("folder").resolve(SavedModels.CONFIG_FILE)), "a folder is a SavedModel");
    try (Model back = Models.loadModel(tmp.resolve("folder"))) {
      assertEquals(1, back.layers().size());
    }
  }
}
