package io.fabstream.inference.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * A small builder for ONNX graphs on the protobuf classes of {@code tribuo-util-onnx}: inputs and
 * outputs with symbolic axes, float initializers from DJL weights, nodes with typed attributes.
 * Names are generated so exporters only say what connects to what.
 */
public final class OnnxGraph {

  /** The opset the exporters target (ReduceMean still takes its axes as an attribute here). */
  public static final int OPSET = 17;

  private final GraphProto.Builder graph;
  private int counter;

  public OnnxGraph(String name) {
    this.graph = GraphProto.newBuilder().setName(name);
  }

  /**
   * Declares a float input.
   *
   * @param dims each a {@link Long} (fixed) or a {@link String} (symbolic, e.g. {@code "batch"})
   */
  public String input(String name, List<Object> dims) {
    graph.addInput(valueInfo(name, dims));
    return name;
  }

  /** Declares a float output produced by node output {@code name}. */
  public void output(String name, List<Object> dims) {
    graph.addOutput(valueInfo(name, dims));
  }

  /** A float tensor of constant weights. */
  public String weights(String name, float[] data, long... dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          name
              + ": "
              + data.length
              + " floats do not fill shape "
              + java.util.Arrays.toString(dims));
    }
    ByteBuffer bytes = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(data);
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT.getNumber())
            .addAllDims(java.util.Arrays.stream(dims).boxed().toList())
            .setRawData(com.google.protobuf.ByteString.copyFrom(bytes.array())));
    return name;
  }

  /** A 1-D int64 constant (shapes, axes, slice bounds). */
  public String longs(String name, long... data) {
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64.getNumber())
            .addDims(data.length)
            .addAllInt64Data(java.util.Arrays.stream(data).boxed().toList()));
    return name;
  }

  /** A node with one output; returns the output's name. */
  public String node(String op, List<String> inputs, Map<String, Object> attributes) {
    return node(op, inputs, 1, attributes).get(0);
  }

  /** A node with {@code outputs} outputs (an empty name skips an optional input). */
  public List<String> node(
      String op, List<String> inputs, int outputs, Map<String, Object> attributes) {
    int id = counter++;
    NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(op + "_" + id);
    node.addAllInput(inputs);
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < outputs; i++) {
      String name = op.toLowerCase(java.util.Locale.ROOT) + "_" + id + (outputs > 1 ? "_" + i : "");
      names.add(name);
      node.addOutput(name);
    }
    // In name order: Map.of iterates in an order salted per JVM, and the same network must give the
    // same file bytes in every process (its SHA-256 is in the manifest).
    new java.util.TreeMap<>(attributes).forEach((k, v) -> node.addAttribute(attribute(k, v)));
    graph.addNode(node);
    return names;
  }

  /** Renames the last node's first output, so a graph output can carry a chosen name. */
  public String nameLastOutput(String name) {
    int last = graph.getNodeCount() - 1;
    NodeProto.Builder node = graph.getNodeBuilder(last);
    node.setOutput(0, name);
    return name;
  }

  /** Op type of the last node added ("" when none). */
  public String lastOp() {
    int n = graph.getNodeCount();
    return n == 0 ? "" : graph.getNode(n - 1).getOpType();
  }

  /** The finished model. */
  public byte[] toBytes(String producerVersion, String doc) {
    ModelProto model =
        ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName("fabstream")
            .setProducerVersion(producerVersion)
            .setDocString(doc)
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setGraph(graph)
            .build();
    return model.toByteArray();
  }

  private static ValueInfoProto valueInfo(String name, List<Object> dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof Number n) {
        dim.setDimValue(n.longValue());
      } else {
        dim.setDimParam(d.toString());
      }
      shape.addDim(dim);
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
        .build();
  }

  private static AttributeProto attribute(String name, Object value) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
    if (value instanceof Integer || value instanceof Long) {
      a.setType(AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
    } else if (value instanceof Float || value instanceof Double) {
      a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) value).floatValue());
    } else if (value instanceof long[] ints) {
      a.setType(AttributeProto.AttributeType.INTS);
      for (long i : ints) {
        a.addInts(i);
      }
    } else if (value instanceof String s) {
      a.setType(AttributeProto.AttributeType.STRING)
          .setS(com.google.protobuf.ByteString.copyFromUtf8(s));
    } else {
      throw new IllegalArgumentException("unsupported ONNX attribute " + name + " = " + value);
    }
    return a.build();
  }
}
