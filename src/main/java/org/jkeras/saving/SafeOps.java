package org.jkeras.saving;

import java.util.Map;
import java.util.Set;

/**
 * The op types {@link SavedModelScan} lets a SavedModel run without {@code trusted(true)}: an
 * allow-list, because a deny-list misses the next op that opens a file. It is the op types found in
 * the exports of jkeras ({@code Model.save}, {@code export}: every layer, the preprocessing layers,
 * VGG16) and of Keras 3 ({@code model.export}, {@code tf.saved_model.save}: VGG16, BatchNormalization,
 * Dropout, the preprocessing layers jkeras has), plus the standard math, nn, array, image, random,
 * variable and control-flow families. Every op here computes on tensors and on the variables of the
 * model's own session; none opens a file, a socket or a process.
 *
 * <p>Why the less obvious ones are allowed:
 * <ul>
 *   <li>{@code VarHandleOp}, {@code ReadVariableOp}, {@code AssignVariableOp}, {@code
 *       AssignAdd/SubVariableOp}, {@code VarIsInitializedOp}, {@code DisableCopyOnRead} (TF2) and
 *       {@code VariableV2}, {@code Assign} (TF1, jkeras's exports): variables live in the session
 *       that loads the model; their {@code shared_name} is scoped to that session.
 *   <li>{@code StatefulPartitionedCall}, {@code PartitionedCall}, {@code While}, {@code If},
 *       {@code Case} and their stateless forms: calls into the function library, every function of
 *       which is scanned too. An endless loop is not a host access: the predict time limit stops it.
 *   <li>{@code StringJoin}, {@code StaticRegexFullMatch}, {@code ShardedFilename}, {@code
 *       ShardedFilespec}: string formatting in TF's saver (it builds checkpoint file names; it
 *       opens nothing).
 *   <li>{@code Assert}, {@code CheckNumerics}: fail the run with a message, write nothing.
 *   <li>The random ops keep their state in the session; the optimizer {@code Apply*} ops of TF1
 *       training graphs update the session's variables.
 * </ul>
 *
 * <p>{@code RestoreV2}, {@code SaveV2} and {@code MergeV2Checkpoints} read and write files: they are
 * not here; {@link SavedModelScan} allows them only inside the saver (the restore op the loader
 * feeds with the SavedModel's own {@code variables/variables}, the save path no one runs).
 *
 * <p>Refused, among others: {@code ReadFile}, {@code WriteFile}, {@code MatchingFiles}, {@code
 * Print}/{@code PrintV2} (to a file or a stream), the {@code *Dataset}, {@code Iterator*} and
 * {@code *Reader*} ops, {@code PyFunc}/{@code EagerPyFunc}, the TF1 {@code Save}/{@code Restore}/
 * {@code RestoreSlice}, {@code ImmutableConst} (maps a file), the table initialisers ({@code
 * InitializeTableFromTextFileV2} reads a file), {@code DecodeProtoV2} (its descriptor may name a
 * file), the summary writers, {@code DebugIdentity}, collective, {@code Send}/{@code Recv} and
 * {@code RemoteCall} ops (network), {@code Empty} (uninitialised memory), and any op TF does not
 * ship (custom kernels).
 */
final class SafeOps {
  private SafeOps() {}

