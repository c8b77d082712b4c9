package org.jkeras.layers;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.op.nn.Conv3dBackpropFilter;
import org.tensorflow.op.nn.Conv3dBackpropInput;
import org.tensorflow.types.TFloat32;

/**
 * The gradient of TF's {@code Conv3D} op, which TF's C++ gradients (those {@code
 * Graph.addGradients} uses) lack: Python's {@code _Conv3DGrad}, {@code Conv3DBackpropInputV2} for
 * the input and {@code Conv3DBackpropFilterV2} for the kernel, with the op's strides, padding,
 * data format and dilations.
 */
final class Conv3DGradient {
  private Conv3DGradient() {}

  private static boolean registered;

  /** Registers the gradient once; call before building a {@code Conv3D} op whose gradient is taken. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static synchronized void register() {
    if (registered) {
      return;
    }
    TensorFlow.registerCustomGradient(Conv3d.Inputs.class, (tf, op, grads) -> {
      Conv3d.Inputs<TFloat32> in = (Conv3d.Inputs<TFloat32>) op;
      Operand<TFloat32> dy = (Operand<TFloat32>) grads.get(0);
      List<Long> strides = list(in.strides);
      Conv3dBackpropInput.Options[] inputOptions = {Conv3dBackpropInput.dataFormat(in.dataFormat),
          Conv3dBackpropInput.dilations(list(in.dilations))};
      Conv3dBackpropFilter.Options[] filterOptions = {Conv3dBackpropFilter.dataFormat(in.dataFormat),
          Conv3dBackpropFilter.dilations(list(in.dilations))};
      Operand<TFloat32> dx = tf.nn.conv3dBackpropInput(tf.shape(in.input), in.filter, dy, strides, in.padding, inputOptions);
      Operand<TFloat32> dk = tf.nn.conv3dBackpropFilter(in.input, tf.shape(in.filter), dy, strides, in.padding, filterOptions);
      return List.of(dx, dk);
    });
    registered = true;
  }

  private static List<Long> list(long[] values) {
    return Arrays.stream(values).boxed().toList();
  }
}
