"""Arrays between the indexer and its CPU helper processes through shared memory.

A helper's decoded inputs (about 5 MB an ordinary photo) and the network outputs it extracts
regions from (about 13 MB) would otherwise be pickled through one pipe shared by every helper,
which on a 16-core GPU machine carried less than the networks make: measured on an H100, the
helpers then indexed 30 images/s against 46 for threads. Here each image in flight borrows one
fixed block of shared memory (a *slot*); its arrays are copied into it once (from the GPU straight
into it) and read there in place, and only their places travel through the pipe.

`pack` copies every array in an object (lists, tuples, dicts and dataclasses of numpy arrays and
torch tensors, on any device) into a slot and returns the object with `Placed` markers instead;
`unpack` puts views of the slot back. An object that does not fit is not packed (None): the
caller sends it as it is, slower but the same. The segments are made from copies, so a slot can
be reused once its image's result is back. Python's resource tracker unlinks the blocks if the
indexing process is killed.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from multiprocessing import shared_memory
from typing import Any

import numpy as np

ALIGN = 64
SLOT_BYTES = 32 << 20  # an ordinary photo's inputs or outputs take 5-15 MB, a rare one more (it travels pickled)


@dataclass(frozen=True)
class Placed:
    """Where one array lies in a slot."""

    offset: int
    shape: tuple[int, ...]
    dtype: str
    torch: bool  # a torch tensor (on the CPU when unpacked), else a numpy array


class Slots:
    """`count` shared-memory blocks of `size` bytes, each lent to one image in flight."""

    def __init__(self, count: int, size: int = SLOT_BYTES):
        self.blocks = [shared_memory.SharedMemory(create=True, size=size) for _ in range(count)]
        self.names = [b.name for b in self.blocks]  # what a helper opens a block by
        self.free = list(range(count))
        self.pinned: list[int] = []  # the addresses registered with CUDA (`pin`)

    def pin(self) -> bool:
        """Register the blocks with CUDA as page-locked host memory (in this process), so that
        the copies between them and the GPU go straight by DMA, not through a staging buffer, and
        the inputs' copies to the GPU need not wait: a photo's outputs (about 13 MB) and inputs
        (about 4 MB) cross in every slot. False, leaving them as they were, where CUDA refuses."""
        import torch

        cudart = torch.cuda.cudart()
        for block in self.blocks:
            array = np.frombuffer(self._buf(block), np.uint8)
            address = array.ctypes.data
            del array  # no export left open: the block can still be closed
            if int(cudart.cudaHostRegister(address, block.size, 0)) != 0:
                self.unpin()
                return False
            self.pinned.append(address)
        return True

    def unpin(self) -> None:
        import torch

        cudart = torch.cuda.cudart()
        for address in self.pinned:
            cudart.cudaHostUnregister(address)
        self.pinned = []

    @staticmethod
    def _buf(block: shared_memory.SharedMemory) -> memoryview:
        buf = block.buf
        assert buf is not None
        return buf

    @staticmethod
    def fit(count: int, size: int = SLOT_BYTES, path: str = "/dev/shm") -> bool:
        """Whether `count` blocks fit in the free shared memory with room to spare (a full one
        kills the process that writes to it)."""
        try:
            st = os.statvfs(path)
        except OSError:
            return False
        return count * size * 2 <= st.f_bavail * st.f_frsize

    def buf(self, slot: int) -> memoryview:
        return self._buf(self.blocks[slot])

    def take(self) -> int | None:
        return self.free.pop() if self.free else None

    def give(self, slot: int) -> None:
        self.free.append(slot)

    def close(self) -> None:
        if self.pinned:
            self.unpin()
        for block in self.blocks:
            block.close()
            block.unlink()
        self.blocks, self.names, self.free = [], [], []


_attached: dict[str, shared_memory.SharedMemory] = {}


def attached(name: str) -> memoryview:
    """A helper's view of a block, opened once per process."""
    if name not in _attached:
        _attached[name] = shared_memory.SharedMemory(name=name)
    buf = _attached[name].buf
    assert buf is not None
    return buf


class _Full(Exception):
    pass


def _mapped(x: Any, leaf: Any, is_leaf: Any) -> Any:
    """`x` with `leaf` applied to everything `is_leaf` accepts inside lists, tuples, dicts and
    (mutable) dataclasses; frozen dataclasses (labels, label sets) are values, left as they are."""
    if is_leaf(x):
        return leaf(x)
    if isinstance(x, dict):
        return {k: _mapped(v, leaf, is_leaf) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(_mapped(v, leaf, is_leaf) for v in x)
    frozen = getattr(getattr(x, "__dataclass_params__", None), "frozen", True)
    if dataclasses.is_dataclass(x) and not isinstance(x, type) and not frozen:
        return dataclasses.replace(x, **{f.name: _mapped(getattr(x, f.name), leaf, is_leaf)  # type: ignore[arg-type]
                                         for f in dataclasses.fields(x) if f.init})
    return x


def pack(buf: memoryview, obj: Any, non_blocking: bool = False) -> Any | None:
    """`obj` with its arrays copied into `buf` and replaced by `Placed`; None where they do not fit.
    One array met twice (one input shared by two networks) is copied once. `non_blocking`: copies
    from a GPU into a page-locked `buf` may still be running on return (wait for the device's
    stream before reading them)."""
    import torch

    end = 0
    seen: dict[int, Placed] = {}

    def place(array: Any) -> Placed:
        nonlocal end
        if id(array) in seen:
            return seen[id(array)]
        is_torch = isinstance(array, torch.Tensor)
        dtype = torch.empty(0, dtype=array.dtype).numpy().dtype if is_torch else array.dtype
        offset = -(-end // ALIGN) * ALIGN
        if offset + int(np.prod(array.shape)) * dtype.itemsize > len(buf):
            raise _Full
        view = np.ndarray(tuple(array.shape), dtype, buffer=buf, offset=offset)
        if is_torch:
            torch.from_numpy(view).copy_(array, non_blocking=non_blocking)  # from a GPU: straight into the slot
        else:
            view[...] = array
        end = offset + view.nbytes
        seen[id(array)] = placed = Placed(offset, tuple(array.shape), dtype.str, is_torch)
        return placed

    def apart(array: Any) -> Any:
        """An array read in place from this very slot (an input passed on to the outputs) is
        copied out first: the arrays placed before it would overwrite it."""
        if isinstance(array, torch.Tensor):
            on_slot = array.device.type == "cpu" and np.may_share_memory(array.numpy(), whole)
            return array.clone() if on_slot else array
        return array.copy() if np.may_share_memory(array, whole) else array

    whole = np.frombuffer(buf, np.uint8)
    is_array = lambda x: isinstance(x, (np.ndarray, torch.Tensor))  # noqa: E731
    try:
        return _mapped(_mapped(obj, apart, is_array), place, is_array)
    except _Full:
        return None


def on_host(obj: Any) -> Any:
    """`obj` with its torch tensors on the CPU (to send it pickled, as it is, where it did not fit)."""
    import torch

    return _mapped(obj, lambda t: t.cpu(), lambda x: isinstance(x, torch.Tensor))


def unpack(buf: memoryview, obj: Any) -> Any:
    """`pack`'s object with views of `buf` for its `Placed` arrays (valid while the slot is lent)."""
    import torch

    def view(x: Placed) -> Any:
        array = np.ndarray(x.shape, np.dtype(x.dtype), buffer=buf, offset=x.offset)
        return torch.from_numpy(array) if x.torch else array

    return _mapped(obj, view, lambda x: isinstance(x, Placed))