  static final Set<String> ALLOWED = Set.of(
      // math
      "Abs", "Acos", "Acosh", "Add", "AddN", "AddV2", "Asin", "Asinh", "Atan", "Atan2", "Atanh", "Ceil",
      "ClipByValue", "Cos", "Cosh", "Cumsum", "Cumprod", "Digamma", "Div", "DivNoNan", "Erf", "Erfc", "Erfinv",
      "Exp", "Expm1", "Floor", "FloorDiv", "FloorMod", "Inv", "IsFinite", "IsInf", "IsNan", "Lgamma", "Log",
      "Log1p", "LogicalAnd", "LogicalNot", "LogicalOr", "Maximum", "Minimum", "Mod", "Mul", "MulNoNan", "Ndtri",
      "Neg", "NextAfter", "Pow", "RealDiv", "Reciprocal", "Rint", "Round", "Rsqrt", "Sign", "Sin", "Sinh", "Sqrt",
      "Square", "SquaredDifference", "Sub", "Tan", "Tanh", "TruncateDiv", "TruncateMod", "Xdivy", "Xlog1py", "Xlogy",
      "Equal", "NotEqual", "Greater", "GreaterEqual", "Less", "LessEqual", "ApproximateEqual", "Select", "SelectV2",
      "BitwiseAnd", "BitwiseOr", "BitwiseXor", "Invert", "LeftShift", "RightShift",
      "Sum", "Mean", "Max", "Min", "Prod", "All", "Any", "ArgMax", "ArgMin", "EuclideanNorm", "SegmentSum",
      "UnsortedSegmentSum", "UnsortedSegmentMax", "UnsortedSegmentMin", "UnsortedSegmentProd", "Bincount",
      // linear algebra
      "MatMul", "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", "Einsum", "Transpose", "ConjugateTranspose",
      "MatrixBandPart", "MatrixDiag", "MatrixDiagPart", "MatrixSetDiag", "MatrixDiagV3", "MatrixDiagPartV3",
      "MatrixSetDiagV3", "Cross", "Cholesky", "MatrixInverse", "MatrixDeterminant", "MatrixSolve", "Qr", "Svd",
      "SelfAdjointEigV2", "MatrixTriangularSolve",
      // nn
      "BiasAdd", "BiasAddV1", "Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Softplus", "Softsign", "Sigmoid",
      "Softmax", "LogSoftmax", "Conv", "Conv2D", "Conv3D", "Conv2DBackpropInput", "Conv3DBackpropInputV2",
      "DepthwiseConv2dNative", "MaxPool", "MaxPoolV2", "MaxPool3D", "AvgPool", "AvgPool3D", "FusedBatchNorm",
      "FusedBatchNormV2", "FusedBatchNormV3", "LRN", "Dilation2D", "TopKV2", "InTopKV2", "L2Loss",
      "SoftmaxCrossEntropyWithLogits", "SparseSoftmaxCrossEntropyWithLogits",
      // gradients (TF1 training graphs)
      "ReluGrad", "Relu6Grad", "EluGrad", "SeluGrad", "LeakyReluGrad", "SoftplusGrad", "SoftsignGrad",
      "SigmoidGrad", "TanhGrad", "RsqrtGrad", "SqrtGrad", "ReciprocalGrad", "BiasAddGrad", "Conv2DBackpropFilter",
      "Conv3DBackpropFilterV2", "DepthwiseConv2dNativeBackpropFilter", "DepthwiseConv2dNativeBackpropInput",
      "MaxPoolGrad", "MaxPoolGradV2", "MaxPoolGradGrad", "AvgPoolGrad", "FusedBatchNormGrad",
      "FusedBatchNormGradV2", "FusedBatchNormGradV3", "ResizeBilinearGrad", "ResizeNearestNeighborGrad",
      "ResizeBicubicGrad", "BroadcastGradientArgs", "StridedSliceGrad", "MirrorPadGrad",
      // arrays
      "Const", "Identity", "IdentityN", "Snapshot", "Placeholder", "PlaceholderWithDefault", "Shape", "ShapeN",
      "Size", "Rank", "Reshape", "Squeeze", "ExpandDims", "StridedSlice", "Slice", "Pack", "Unpack", "Concat",
      "ConcatV2", "ConcatOffset", "Split", "SplitV", "Tile", "Pad", "PadV2", "MirrorPad", "Fill", "ZerosLike",
      "OnesLike", "Range", "LinSpace", "Gather", "GatherV2", "GatherNd", "ScatterNd", "TensorScatterUpdate",
      "TensorScatterAdd", "TensorScatterSub", "TensorScatterMax", "TensorScatterMin", "Where", "Reverse",
      "ReverseV2", "ReverseSequence", "BroadcastTo", "BroadcastArgs", "Cast", "Bitcast", "StopGradient",
      "PreventGradient", "EnsureShape", "CheckNumerics", "CheckNumericsV2", "OneHot", "Unique", "UniqueV2",
      "UniqueWithCounts", "SpaceToDepth", "DepthToSpace", "SpaceToBatchND", "BatchToSpaceND", "DynamicStitch",
      "ParallelDynamicStitch", "DynamicPartition", "InvertPermutation", "Diag", "DiagPart", "Roll", "LowerBound",
      "UpperBound", "ExtractImagePatches", "SparseToDense", "Assert",
      // image
      "ResizeBilinear", "ResizeNearestNeighbor", "ResizeBicubic", "ResizeArea", "ScaleAndTranslate",
      "ImageProjectiveTransformV2", "ImageProjectiveTransformV3", "CropAndResize", "AdjustContrastv2", "AdjustHue",
      "AdjustSaturation", "RGBToHSV", "HSVToRGB", "NonMaxSuppressionV3", "NonMaxSuppressionV4", "NonMaxSuppressionV5",
      // random
      "StatelessRandomUniform", "StatelessRandomUniformV2", "StatelessRandomUniformInt", "StatelessRandomUniformIntV2",
      "StatelessRandomUniformFullInt", "StatelessRandomUniformFullIntV2", "StatelessRandomNormal",
      "StatelessRandomNormalV2", "StatelessTruncatedNormal", "StatelessTruncatedNormalV2",
      "StatelessRandomGetKeyCounter", "StatelessRandomGetKeyCounterAlg", "StatelessRandomGetAlg",
      "StatelessMultinomial", "StatelessRandomBinomial", "RandomUniform", "RandomUniformInt", "RandomStandardNormal",
      "TruncatedNormal", "RandomShuffle", "Multinomial", "StatefulUniform", "StatefulUniformInt",
      "StatefulUniformFullInt", "StatefulStandardNormalV2", "StatefulTruncatedNormal", "RngReadAndSkip", "RngSkip",
      // variables
      "VarHandleOp", "ReadVariableOp", "AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp",
      "VarIsInitializedOp", "ResourceGather", "ResourceScatterAdd", "ResourceScatterUpdate", "DisableCopyOnRead",
      "VariableV2", "Variable", "Assign", "AssignAdd", "AssignSub", "IsVariableInitialized",
      // optimizers (TF1 training graphs)
      "ResourceApplyGradientDescent", "ResourceApplyMomentum", "ResourceApplyKerasMomentum", "ResourceApplyAdam",
      "ResourceApplyAdagrad", "ResourceApplyAdagradV2", "ResourceApplyRMSProp", "ResourceApplyAdadelta",
      "ResourceApplyAdaMax", "ResourceApplyFtrl", "ResourceApplyFtrlV2", "ApplyGradientDescent", "ApplyMomentum",
      "ApplyAdam", "ApplyAdagrad", "ApplyRMSProp",
      // control flow and calls
      "NoOp", "While", "StatelessWhile", "If", "StatelessIf", "Case", "StatelessCase", "PartitionedCall",
      "StatefulPartitionedCall", "Switch", "Merge", "Enter", "Exit", "NextIteration", "LoopCond", "RefSwitch",
      "RefMerge", "RefEnter", "RefExit", "RefNextIteration", "RefIdentity", "ControlTrigger",
      // the saver's string formatting
      "StringJoin", "StaticRegexFullMatch", "ShardedFilename", "ShardedFilespec");

