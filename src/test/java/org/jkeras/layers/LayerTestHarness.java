package org.jkeras.layers;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.jkeras.TestUtil;
import org.jkeras.backend.KerasVariable;
import org.jkeras.models.Model;
import org.jkeras.optimizers.SGD;
import org.jkeras.saving.Serialization;
import org.jkeras.utils.Json;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Keras's {@code run_layer_test} for jkeras: given a layer factory, its input shapes and what to
 * expect, {@link #run()} checks that
 * <ol>
 *   <li>the layer called on symbolic inputs gives the expected output shape, which is also what
 *       {@code computeOutputShapes} says;
 *   <li>once built it has the expected numbers of trainable and non-trainable weights;
 *   <li>a real forward pass (a batch of 3, in inference mode; training mode runs in the training
 *       step) gives that shape;
 *   <li>{@code getConfig} -> the registry's {@code fromConfig} -> {@code getConfig} is the same
 *       config, directly and through JSON text, and the rebuilt layer has weights of the same
 *       shapes;
 *   <li>one training step of a model around the layer (SGD, mean squared error to random targets)
 *       moves every trainable weight, and the non-trainable weights end where a step with learning
 *       rate 0 leaves them: they change only by the layer's own updates (BatchNormalization's
 *       moving statistics), never by the gradient step.
 * </ol>
 * Keras's own training check only runs {@code fit} for one step; the last check here is stricter.
 * Layers of several inputs (the merge layers) train in a model of several inputs. Layers declared
 * with {@link #noTrainingStep(String)} skip the step, and those with {@link
 * #noConfigRoundTrip(String)} (Lambda) the config check, for the reason given.
 */
final class LayerTestHarness {
  private static final int BATCH = 3;

  private final String label;
  private final Supplier<? extends Layer> factory;
  private final List<Shape> inputShapes = new ArrayList<>();
  private Shape expectedOutput;
  private int trainable;
  private int nonTrainable;
  private String noTrainingStep;
  private String noConfigRoundTrip;
  private boolean signedInputs;

  private LayerTestHarness(String label, Supplier<? extends Layer> factory) {
    this.label = label;
    this.factory = factory;
  }

  /** A test of the layers {@code factory} makes (a new one per check). */
  static LayerTestHarness of(String label, Supplier<? extends Layer> factory) {
    return new LayerTestHarness(label, factory);
  }

  /** One input of this per-sample shape (call once per input). */
  LayerTestHarness input(long... sampleShape) {
    inputShapes.add(Shape.of(-1).append(Shape.of(sampleShape)));
    return this;
  }

  LayerTestHarness expectOutput(long... sampleShape) {
    expectedOutput = Shape.of(-1).append(Shape.of(sampleShape));
    return this;
  }

  LayerTestHarness expectWeights(int trainable, int nonTrainable) {
    this.trainable = trainable;
    this.nonTrainable = nonTrainable;
    return this;
  }

  /** Skips the training step, for the reason given. */
  LayerTestHarness noTrainingStep(String reason) {
    this.noTrainingStep = reason;
    return this;
  }

  /** Skips the config round trip (for a layer that refuses to be serialised), for the reason given. */
  LayerTestHarness noConfigRoundTrip(String reason) {
    this.noConfigRoundTrip = reason;
    return this;
  }

  /** Inputs in [-1, 1) rather than [0, 1) (a layer whose weights only see negative inputs, as PReLU's alpha). */
  LayerTestHarness signedInputs() {
    this.signedInputs = true;
    return this;
  }

  @Override
  public String toString() {
    return label;
  }

  /** A new layer of this row (MixedPrecisionLayersTest makes one per policy). */
  Layer newLayer() {
    return factory.get();
  }

  /** The input shapes (batch dimension -1). */
  List<Shape> inputShapes() {
    return inputShapes;
  }

  boolean signed() {
    return signedInputs;
  }

  void run() {
    checkSymbolicCall();
    checkForwardPass();
    if (noConfigRoundTrip == null) {
      checkConfigRoundTrip();
    }
    if (noTrainingStep == null) {
      checkTrainingStep();
    } else {
      assertEquals(0, trainable, label + ": a layer with trainable weights must take the training step");
    }
  }

  private List<KerasTensor> symbolicInputs() {
    List<KerasTensor> in = new ArrayList<>();
    for (Shape s : inputShapes) {
      long[] dims = s.tail().asArray();
      int[] ints = new int[dims.length];
      for (int i = 0; i < dims.length; i++) {
        ints[i] = (int) dims[i];
      }
      in.add(Input.of(ints));
    }
    return in;
  }

  private Model modelAround(Layer layer) {
    List<KerasTensor> in = symbolicInputs();
    return new Model(in, layer.applyAll(in));
  }

  private void checkSymbolicCall() {
    Layer layer = factory.get();
    List<KerasTensor> out = layer.applyAll(symbolicInputs());
    assertEquals(1, out.size(), label + ": outputs");
    assertShape(expectedOutput, out.get(0).shape(), "symbolic output shape");
    List<Shape> computed = layer.computeOutputShapes(inputShapes);
    assertEquals(1, computed.size(), label + ": computeOutputShapes");
    assertShape(expectedOutput, computed.get(0), "computeOutputShapes");
    assertEquals(trainable, layer.trainableWeights().size(), label + ": trainable weights");
    assertEquals(nonTrainable, layer.nonTrainableWeights().size(), label + ": non-trainable weights");
  }

  private void checkForwardPass() {
    Layer layer = factory.get();
    Model model = modelAround(layer);
    List<Shape> batch = new ArrayList<>();
    List<FloatNdArray> xs = new ArrayList<>();
    Random random = new Random(7);
    for (Shape s : inputShapes) {
      Shape concrete = Shape.of(BATCH).append(s.tail());
      batch.add(concrete);
      xs.add(inputArray(concrete, random));
    }
    Shape expected = Shape.of(BATCH).append(expectedOutput.tail());
    assertShape(expected, layer.computeOutputShapes(batch).get(0), "computeOutputShapes of a batch");
    List<FloatNdArray> ys = TestUtil.runModel(model, xs);
    assertShape(expected, ys.get(0).shape(), "output shape of a real run");
  }

  @SuppressWarnings("unchecked")
  private void checkConfigRoundTrip() {
    Layer layer = factory.get();
    layer.applyAll(symbolicInputs());
    Map<String, Object> config = layer.getConfig();
    Layer back = Serialization.deserialize(Serialization.serialize(layer));
    assertEquals(layer.getClass(), back.getClass(), label + ": class from the registry");
    assertEquals(config, back.getConfig(), label + ": getConfig -> fromConfig -> getConfig");
    // Through JSON text, as a saved file carries it (numbers come back as Long and Double).
    String json = Json.write(Serialization.serialize(layer));
    Layer fromJson = Serialization.deserialize((Map<String, Object>) Json.parse(json));
    fromJson.applyAll(symbolicInputs()); // built, as its model builds it: its build_config is written too
    assertEquals(json, Json.write(Serialization.serialize(fromJson)), label + ": config through JSON");
    back.applyAll(symbolicInputs());
    assertEquals(shapes(layer.weights()), shapes(back.weights()), label + ": weight shapes of the rebuilt layer");
    assertEquals(layer.trainableWeights().size(), back.trainableWeights().size(), label + ": trainable weights of the rebuilt layer");
  }

  private void checkTrainingStep() {
    Layer layer = factory.get();
    Model model = modelAround(layer);
    Random random = new Random(11);
    List<FloatNdArray> x = new ArrayList<>();
    for (Shape s : inputShapes) {
      x.add(inputArray(Shape.of(BATCH).append(s.tail()), random));
    }
    FloatNdArray y = randomArray(Shape.of(BATCH).append(expectedOutput.tail()), random);
    List<FloatNdArray> initial = model.getWeights();
    List<FloatNdArray> still = trainOneStep(model, 0.0, x, y);
    model.setWeights(initial);
    List<FloatNdArray> stepped = trainOneStep(model, 0.1, x, y);
    List<KerasVariable> weights = model.weights();
    for (int i = 0; i < weights.size(); i++) {
      KerasVariable w = weights.get(i);
      if (layer.trainableWeights().contains(w)) {
        assertArrayEquals(flat(initial.get(i)), flat(still.get(i)), label + ": " + w.path() + " moved with learning rate 0");
        assertFalse(Arrays.equals(flat(initial.get(i)), flat(stepped.get(i))), label + ": trainable " + w.path() + " did not move");
      } else {
        assertTrue(layer.nonTrainableWeights().contains(w), label + ": " + w.path() + " is neither trainable nor not");
        assertArrayEquals(flat(still.get(i)), flat(stepped.get(i)), label + ": non-trainable " + w.path()
            + " moved with the gradient step");
      }
    }
    model.close();
  }

  private static List<FloatNdArray> trainOneStep(Model model, double learningRate, List<FloatNdArray> x, FloatNdArray y) {
    model.compile(new SGD(learningRate), "mean_squared_error");
    model.fit(x, List.of(y), epochs(1), batchSize(BATCH), shuffle(false), verbose(0));
    return model.getWeights();
  }

  /** Shapes as arrays: TF's {@code Shape.equals} is false for unknown (-1) dimensions. */
  private void assertShape(Shape expected, Shape actual, String what) {
    assertArrayEquals(expected.asArray(), actual.asArray(), label + ": " + what + " " + actual);
  }

  private static List<List<Long>> shapes(List<KerasVariable> weights) {
    List<List<Long>> out = new ArrayList<>();
    for (KerasVariable w : weights) {
      out.add(Arrays.stream(w.shape().asArray()).boxed().toList());
    }
    return out;
  }

  private FloatNdArray inputArray(Shape shape, Random random) {
    FloatNdArray a = randomArray(shape, random);
    if (signedInputs) {
      a.scalars().forEach(v -> v.setFloat(2 * v.getFloat() - 1));
    }
    return a;
  }

  /** Values in [0, 1): images, probabilities and features alike. */
  private static FloatNdArray randomArray(Shape shape, Random random) {
    FloatNdArray a = NdArrays.ofFloats(shape);
    a.scalars().forEach(s -> s.setFloat(random.nextFloat()));
    return a;
  }
}
