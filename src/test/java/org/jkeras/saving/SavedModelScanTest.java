package org.jkeras.saving;

import static org.jkeras.Kwargs.trusted;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.jkeras.applications.VGG16;
import org.jkeras.data.SyntheticImages;
import org.jkeras.layers.Activation;
import org.jkeras.layers.AveragePooling2D;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Dropout;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.MaxPooling2D;
import org.jkeras.layers.preprocessing.RandomBrightness;
import org.jkeras.layers.preprocessing.RandomContrast;
import org.jkeras.layers.preprocessing.RandomCrop;
import org.jkeras.layers.preprocessing.RandomFlip;
import org.jkeras.layers.preprocessing.RandomRotation;
import org.jkeras.layers.preprocessing.RandomTranslation;
import org.jkeras.layers.preprocessing.RandomZoom;
import org.jkeras.layers.preprocessing.Rescaling;
import org.jkeras.layers.preprocessing.Resizing;
import org.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The scan of untrusted SavedModels ({@link SavedModelScan}) and how {@link ServingModel} obeys it,
 * on real hostile models written with TF-Java (Python-written ones: the parity case
 * untrusted_savedmodel). Every file a model touches is in the test's temporary folder.
 */
class SavedModelScanTest {

  @Test
  void jkerasExportsWithEveryLayerPassAndServeUntrusted(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("layers");
    SyntheticImages.Images images = SyntheticImages.generate(3, 32, 32, 4);
    FloatNdArray expected;
    try (Sequential m = new Sequential(new RandomFlip().inputShape(32, 32, 3), new RandomRotation(0.1), new RandomZoom(0.1),
        new RandomTranslation(0.1, 0.1), new RandomContrast(0.1), new RandomBrightness(0.1), new RandomCrop(28, 28),
        new Rescaling(1.0 / 255), new Resizing(24, 24), new Conv2D(4, 3), new BatchNormalization(), new Activation("relu"),
        new MaxPooling2D(2), new AveragePooling2D(2), new Flatten(), new Dropout(0.3), new Dense(2).activation("softmax"))) {
      m.compile("adam", "categorical_crossentropy", "accuracy");
      expected = m.predict(images.x(), verbose(0));
      m.save(dir);
    }
    SavedModelScan scan = SavedModelScan.scan(dir);
    assertTrue(scan.safe(), scan.verdict());
    assertEquals("safe", scan.verdict());
    try (ServingModel served = ServingModel.load(dir)) {
      assertArrayEquals(flat(expected), flat(served.predict(images.x())), 1e-5f);
    }
    Path vgg = tmp.resolve("vgg16");
    try (VGG16 m = new VGG16(null, false, 32, 32, 3)) {
      m.export(vgg);
    }
    assertEquals("safe", SavedModelScan.scan(vgg).verdict());
  }

  @Test
  void aServingSignatureThatReadsListsAndWritesIsRefusedBeforeAnyOfItRuns(@TempDir Path tmp) throws IOException {
    Path secret = Files.writeString(tmp.resolve("secret.txt"), "top secret"); // 10 bytes
    Path listed = Files.createDirectories(tmp.resolve("listed"));
    Files.writeString(listed.resolve("a.txt"), "a");
    Files.writeString(listed.resolve("b.txt"), "b");
    Path written = tmp.resolve("written.txt");
    Path dir = tmp.resolve("hostile");
    HostileModels.readsListsAndWrites(dir, secret, listed, written);

    SecurityException e = assertThrows(SecurityException.class, () -> ServingModel.load(dir));
    String m = e.getMessage();
    assertTrue(m.contains(dir.resolve("saved_model.pb").toString()) && m.contains("ReadFile (reads a file")
        && m.contains("WriteFile (writes a file") && m.contains("MatchingFiles (lists files") && m.contains("node `")
        && m.contains("trusted(true)"), m);
    assertFalse(m.contains("\n"), "one line");
    assertFalse(Files.exists(written), "nothing of the graph ran");
    List<String> ops = SavedModelScan.scan(dir).findings().stream().map(SavedModelScan.Finding::op).toList();
    assertTrue(ops.containsAll(List.of("ReadFile", "WriteFile", "MatchingFiles")), ops.toString());

    // Trusted, it is the program it claims to be: it read the secret, listed the folder and wrote.
    try (ServingModel served = ServingModel.load(dir, trusted(true))) {
      FloatNdArray y = served.predict(NdArrays.ofFloats(Shape.of(1, 8, 8, 3)));
      assertEquals(10 + 2, y.getFloat(0, 0), 0f);
    }
    assertEquals("written by the model", Files.readString(written));
  }

  @Test
  void aMainOpThatWritesWhenTheModelLoadsIsRefusedAndRunsOnlyWhenTrusted(@TempDir Path tmp) throws IOException {
    Path written = tmp.resolve("at_load.txt");
    Path dir = tmp.resolve("mainop");
    HostileModels.writesAtLoad(dir, written);
    SecurityException e = assertThrows(SecurityException.class, () -> ServingModel.load(dir));
    assertTrue(e.getMessage().contains("WriteFile") && e.getMessage().contains("tampered/write"), e.getMessage());
    assertFalse(Files.exists(written));
    try (ServingModel served = ServingModel.load(dir, trusted(true))) {
      assertTrue(Files.exists(written), "TF's loader ran the main_op");
    }
  }

