package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.activations.Activations;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Eager;
import org.jkeras.backend.Gradients;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Shapes;
import org.jkeras.layers.Activation;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.Input;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.Layer;
import org.jkeras.models.Model;
import org.jkeras.optimizers.SGD;
import org.jkeras.saving.Serialization;
import org.jkeras.utils.Json;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Java side of the layer cases (cases/reshaping_layers.py, normalization_layers.py,
 * activation_layers.py, through layer_cases.py). For each run of {@code spec.json}: the layer
 * rebuilt from Keras's {@code get_config()} by the registry, its weights set from {@code
 * NAME_w_I.npy}, then on {@code NAME_x.npy}
 * <ul>
 *   <li>the inference output, and the gradients of {@code sum(y * g)} for the input (unless {@code
 *       "grad_x": false}) and for each weight;
 *   <li>with {@code "training_output"}: the output in training mode (random layers), for the
 *       Python side's statistics;
 *   <li>with {@code "sgd"}: one {@code fit} step of SGD (learning rate {@code sgd}) on the mean
 *       squared error of the flattened output to {@code NAME_t.npy}, the whole batch at once: the
 *       weights after it, the step's loss and {@code evaluate}'s loss after it.
 * </ul>
 * A run with {@code "java_activation": "gelu_approximate"} uses {@code Activation(Activations.gelu(true))}
 * instead of the config (Keras serializes that function as plain "gelu").
 */
public final class LayerParity {
  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    List<Object> runs = (List<Object>) Json.parse(Files.readString(work.resolve("spec.json"), StandardCharsets.UTF_8));
    Map<String, Object> results = new LinkedHashMap<>();
    for (Object o : runs) {
      Map<String, Object> run = (Map<String, Object>) o;
      String name = (String) run.get("name");
      FloatNdArray x = Parity.npy(work, name + "_x.npy");
      Map<String, Object> out = new LinkedHashMap<>();
      Layer layer = layer(run);
      layer.ensureBuilt(Shapes.withBatch(x.shape().tail()));
      List<FloatNdArray> initial = ParityIO.weights(work, name + "_w");
      if (!initial.isEmpty()) {
        layer.setWeights(initial);
      }
      out.put("weights", layer.weights().size());
      forward(work, name, layer, x, false, !Boolean.FALSE.equals(run.get("grad_x")));
      if (Boolean.TRUE.equals(run.get("training_output"))) {
        forward(work, name + "_training", layer, x, true, false);
      }
      if (run.get("sgd") != null) {
        out.putAll(sgdStep(work, name, layer, x, ((Number) run.get("sgd")).doubleValue(), initial));
      }
      results.put(name, out);
    }
    Parity.result(work, results);
  }

  @SuppressWarnings("unchecked")
  private static Layer layer(Map<String, Object> run) {
    if ("gelu_approximate".equals(run.get("java_activation"))) {
      return new Activation(Activations.gelu(true));
    }
    return Serialization.deserialize((Map<String, Object>) run.get("layer"));
  }

  /**
   * Writes {@code NAME_jkeras_y.npy} and, when {@code gradients}, {@code NAME_jkeras_grad_x.npy}
   * (if {@code gradX}) and {@code NAME_jkeras_grad_w_I.npy}: the layer called through a context
   * that reads each weight as a constant, so gradients reach the weights as they reach the input.
   */
  private static void forward(Path work, String name, Layer layer, FloatNdArray x, boolean training, boolean gradX)
      throws Exception {
    List<KerasVariable> weights = layer.weights();
    try (GraphContext graph = new GraphContext()) {
      Ops tf = graph.tf();
      Operand<TFloat32> in = Eager.constant(tf, x);
      Map<KerasVariable, Operand<TFloat32>> values = new IdentityHashMap<>();
      for (KerasVariable w : weights) {
        values.put(w, Eager.constant(tf, w.getValue()));
      }
      CallContext ctx = CallContext.create(tf, training, values::get, tf.constant(0L));
      Operand<TFloat32> y = layer.invoke(ctx, in);
      List<String> parts = new ArrayList<>(List.of("y"));
      List<Output<?>> fetch = new ArrayList<>(List.of(y.asOutput()));
      if (!training) {
        Operand<TFloat32> g = Eager.constant(tf, Parity.npy(work, name + "_g.npy"));
        Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(y, g), tf.range(tf.constant(0), tf.rank(y), tf.constant(1)));
        List<Output<?>> wrt = new ArrayList<>();
        if (gradX) {
          wrt.add(in.asOutput());
          parts.add("grad_x");
        }
        for (int i = 0; i < weights.size(); i++) {
          Operand<TFloat32> w = values.get(weights.get(i));
          // + 0 * sum(w): a weight the output does not use (Normalization's count) gets a zero
          // gradient, as Keras reports, instead of TF's "unreachable" error; the others are unchanged.
          loss = tf.math.add(loss, tf.math.mul(tf.constant(0f), tf.reduceSum(w, tf.range(tf.constant(0), tf.rank(w),
              tf.constant(1)))));
          wrt.add(w.asOutput());
          parts.add("grad_w_" + i);
        }
        if (!wrt.isEmpty()) {
          fetch.addAll(List.of(Gradients.add(graph.graph(), loss.asOutput(), wrt.toArray(new Output<?>[0]))));
        }
      }
      var runner = graph.runner();
      fetch.forEach(runner::fetch);
      try (Result r = runner.run()) {
        for (int i = 0; i < parts.size(); i++) {
          TFloat32 t = (TFloat32) r.get(i);
          FloatNdArray a = NdArrays.ofFloats(t.shape());
          t.copyTo(a);
          Parity.npy(work, name + "_jkeras_" + parts.get(i) + ".npy", a);
        }
      }
    }
  }

  /** One SGD step of a model around the layer: writes {@code NAME_jkeras_stepped_w_I.npy}; returns the losses. */
  private static Map<String, Object> sgdStep(Path work, String name, Layer layer, FloatNdArray x, double lr,
      List<FloatNdArray> initial) throws Exception {
    long[] sample = x.shape().tail().asArray();
    int[] dims = new int[sample.length];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = (int) sample[i];
    }
    KerasTensor input = Input.of(dims);
    Map<String, Object> out = new LinkedHashMap<>();
    try (Model model = new Model(input, new Flatten().apply(layer.apply(input)))) {
      if (!initial.isEmpty()) {
        model.setWeights(initial);
      }
      FloatNdArray t = Parity.npy(work, name + "_t.npy");
      model.compile(new SGD(lr), "mean_squared_error");
      var history = model.fit(x, t, batchSize((int) x.shape().get(0)), epochs(1), shuffle(false), verbose(0));
      out.put("loss", history.get("loss").get(0));
      out.put("evaluate_loss", model.evaluate(x, t, verbose(0)).get("loss"));
      List<FloatNdArray> stepped = model.getWeights();
      for (int i = 0; i < stepped.size(); i++) {
        Parity.npy(work, name + "_jkeras_stepped_w_" + i + ".npy", stepped.get(i));
      }
    }
    return out;
  }
}
