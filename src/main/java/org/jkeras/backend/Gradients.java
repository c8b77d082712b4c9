package org.jkeras.backend;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.internal.c_api.TFJ_GradFuncAdapter;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Input;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.RawCustomGradient;
import org.tensorflow.op.image.ImageProjectiveTransformV3;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * Symbolic gradients, as {@code Graph.addGradients}, with the {@code Relu} and {@code Relu6}
 * gradients reading the activation's output, as Python's {@code _ReluGrad} and {@code _Relu6Grad} do.
 *
 * <p>TF's C++ gradient of {@code Relu} (the one {@code addGradients} uses) builds {@code
 * ReluGrad(dy, x)} on the op's input {@code x}. That second consumer of the pre-activation stops
 * Grappler's remapper from fusing {@code Conv2D + BiasAdd + Relu} (and {@code MatMul + BiasAdd +
 * Relu}) into one oneDNN kernel: every Relu then runs on its own and its input stays alive for the
 * backward pass. Python's gradient uses the output {@code y = relu(x)} instead, and {@code y > 0}
 * exactly where {@code x > 0} (NaN in neither), so {@code ReluGrad(dy, y)} is bit for bit {@code
 * ReluGrad(dy, x)}. After adding the gradients this rewires the feature input of every new {@code
 * ReluGrad} from a Relu's input to that Relu's output ({@code TF_UpdateEdge}).
 *
 * <p>{@code Relu6} likewise: the C++ gradient builds {@code Relu6Grad(dy, x)}, Python's {@code
 * Relu6Grad(dy, relu6(x))}. The kernel passes {@code dy} where {@code 0 < features < 6}, and {@code
 * 0 < relu6(x) < 6} exactly where {@code 0 < x < 6}, so the values are the same bit for bit. Reading
 * the input kept every pre-activation alive until the backward pass: in MobileNetV2 (a
 * BatchNormalization output before each of its 35 ReLU6) a second full-size activation per block
 * held through the step. Measured on its training step at batch 32, 224x224x3 (2 cores): peak RSS
 * 4,791 -> 3,600 MiB (Keras 3,447) and 2,593 -> 1,764 ms per step (Keras 1,877).
 *
 * <p>Two more, for the gradients of BatchNormalization's moments: the difference in the gradient
 * of {@code SquaredDifference} is computed when the incoming gradient exists ({@link
 * #waitForGradient}), and the gradient of {@code Mean} multiplies by the reciprocal of the group
 * size as Keras's optimized step does ({@link #multiplyByReciprocal}).
 */
public final class Gradients {
  private Gradients() {}

  /** The gradient of each op type registered here, which {@link #adapter} dispatches to. */
  private static final Map<String, RawCustomGradient> REGISTERED = new ConcurrentHashMap<>();

  /**
   * The one native callback behind every gradient registered here, dispatching on the op's type.
   * TF-Java's {@code TensorFlow.registerCustomGradient} makes a JavaCPP callback per op type, and
   * JavaCPP serves at most 10 instances of a callback class: the 11th registered (Switch, after
   * the ten that jkeras's layers and losses register) jumped to a null address when called, and
   * the JVM died (SIGSEGV at pc 0 in {@code CustomGradFunc}).
   */
  private static TFJ_GradFuncAdapter adapter;

  /**
   * Registers {@code gradient} for {@code opType} with TF's C++ gradient registry through the shared
   * {@link #adapter}, unless the registry has one (TF refuses to replace it).
   */
  private static synchronized void register(String opType, RawCustomGradient gradient) {
    if (REGISTERED.containsKey(opType) || tensorflow.TFJ_HasGradient(opType)) {
      return; // TF's own stays (on Windows, where TF-Java has no custom gradients, the op keeps none)
    }
    if (adapter == null) {
      adapter = RawCustomGradient.adapter((tf, op, grads) -> REGISTERED.get(op.type()).call(tf, op, grads));
    }
    REGISTERED.put(opType, gradient);
    if (!tensorflow.TFJ_RegisterCustomGradient(opType, adapter)) {
      REGISTERED.remove(opType);
      throw new IllegalStateException("Could not register a gradient for op type " + opType);
    }
  }

  /**
   * Registers the gradient of {@code SparseSoftmaxCrossEntropyWithLogits}, which TF's C++ gradients
   * lack: Python's {@code _SparseSoftmaxCrossEntropyWithLogitsGrad}, the incoming gradient times the
   * op's own {@code backprop} output (softmax minus one-hot), none for the integer labels. Call it
   * before building the op into a graph whose gradients are taken.
   */
  public static synchronized void registerSparseSoftmaxCrossEntropyGradient() {
    register("SparseSoftmaxCrossEntropyWithLogits", (tf, op, grads) -> {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> dLoss = (Operand<TFloat32>) grads.get(0);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> backprop = (Operand<TFloat32>) (Operand<?>) op.output(1);
      List<Operand<?>> out = new ArrayList<>();
      out.add(tf.math.mul(tf.expandDims(dLoss, tf.constant(-1)), tf.stopGradient(backprop)));
      out.add(tf.zerosLike(op.input(1)));
      return out;
    });
  }

  /**
   * Registers the gradient of {@code ImageProjectiveTransformV3}, which TF's C++ gradients lack, as
   * TF's Python registers it (so Keras's RandomRotation, RandomZoom... pass a gradient back to the
   * layer before them): the incoming gradient warped by the inverse transforms into the input's
   * size, with the op's interpolation and fill mode and a fill of zero; none for the transforms
   * (jkeras stops their gradient where they are drawn), the output size or the fill value.
   */
  public static synchronized void registerImageProjectiveTransformGradient() {
    register("ImageProjectiveTransformV3", (tf, op, grads) -> {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> transforms = (Operand<TFloat32>) (Operand<?>) op.input(1);
      // A flat transform (a0 a1 a2 b0 b1 b2 c0 c1) is the 3x3 matrix with a final 1; its inverse,
      // divided by its last entry, flattened back.
      Operand<TInt32> rows = tf.slice(tf.shape(transforms), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
      Operand<TFloat32> ones = tf.fill(tf.concat(List.of(rows, tf.constant(new int[] {1})), tf.constant(0)), tf.constant(1f));
      Operand<TFloat32> matrices = tf.reshape(tf.concat(List.of(transforms, ones), tf.constant(1)), tf.constant(new int[] {-1, 3, 3}));
      Operand<TFloat32> inverse = tf.reshape(tf.linalg.inv(matrices), tf.constant(new int[] {-1, 9}));
      Operand<TFloat32> flat = tf.math.div(
          tf.slice(inverse, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, 8})),
          tf.slice(inverse, tf.constant(new int[] {0, 8}), tf.constant(new int[] {-1, 1})));
      Operand<TInt32> inputSize = tf.slice(tf.shape(op.input(0)), tf.constant(new int[] {1}), tf.constant(new int[] {2}));
      @SuppressWarnings("unchecked")
      Operand<TFloat32> dy = (Operand<TFloat32>) grads.get(0);
      List<Operand<?>> out = new ArrayList<>();
      out.add(tf.image.imageProjectiveTransformV3(dy, flat, inputSize, tf.constant(0f),
          op.attributes().getAttrString("interpolation"),
          ImageProjectiveTransformV3.fillMode(op.attributes().getAttrString("fill_mode"))));
      out.add(tf.zerosLike(op.input(1)));
      out.add(tf.zerosLike(op.input(2)));
      out.add(tf.zerosLike(op.input(3)));
      return out;
    });
  }

  /**
   * Registers the gradients of {@code Switch} and {@code Merge} outside a cond context, which TF's
   * C++ registry lacks, as TF's Python defines them ({@code _SwitchGrad}, {@code _MergeGrad}): a
   * Merge passes its gradient to the input it forwarded ({@code Switch} of the gradient on {@code
   * value_index == i}: the others get dead tensors, so no op of an untaken branch runs backwards
   * either); a Switch merges the gradients of its two outputs (the live one: the gradient of an
   * output nobody read is zeros, of the untaken one dead), none for the predicate. Call it before
   * building a graph whose gradients go through a Switch and Merge (a lazily selected branch).
   */
  public static synchronized void registerSwitchMergeGradients() {
    register("Merge", (tf, op, grads) -> {
      @SuppressWarnings("unchecked")
      Operand<TType> dy = (Operand<TType>) grads.get(0);
      @SuppressWarnings("unchecked")
      Operand<TInt32> taken = (Operand<TInt32>) (Operand<?>) op.output(1);
      List<Operand<?>> out = new ArrayList<>();
      for (int i = 0; i < op.numInputs(); i++) {
        out.add(tf.switchCond(dy, tf.math.equal(taken, tf.constant(i))).outputTrue());
      }
      return out;
    });
    register("Switch", (tf, op, grads) -> {
      @SuppressWarnings("unchecked")
      List<Operand<TType>> both = List.of((Operand<TType>) grads.get(0), (Operand<TType>) grads.get(1));
      List<Operand<?>> out = new ArrayList<>();
      out.add(tf.merge(both).output());
      out.add(tf.zerosLike(op.input(1)));
      return out;
    });
  }

  /**
   * Registers a zero gradient for each input of {@code opType}, for ops that Python's TF declares
   * not differentiable ({@code Round}, the bit shifts, {@code Bincount}) or differentiates in Python
   * only ({@code RGBToHSV}, {@code HSVToRGB}), which TF's C++ registry lacks. {@code addGradients}
   * visits every op between the weights and the loss, even behind a {@code StopGradient}, and fails
   * on an op without a gradient: an image layer using one could not follow a trained layer. The
   * layers that use them stop the gradient first, so zero is what flows, as in Keras.
   */
  public static synchronized void registerZeroGradient(String opType) {
    register(opType, (tf, op, grads) -> {
      List<Operand<?>> out = new ArrayList<>();
      for (int i = 0; i < op.numInputs(); i++) {
        out.add(tf.zerosLike(op.input(i)));
      }
      return out;
    });
  }

  /**
   * {@code graph.addGradients(y, xs)}, each new {@code ReluGrad} ({@code Relu6Grad}) reading its
   * Relu's (Relu6's) output, each SquaredDifference gradient's difference computed once the
   * incoming gradient exists ({@link #waitForGradient}), and each Mean gradient multiplying by the
   * reciprocal of the group size ({@link #multiplyByReciprocal}).
   */
  public static Output<?>[] add(Graph graph, Output<?> y, Output<?>[] xs) {
    Set<String> before = new HashSet<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext();) {
      before.add(it.next().name());
    }
    Output<?>[] grads = graph.addGradients(y, xs);
    if (!canRewire()) {
      return grads; // the C++ gradient as it is: the same values, only the fusion is lost
    }
    List<GraphOperation> added = new ArrayList<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext();) {
      GraphOperation op = it.next();
      if (!before.contains(op.name())) {
        added.add(op);
      }
    }
    Ops tf = Ops.create(graph).withSubScope("gradient_control");
    // the Mean gradients first: a SquaredDifference gradient then finds the tiled product it reads
    for (GraphOperation op : added) {
      if (op.type().equals("Div")) {
        multiplyByReciprocal(graph, tf, op, grads);
      }
    }
    for (GraphOperation op : added) {
      String forward = forwardOf(op.type());
      if (forward != null) {
        readActivationOutput(graph, op, forward);
      } else if (op.type().equals("Sub")) {
        waitForGradient(graph, tf, op, before);
      }
    }
    return grads;
  }

  /**
   * TF's C++ gradient of {@code Mean} divides the whole incoming gradient by the group size,
   * {@code Div(sum_grad, Cast(group_size))}, the size computed from the tensors' shapes when the
   * step runs (jkeras's steps take any batch size). Python's gradient is the same division, but
   * Keras's {@code fit} traces its step for the batch's shape, so Grappler sees the size as a
   * constant and its constant folding turns the division into a product with the reciprocal
   * ({@code ReduceDivToReciprocalMul}): Keras's step multiplies every value by {@code float32(1 /
   * size)} (checked: a {@code tf.function} of the gradient with a static input shape gives {@code x
   * * (1 / n)}'s bits, with a dynamic one or eagerly {@code x / n}'s). Here the same as Keras's
   * step, {@code Mul(sum_grad, Reciprocal(Cast(group_size)))}, and a product instead of a division
   * over each activation-sized gradient (MobileNetV2's step at 224x224: the 105 divisions took 119
   * ms, the products 100). Only that division is rewritten: a floating {@code Div} by a {@code
   * Cast} of the integer {@code Div} of two sizes. When the quotient's numerator is TF's {@code
   * Tile} of the incoming gradient (read by nothing else), the product is taken before the tile,
   * {@code Tile(g * (1 / size))}: the same values, one product per group instead of per element.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void multiplyByReciprocal(Graph graph, Ops tf, GraphOperation div, Output<?>[] grads) {
    if (div.numInputs() != 2 || !(div.input(1).op() instanceof GraphOperation cast) || !cast.type().equals("Cast")
        || !(cast.input(0).op() instanceof GraphOperation size) || !size.type().equals("Div")) {
      return;
    }
    DataType t = div.output(0).dataType();
    if (t != DataType.DT_FLOAT && t != DataType.DT_DOUBLE && t != DataType.DT_HALF && t != DataType.DT_BFLOAT16) {
      return;
    }
    Output<?> quotient = div.output(0);
    Operand reciprocal = tf.math.reciprocal((Operand) div.input(1));
    Output<?> product;
    if (div.input(0).op() instanceof GraphOperation tile && tile.type().equals("Tile") && tile.numConsumers(0) == 1) {
      // Tile(g, m) * c is Tile(g * c, m) value for value: the product over the reduced gradient
      // (one value per group), not over the tiled, activation-sized one
      product = tf.tile(tf.math.mul((Operand) tile.input(0), reciprocal), (Operand) tile.input(1)).asOutput();
    } else {
      product = tf.math.mul((Operand) div.input(0), reciprocal).asOutput();
    }
    readInstead(graph, quotient, product);
    for (int k = 0; k < grads.length; k++) {
      if (quotient.equals(grads[k])) {
        grads[k] = product;
      }
    }
  }

  /**
   * TF's C++ gradient of {@code SquaredDifference(x, y)} computes {@code x - y} from the forward's
   * tensors alone, so TF's executor runs it during the forward pass and keeps the full-size result
   * until the backward pass reaches it: in a BatchNormalization network (its moments use
   * SquaredDifference) one activation-sized tensor per BatchNormalization layer alive at once
   * (815 MiB of MobileNetV2's step at 224x224). Python's gradient computes it under {@code
   * control_dependencies([grad])}. Here the same: TF's gradient is {@code Mul(Mul(2, x - y),
   * grad)}; the first {@code Mul} reads a new {@code Sub} of the same operands with a control
   * dependency on the incoming gradient (on a computing op: Grappler bypasses an Identity that
   * carries one). The same values, computed when they are needed: MobileNetV2's step at 224x224
   * peaks 0.8 GiB lower, under Keras's.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void waitForGradient(Graph graph, Ops tf, GraphOperation sub, Set<String> forward) {
    if (!(sub.input(0).op() instanceof GraphOperation x) || !(sub.input(1).op() instanceof GraphOperation y)
        || !forward.contains(x.name()) || !forward.contains(y.name()) || sub.numConsumers(0) != 1) {
      return; // not a difference of two forward tensors, or read by more than one op
    }
    GraphOperation mul = sub.consumers(0).iterator().next();
    Output<?> difference = sub.output(0);
    if (!mul.type().equals("Mul") || mul.numInputs() != 2) {
      return;
    }
    int at = mul.input(0).equals(difference) ? 0 : 1;
    // TF's gradient: Mul(Mul(2, x - y), grad). Follow the product past constant factors to the
    // factor that comes from the backward pass.
    Output<?> current = difference;
    GraphOperation step = mul;
    Output<?> other = null;
    boolean scalarFactors = true;
    for (int hops = 0; hops < 3 && step.type().equals("Mul") && step.numInputs() == 2; hops++) {
      Output<?> o = step.input(0).equals(current) ? step.input(1) : step.input(0);
      String type = o.op().type();
      if (!type.equals("Cast") && !type.equals("Const")) {
        other = o;
        break;
      }
      scalarFactors &= o.shape().numDimensions() == 0;
      current = step.output(0);
      if (step.numConsumers(0) != 1) {
        return;
      }
      step = step.consumers(0).iterator().next();
    }
    if (other == null || other.equals(difference) || forward.contains(other.op().name())) {
      return; // no factor from the backward pass
    }
    if (scalarFactors) {
      other = readUntiled(graph, tf, step, other);
    }
    Operand<?> gated = tf.withControlDependencies(List.of(tf.identity((Operand) other)))
        .math.sub((Operand) sub.input(0), (Operand) sub.input(1));
    updateEdge(graph, gated.asOutput(), mul, at);
  }

  /**
   * The incoming gradient of a SquaredDifference that a Mean reduces (BatchNormalization's
   * variance) is the Mean's gradient, {@code Tile(g, multiples)}: the per-group values written out
   * to the activation's size, read once by the product {@code Mul(Mul(2, x - y), tile)}, whose
   * other factor has that size already. The product reads {@code g} itself instead and broadcasts
   * it: the same factors for every element, so the same values bit for bit, without the pass that
   * writes the tiled copy (TF's {@code Tile} of MobileNetV2's variances: 52 activation-sized
   * tensors a step). Python's gradient tiles too; this is a saving beyond Keras's step. Returns
   * what the product reads now.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Output<?> readUntiled(Graph graph, Ops tf, GraphOperation product, Output<?> incoming) {
    if (!(incoming.op() instanceof GraphOperation tile) || !tile.type().equals("Tile") || tile.numConsumers(0) != 1
        || !product.type().equals("Mul") || product.numInputs() != 2) {
      return incoming;
    }
    int at = product.input(0).equals(incoming) ? 0 : product.input(1).equals(incoming) ? 1 : -1;
    if (at < 0) {
      return incoming;
    }
    Output<?> g = tile.input(0);
    Output<?> broadcast = (at == 0 ? tf.math.mul((Operand) g, (Operand) product.input(1))
        : tf.math.mul((Operand) product.input(0), (Operand) g)).asOutput();
    readInstead(graph, product.output(0), broadcast);
    return g;
  }

  /** Every op that reads {@code from} reads {@code to} instead. */
  private static void readInstead(Graph graph, Output<?> from, Output<?> to) {
    for (GraphOperation consumer : new ArrayList<>(((GraphOperation) from.op()).consumers(from.index()))) {
      for (int i = 0; i < consumer.numInputs(); i++) {
        if (consumer.input(i).equals(from)) {
          updateEdge(graph, to, consumer, i);
        }
      }
    }
  }

  private static volatile Boolean rewirable;

  /**
   * Whether TF-Java's graph handle can be reached (it can on the class path, as in the CLI, the
   * tests and the notebooks; a module-path application that does not open {@code org.tensorflow}
   * cannot), checked once. Without it the gradients stay as TF builds them.
   */
  private static boolean canRewire() {
    Boolean r = rewirable;
    if (r == null) {
      try {
        Graph.class.getDeclaredMethod("ref").setAccessible(true);
        r = Boolean.TRUE;
      } catch (ReflectiveOperationException | RuntimeException e) {
        r = Boolean.FALSE;
      }
      rewirable = r;
    }
    return r;
  }

  /** The forward activation whose gradient op this is, when the gradient can read its output. */
  private static String forwardOf(String gradientType) {
    switch (gradientType) {
      case "ReluGrad": return "Relu";
      case "Relu6Grad": return "Relu6";
      default: return null;
    }
  }

  private static void readActivationOutput(Graph graph, GraphOperation gradient, String forwardType) {
    Output<?> features = gradient.input(1);
    if (!(features.op() instanceof GraphOperation)) {
      return;
    }
    GraphOperation source = (GraphOperation) features.op();
    for (GraphOperation consumer : source.consumers(features.index())) {
      if (consumer.type().equals(forwardType) && consumer.input(0).equals(features)) {
        updateEdge(graph, consumer, gradient, 1);
        return;
      }
    }
  }

  /** {@code TF_UpdateEdge}: input {@code index} of {@code dst} now reads output 0 of {@code src}. */
  private static void updateEdge(Graph graph, GraphOperation src, GraphOperation dst, int index) {
    updateEdge(graph, src.output(0), dst, index);
  }

  /** {@code TF_UpdateEdge}: input {@code index} of {@code dst} now reads {@code src}. */
  private static void updateEdge(Graph graph, Output<?> src, GraphOperation dst, int index) {
    GraphOperation srcOp = (GraphOperation) src.op();
    try (AutoCloseable ref = graphReference(graph);
        TF_Status status = TF_Status.newStatus();
        TF_Output out = new TF_Output().oper(srcOp.getUnsafeNativeHandle()).index(src.index());
        TF_Input in = new TF_Input().oper(dst.getUnsafeNativeHandle()).index(index)) {
      Method nativeHandle = ref.getClass().getDeclaredMethod("nativeHandle");
      nativeHandle.setAccessible(true);
      tensorflow.TF_UpdateEdge((TF_Graph) nativeHandle.invoke(ref), out, in, status);
      status.throwExceptionIfNotOK();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Could not rewire " + dst.name() + " to read " + srcOp.name(), e);
    }
  }

  /**
   * TF-Java keeps the graph's native handle behind {@code Graph.ref()} (package-private; it holds
   * the graph open while used). Reflection is fine on the class path, where TF-Java and jkeras share
   * the unnamed module.
   */
  private static AutoCloseable graphReference(Graph graph) throws ReflectiveOperationException {
    Method ref = Graph.class.getDeclaredMethod("ref");
    ref.setAccessible(true);
    return (AutoCloseable) ref.invoke(graph);
  }
}