  @Test
  void checkpointOpsAndComputationsAreAllowedOnlyWhereTheLoaderPutsThem(@TempDir Path tmp) throws IOException {
    Path base = tmp.resolve("base");
    try (Sequential m = new Sequential(new Dense(2).inputShape(3))) {
      m.save(base);
    }
    assertTrue(SavedModelScan.scan(base).safe());
    // The serving output needs the restore: RestoreV2 would run at every predict.
    assertFound(tampered(base, tmp.resolve("a"), g -> HostileModels.node(g, "output_0").addInput("^save/Restore")),
        "RestoreV2", "reads a checkpoint other than the loader's restore");
    // The restore reads another prefix than the one the loader feeds.
    Path elsewhere = tmp.resolve("elsewhere");
    assertFound(tampered(base, tmp.resolve("b"), g -> {
      g.getGraphDefBuilder().addNode(HostileModels.node(g, "save/Const").clone().setName("elsewhere")
          .putAttr("value", stringTensor(elsewhere.toString())));
      HostileModels.node(g, "save/Restore").setInput(0, "elsewhere");
    }), "RestoreV2", "reads a checkpoint other than");
    // The saver_def names the serving output as its restore op: what a signature runs is still the model's.
    assertFound(tampered(base, tmp.resolve("e"), g -> {
      g.getSaverDefBuilder().setRestoreOpName("output_0");
      for (String n : List.of("save/restore_all", "save/Assign", "save/Assign_1")) {
        g.getGraphDefBuilder().removeNode(nodeIndex(g, n));
      }
      HostileModels.node(g, "output_0").addInput("^save/Restore");
    }), "RestoreV2", "reads a checkpoint other than");
    // The serving output needs the save: SaveV2 would write at every predict.
    assertFound(tampered(base, tmp.resolve("c"), g -> HostileModels.node(g, "output_0").addInput("^save/Save")),
        "SaveV2", "writes a checkpoint outside the saver");
    // An init op that computes (here the model itself) does more than restore variables.
    assertFound(tampered(base, tmp.resolve("d"), g -> g.putCollectionDef("legacy_init_op",
        CollectionDef.newBuilder().setNodeList(CollectionDef.NodeList.newBuilder().addValue("output_0")).build())),
        "MatMul", "runs when the model loads");
    // A chunked graph beside the scanned one: TF might load it instead.
    Path chunked = tampered(base, tmp.resolve("f"), g -> { });
    Files.write(chunked.resolve("saved_model.cpb"), new byte[] {1, 2, 3});
    assertFound(chunked, "saved_model.cpb", "cannot scan");
  }

  @Test
  void anEndlessLoopPassesTheScanAndStopsAtTheTimeLimit(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("loop");
    HostileModels.loopsForever(dir);
    assertTrue(SavedModelScan.scan(dir).safe(), "a loop is no host access");
    try (ServingModel served = ServingModel.load(dir, ServingModel.timeout(Duration.ofSeconds(1)))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> served.predict(NdArrays.ofFloats(Shape.of(1, 8, 8, 3))));
      assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("did not finish predicting within 1 s"), e.getMessage());
    }
    var bad = assertThrows(IllegalArgumentException.class, () -> ServingModel.timeout(Duration.ZERO));
    assertTrue(bad.getMessage().contains("Received: timeout=PT0S"), bad.getMessage());
  }

  private static void assertFound(Path dir, String op, String reason) throws IOException {
    SavedModelScan scan = SavedModelScan.scan(dir);
    assertTrue(scan.findings().stream().anyMatch(f -> f.op().equals(op) && f.reason().contains(reason)), scan.verdict());
    SecurityException e = assertThrows(SecurityException.class, () -> ServingModel.load(dir));
    assertTrue(e.getMessage().contains(op), e.getMessage());
  }

  /** A copy of {@code base} at {@code dir} with its meta graph changed. */
  private static Path tampered(Path base, Path dir, Consumer<MetaGraphDef.Builder> change) throws IOException {
    try (var files = Files.walk(base)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(base.relativize(f).toString()));
      }
    }
    HostileModels.edit(dir, change);
    return dir;
  }

  private static int nodeIndex(MetaGraphDef.Builder g, String name) {
    for (int i = 0; i < g.getGraphDef().getNodeCount(); i++) {
      if (g.getGraphDef().getNode(i).getName().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(name);
  }

  private static AttrValue stringTensor(String s) {
    return AttrValue.newBuilder().setTensor(TensorProto.newBuilder().setDtype(DataType.DT_STRING)
        .setTensorShape(TensorShapeProto.getDefaultInstance()).addStringVal(ByteString.copyFromUtf8(s))).build();
  }
}
