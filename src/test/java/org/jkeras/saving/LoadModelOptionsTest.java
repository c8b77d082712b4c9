package org.jkeras.saving;

import static org.jkeras.Kwargs.customObjects;
import static org.jkeras.Kwargs.safeMode;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.Layer;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.models.Sequential;
import org.jkeras.saving.serialization.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** {@code Models.loadModel}'s options as Keras's {@code load_model}: customObjects, safeMode; classes jkeras lacks. */
class LoadModelOptionsTest {

  /** A user's layer that jkeras does not know until it is given. */
  public static final class Doubler extends Layer {
    @Override
    protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
      return ctx.tf().math.mul(x, ctx.tf().constant(2f));
    }

    public static Doubler fromConfig(Map<String, Object> config) {
      return withBaseConfig(new Doubler(), Config.of("Doubler", config));
    }
  }

  /** A layer class that declares, as Keras's Lambda, that its config carries code to run. */
  public static final class RunsCode extends Layer {
    private final String code;

    public RunsCode(String code) {
      this.code = code;
    }

    @Override
    protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
      return x;
    }

    @Override
    public Map<String, Object> getConfig() {
      Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
      c.put("function", code);
      return c;
    }

    public static RunsCode fromConfig(Map<String, Object> config) {
      Config c = Config.of("RunsCode", config);
      return withBaseConfig(new RunsCode(c.getString("function")), c);
    }
  }

  private static FloatNdArray ones() {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(2, 3, 2));
    x.scalars().forEach(s -> s.setFloat(1f));
    return x;
  }

  private static Path saveWith(Path tmp, Layer custom, FloatNdArray[] prediction) throws IOException {
    Path file = tmp.resolve("custom.keras");
    custom.inputShape(3, 2);
    try (Sequential m = new Sequential(custom, new Flatten(), new Dense(1))) {
      prediction[0] = m.predict(ones(), verbose(0));
      m.save(file);
    }
    return file;
  }

  @Test
  void aLayerClassJkerasLacksIsOneErrorNamingTheClassAndTheLayer(@TempDir Path tmp) throws IOException {
    Path file = saveWith(tmp, new Doubler().name("times_two"), new FloatNdArray[1]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(file));
    String m = e.getMessage();
    assertTrue(m.startsWith(file.toAbsolutePath() + ": config.json does not describe a model jkeras can build"), m);
    assertTrue(m.contains("Could not locate class 'Doubler' of layer 'times_two' (Doubler)"), m);
    assertTrue(m.contains("customObjects(Map.of(\"Doubler\", Doubler::fromConfig))") && m.contains("Nothing was loaded."), m);
    assertFalse(m.contains("\n"), "one line");
  }

  @Test
  void customObjectsBuildTheUsersClassesForThatLoadOnly(@TempDir Path tmp) throws IOException {
    FloatNdArray[] before = new FloatNdArray[1];
    Path file = saveWith(tmp, new Doubler(), before);
    try (Model m = Models.loadModel(file, customObjects(Map.of("Doubler", Doubler::fromConfig)))) {
      assertEquals("Doubler", m.layers().get(0).className());
      assertArrayEquals(flat(before[0]), flat(m.predict(ones(), verbose(0))));
    }
    assertThrows(IllegalArgumentException.class, () -> Models.loadModel(file), "the custom objects were for that load only");
  }

  @Test
  void safeModeRefusesAClassDeclaredUnsafeUnlessTurnedOff(@TempDir Path tmp) throws IOException {
    Serialization.registerUnsafe("RunsCode", RunsCode::fromConfig);
    Path file = saveWith(tmp, new RunsCode("lambda x: x").name("code"), new FloatNdArray[1]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(file));
    assertTrue(e.getMessage().contains("Requested the deserialization of layer 'code' (RunsCode), whose config carries code")
        && e.getMessage().contains("safeMode(false)"), e.getMessage());
    try (Model m = Models.loadModel(file, safeMode(false))) {
      assertEquals("RunsCode", m.layers().get(0).className());
    }
    // Outside loadModel safe mode is on too, and a scope can turn it off.
    RunsCode layer = new RunsCode("x");
    assertThrows(IllegalArgumentException.class, () -> Serialization.deserialize(Serialization.serialize(layer)));
    try (SerializationScope scope = SerializationScope.open(Map.of(), false)) {
      assertEquals("RunsCode", Serialization.deserialize(Serialization.serialize(layer)).className());
    }
  }

  @Test
  void aUsersClassIsWrittenAsACustomObjectPythonFindsByName() {
    Map<String, Object> m = Serialization.serialize(new Doubler());
    assertEquals("Doubler", m.get("registered_name"), "Keras looks custom objects up by registered_name");
    assertEquals(Doubler.class.getPackageName(), m.get("module"));
    Map<String, Object> dense = Serialization.serialize(new Dense(2));
    assertEquals("keras.layers", dense.get("module"));
    assertTrue(dense.containsKey("registered_name") && dense.get("registered_name") == null);
  }
}
