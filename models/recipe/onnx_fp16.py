"""Store an ONNX model's float weights as fp16 with a Cast back to fp32.

The graph still computes in fp32 (onnxruntime folds the Casts when it loads
the model), but the file is half the size.  The PyTorch weights are rounded
through fp16 before export, so PyTorch and onnxruntime agree exactly on the
weights and the logit fixtures stay within float32 rounding.
"""
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto


def to_fp16_storage(path, min_size=16):
    model = onnx.load(path)
    graph = model.graph
    casts = []
    keep = []
    for init in graph.initializer:
        if init.data_type == TensorProto.FLOAT and np.prod(init.dims) >= min_size:
            arr = numpy_helper.to_array(init).astype(np.float16)
            half = numpy_helper.from_array(arr, init.name + "_fp16")
            keep.append(half)
            casts.append(helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT,
                                          name=init.name + "_cast"))
        else:
            keep.append(init)
    del graph.initializer[:]
    graph.initializer.extend(keep)
    nodes = list(graph.node)
    del graph.node[:]
    graph.node.extend(casts + nodes)
    onnx.checker.check_model(model)
    onnx.save(model, path)