  /** The checkpoint ops: file access that only the saver may hold. */
  static final Set<String> CHECKPOINT = Set.of("RestoreV2", "SaveV2", "MergeV2Checkpoints");

  /**
   * What the loader may run (the restore op and the init op: {@code __saved_model_init_op},
   * {@code saved_model_main_op}, {@code legacy_init_op}, {@code table_initializer}): restoring and
   * initialising variables from constants, nothing else. {@code ZerosLike} builds the empty slice
   * specs of TF-Java's restore.
   */
  static final Set<String> AT_LOAD = Set.of("NoOp", "Const", "Identity", "IdentityN", "Placeholder",
      "PlaceholderWithDefault", "ZerosLike", "Fill", "RestoreV2", "Assign", "AssignVariableOp", "VarHandleOp",
      "VariableV2", "Variable", "PartitionedCall", "StatefulPartitionedCall");

  /** What a well-known refused op does, for the message. */
  static String hint(String op) {
    String known = HINTS.get(op);
    if (known != null) {
      return known;
    }
    if (op.endsWith("Dataset") || op.contains("Iterator") || op.contains("Reader")) {
      return "reads data from outside the model";
    }
    if (op.contains("Summary")) {
      return "writes summary files";
    }
    if (op.startsWith("Collective") || op.contains("Send") || op.contains("Recv")) {
      return "talks to other processes";
    }
    return "not on the allow-list of ops models need";
  }

  private static final Map<String, String> HINTS = Map.ofEntries(
      Map.entry("ReadFile", "reads a file"),
      Map.entry("WriteFile", "writes a file"),
      Map.entry("MatchingFiles", "lists files"),
      Map.entry("Print", "prints to the console"),
      Map.entry("PrintV2", "prints to a file or the console"),
      Map.entry("PyFunc", "runs Python code"),
      Map.entry("PyFuncStateless", "runs Python code"),
      Map.entry("EagerPyFunc", "runs Python code"),
      Map.entry("Save", "writes a checkpoint"),
      Map.entry("SaveSlices", "writes a checkpoint"),
      Map.entry("Restore", "reads a checkpoint"),
      Map.entry("RestoreSlice", "reads a checkpoint"),
      Map.entry("ImmutableConst", "maps a file into memory"),
      Map.entry("InitializeTableFromTextFile", "reads a file"),
      Map.entry("InitializeTableFromTextFileV2", "reads a file"),
      Map.entry("DecodeProtoV2", "may read a descriptor file"),
      Map.entry("RemoteCall", "calls another process"),
      Map.entry("DebugIdentity", "sends tensors to a debugger"));
}
