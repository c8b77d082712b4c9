"""Writes the hostile HDF5 weight files of HostileWeightFilesTest (run once; the files are committed).

Run with the project's reference environment:  /work/main/.venv/bin/python make_fixtures.py
Every file targets the test's model (WeightLoadingTest.small(4)): Conv2D `block1_conv1` (kernel
3x3x3x4, bias 4) and Dense `fc` (kernel 64x2, bias 2), in Keras 3's `.weights.h5` layout
(layers/conv2d/vars/0 ...) and in Keras 2's legacy `.h5` layout (layer_names, weight_names).
Each case spoils one thing and nothing else; `good` is the untouched file.
"""
import os
import struct

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

VALUES = {
    "conv_kernel": (np.arange(108, dtype="f4") / 100).reshape(3, 3, 3, 4),
    "conv_bias": np.arange(4, dtype="f4") / 10,
    "fc_kernel": (np.arange(128, dtype="f4") / 1000).reshape(64, 2),
    "fc_bias": np.array([0.5, -0.5], dtype="f4"),
}
# Where each weight lives in each layout: (layer group, dataset path inside it).
KERAS3 = {"conv_kernel": ("layers/conv2d/vars", "0"), "conv_bias": ("layers/conv2d/vars", "1"),
          "fc_kernel": ("layers/dense/vars", "0"), "fc_bias": ("layers/dense/vars", "1")}
LEGACY = {"conv_kernel": ("block1_conv1", "block1_conv1/kernel:0"), "conv_bias": ("block1_conv1", "block1_conv1/bias:0"),
          "fc_kernel": ("fc", "fc/kernel:0"), "fc_bias": ("fc", "fc/bias:0")}
HUGE = (22000, 22000)  # 1.9 GB of float32 each, declared: chunked, one 16x16 chunk written


def put_huge(f, path):
    """jHDF reads such a dataset whole (1.9 GB, the rest fill value); with no chunk at all it returns no array."""
    f.create_dataset(path, shape=HUGE, dtype="f4", chunks=(16, 16))[0, 0] = 1


def write(name, layout, spoil=None, layer_link=None, extra=None):
    """One file; `spoil` = {weight: fn(f, absolute_path)} replaces a weight's dataset."""
    spoil = spoil or {}
    where = KERAS3 if layout == "keras3" else LEGACY
    path = os.path.join(HERE, name + (".weights.h5" if layout == "keras3" else ".h5"))
    with h5py.File(path, "w") as f:
        if layout == "keras3":
            f.create_group("vars")
            for key, layer in [("input_layer", "input_layer"), ("conv2d", "block1_conv1"),
                               ("max_pooling2d", "block1_pool"), ("flatten", "flatten"), ("dense", "fc")]:
                if layer_link and key == layer_link[0]:
                    continue
                f.create_group("layers/" + key + "/vars").attrs["name"] = layer
        else:
            layers = ["block1_conv1", "block1_pool", "flatten", "fc"] + list(extra or [])
            f.attrs["layer_names"] = np.array([n.encode() for n in layers])
            f.attrs["backend"] = b"tensorflow"
            f.attrs["keras_version"] = b"2.15.0"
            for layer in layers:
                if layer_link and layer == layer_link[0]:
                    continue
                names = [w for w, (g, _) in where.items() if g == layer]
                f.create_group(layer).attrs["weight_names"] = np.array([where[w][1].encode() for w in names])
            for layer in extra or []:
                put_huge(f, layer + "/" + layer + "/kernel:0")
                f[layer].attrs["weight_names"] = np.array([(layer + "/kernel:0").encode()])
        for w, (group, ds) in where.items():
            if layer_link and group.split("/")[-2 if layout == "keras3" else 0] == layer_link[0]:
                continue
            full = group + "/" + ds
            if w in spoil:
                spoil[w](f, "/" + full)
            else:
                f[full] = VALUES[w]
        if layer_link:
            layer, target = layer_link
            f[("layers/" if layout == "keras3" else "") + layer] = h5py.SoftLink(target)
    return path


def both(name, **kw):
    write(name, "keras3", **kw)
    write(name, "legacy", **kw)


def chain(n):
    """A chain of n soft links ending at a real kernel: h5py (HDF5) follows at most 16 per lookup."""
    def make(f, path):
        for i in range(1, n):
            f["chain/%d" % i] = h5py.SoftLink("/chain/%d" % (i + 1))
        f["chain/%d" % n] = h5py.SoftLink("/chain/target")
        f["chain/target"] = VALUES["conv_kernel"]
        f[path] = h5py.SoftLink("/chain/1")
    return make


def unwritten(f, path):
    f.create_dataset(path, shape=(3, 3, 3, 4), dtype="f4")  # contiguous, never written: no storage


def partial_chunks(f, path):
    d = f.create_dataset(path, shape=(3, 3, 3, 4), dtype="f4", chunks=(1, 3, 3, 4))
    d[0] = VALUES["conv_kernel"][0]  # chunks 1 and 2 were never written


def external_storage(f, path):
    """Raw data kept in another file (HDF5's external storage): the loader must not open it."""
    f.create_dataset(path, shape=(3, 3, 3, 4), dtype="f4", external=[("secret.raw", 0, 432)])


def virtual(f, path):
    """A virtual dataset mapping secret.h5's kernel: the loader must not open it."""
    layout = h5py.VirtualLayout(shape=(3, 3, 3, 4), dtype="f4")
    layout[...] = h5py.VirtualSource("secret.h5", "kernel", shape=(3, 3, 3, 4))
    f.create_virtual_dataset(path, layout)


def nan_kernel(f, path):
    k = VALUES["conv_kernel"].copy()
    k[0, 0, 0, 0] = np.nan
    k[1, 1, 1, 1] = np.nan
    f[path] = k


def truncate_storage(path, weight_path):
    """Points the kernel's contiguous storage 100 bytes before the end of the file: its declared 432 bytes run past it."""
    with h5py.File(path, "r") as f:
        d = f[weight_path]
        offset, size = d.id.get_offset(), d.id.get_storage_size()
    data = bytearray(open(path, "rb").read())
    old = struct.pack("<QQ", offset, size)
    assert data.count(old) == 1, "the layout message of " + weight_path + " is not unique"
    at = data.index(old)
    data[at:at + 16] = struct.pack("<QQ", len(data) - 100, size)
    open(path, "wb").write(bytes(data))


def main():
    with h5py.File(os.path.join(HERE, "secret.h5"), "w") as f:
        f["kernel"] = np.full((3, 3, 3, 4), 7, dtype="f4")  # what an external link would smuggle in
    np.full((3, 3, 3, 4), 7, dtype="f4").tofile(os.path.join(HERE, "secret.raw"))
    both("good")
    # Not hostile: chunked storage (edge chunks padded, 3 = 2 + 1) is how h5py stores a dataset given chunks=.
    both("chunked", spoil={"conv_kernel": lambda f, p: f.create_dataset(p, data=VALUES["conv_kernel"], chunks=(2, 2, 2, 4))})
    both("short_link_chain", spoil={"conv_kernel": chain(3)})
    both("long_link_chain", spoil={"conv_kernel": chain(20)})
    both("self_link", spoil={"conv_kernel": lambda f, p: f.__setitem__(p, h5py.SoftLink(p))})
    both("parent_link", spoil={"conv_bias": lambda f, p: f.__setitem__(p, h5py.SoftLink(p.rsplit("/", 1)[0]))})
    write("path_loop", "keras3", layer_link=("conv2d", "/layers/conv2d/vars"))
    write("path_loop", "legacy", layer_link=("block1_conv1", "/block1_conv1/block1_conv1"))
    both("external_link", spoil={"conv_kernel": lambda f, p: f.__setitem__(p, h5py.ExternalLink("secret.h5", "/kernel"))})
    both("external_storage", spoil={"conv_kernel": external_storage})
    both("virtual", spoil={"conv_kernel": virtual})
    both("huge", spoil={w: put_huge for w in VALUES})
    write("huge_extra_layers", "legacy", extra=["huge_%d" % i for i in range(4)])
    both("wrong_shape", spoil={"conv_kernel": lambda f, p: f.__setitem__(p, np.zeros((3, 3, 3, 8), "f4"))})
    both("int_dtype", spoil={"conv_kernel": lambda f, p: f.__setitem__(p, np.ones((3, 3, 3, 4), "i4"))})
    both("string_dtype", spoil={"conv_kernel": lambda f, p: f.__setitem__(p, np.full((3, 3, 3, 4), b"0.5"))})
    both("nan", spoil={"conv_kernel": nan_kernel})
    both("inf", spoil={"fc_bias": lambda f, p: f.__setitem__(p, np.array([np.inf, -np.inf], "f4"))})
    both("unwritten", spoil={"conv_kernel": unwritten})
    both("partial_chunks", spoil={"conv_kernel": partial_chunks})
    both("gzip", spoil={"conv_kernel": lambda f, p: f.create_dataset(p, data=VALUES["conv_kernel"], compression="gzip")})
    truncate_storage(write("truncated_storage", "keras3"), "layers/conv2d/vars/0")
    truncate_storage(write("truncated_storage", "legacy"), "block1_conv1/block1_conv1/kernel:0")
    path = write("newline_names", "keras3")  # names are the file's to choose: an error must stay one line
    with h5py.File(path, "a") as f:
        f["layers/conv2d/vars/evil\nname"] = np.zeros(4, "f4")
    path = write("newline_names", "legacy")
    with h5py.File(path, "a") as f:
        f.attrs["layer_names"] = np.array(list(f.attrs["layer_names"]) + [b"evil\nlayer"])
        f.create_group("evil\nlayer").attrs["weight_names"] = np.array([b"kernel:0"])
        f["evil\nlayer/kernel:0"] = np.zeros(4, "f4")
    path = write("bad_attribute", "legacy")
    with h5py.File(path, "a") as f:
        f["block1_conv1"].attrs["weight_names"] = np.array([1, 2], "i4")


if __name__ == "__main__":
    main()
