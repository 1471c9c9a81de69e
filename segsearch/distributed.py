"""Indexing on a Ray cluster (`segsearch index PATH --ray local|ADDRESS`; `pip install
'segsearch[ray]'`).

Ray is the engine; segsearch builds no scheduler. The indexer plans the work as always (which
files are new or changed) and hands the planned files to Ray Data: one `map_batches` stage whose
actors each load the networks once and then read, hash, decode, segment and extract the regions of
their files — the same function the single-process indexer runs in its worker threads, so the
segments are the same to the float. Actors take one CPU each (one torch thread, as the local
workers), or one GPU each when the cluster has GPUs. Results stream back in plan order to the
driver, which stays the one writer: batched transactions, SQLite as the truth, and resume after a
crash work exactly as without Ray.

Every node must see the photos at the same paths (a shared file system), and the networks'
weights are found on each node as on any machine (`SEGSEARCH_MODELS`, the cache, or the
publisher's URL); a local cluster inherits the driver's `SEGSEARCH_MODELS`.
"""

from __future__ import annotations

import logging
import os
import pickle
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator, Sequence

import numpy as np

from .errors import SegsearchError
from .regions import RegionSettings

if TYPE_CHECKING:
    from .indexer import _Job, _Prepared

RAY_MISSING = "--ray needs Ray, which is not installed: pip install 'segsearch[ray]'"
FILES_PER_BATCH = 4  # files per map_batches call: small, so results stream back steadily


@dataclass(frozen=True)
class AnalyzerSpec:
    """What an actor needs to load the same networks as the driver."""

    models: str
    weights: str | None
    device: str | None
    precision: str
    settings: RegionSettings

    @classmethod
    def of(cls, analyzer: Any) -> "AnalyzerSpec":
        """The spec that loads a loaded `Analyzer`'s networks again on this machine, on its device
        (weights found as they were: `SEGSEARCH_MODELS`, the cache, or the publisher's URL)."""
        return cls(",".join(n.spec.name for n in analyzer.networks), None, str(analyzer.device),
                   analyzer.networks[0].precision, analyzer.settings)

    def load(self) -> Any:
        """The networks loaded in a worker of their own (a Ray actor, an analysis process): one
        torch thread, one file at a time, as the local worker threads run."""
        import torch

        from .analysis import Analyzer

        torch.set_num_threads(1)
        return Analyzer.load(self.models, self.weights, self.device, self.precision,  # type: ignore[arg-type]
                             self.settings)


def import_ray() -> Any:
    """The `ray` module, or one clear line on how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise SegsearchError(RAY_MISSING) from None
    return ray


def check_cluster(address: str, timeout: float = 5.0) -> None:
    """Before any work: Ray is installed, and a cluster address ("HOST:PORT" or
    "ray://HOST:PORT") answers on its port. `ray.init` retries an unreachable address for minutes,
    after the networks have loaded and the files were planned; a typo should be one line at once."""
    import socket

    import_ray()
    if address == "local":
        return
    host, sep, port = address.removeprefix("ray://").rpartition(":")
    if not sep or not host or not port.isdigit():
        raise SegsearchError(f"--ray takes 'local' or a cluster address HOST:PORT (or ray://HOST:PORT), got {address!r}")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        raise SegsearchError(f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}") from None


def connect(address: str) -> Any:
    """Join the cluster at `address`, or start a local one for "local" (all this machine's CPUs
    and GPUs); a connection already made in this process is kept."""
    ray = import_ray()
    for name in ("ray", "ray.data"):  # the indexer reports progress and errors itself
        logging.getLogger(name).setLevel(logging.ERROR)
    if not ray.is_initialized():
        env = {k: os.environ[k] for k in ("SEGSEARCH_MODELS", "SEGSEARCH_CACHE") if k in os.environ}
        try:
            ray.init(address=None if address == "local" else address, include_dashboard=False,
                     log_to_driver=False, logging_level=logging.ERROR,
                     runtime_env={"env_vars": env} if env else None)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise SegsearchError(f"cannot reach the Ray cluster at {address}: {str(exc).splitlines()[0]}") from None
    return ray


class _AnalyseFiles:
    """Ray Data actor: the networks loaded once, then `_prepare_and_analyse` per file."""

    def __init__(self, spec: AnalyzerSpec) -> None:
        self.analyzer = spec.load()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        from .indexer import analysed_to_send

        results = [pickle.dumps(analysed_to_send(pickle.loads(blob), self.analyzer)) for blob in batch["job"]]
        return {"prepared": np.array(results, dtype=object)}


def analysed_on_ray(jobs: Sequence["_Job"], spec: AnalyzerSpec, address: str,
                    actors: int | None = None) -> Iterator["_Prepared"]:
    """The planned files read, decoded and analysed on the cluster, in plan order. `actors`
    defaults to one per GPU when the cluster has GPUs, else one per CPU."""
    if not jobs:
        return
    ray = connect(address)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # rows are written in plan order: ids as without Ray
    context.enable_progress_bars = False  # the indexer shows its own
    resources = ray.cluster_resources()
    gpus = int(resources.get("GPU", 0))
    count = actors or max(1, gpus or int(resources.get("CPU", 1)))
    dataset = ray.data.from_items([{"job": pickle.dumps(job)} for job in jobs],
                                  override_num_blocks=max(1, min(len(jobs), 4 * count)))
    # No actor restarts: a lost actor fails the run, which then resumes like any interrupted run
    # (SQLite is the truth); Ray's core also logs an error-looking line for every restartable pool
    # whose actors take constructor arguments (ray#53727). Ray 2.60 deprecates passing max_restarts
    # this way without offering another; the extra pins Ray below the release that removes it.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        analysed = dataset.map_batches(_AnalyseFiles, fn_constructor_kwargs={"spec": spec}, batch_size=FILES_PER_BATCH,
                                       compute=ray.data.ActorPoolStrategy(size=count), max_restarts=0,
                                       **({"num_gpus": 1} if gpus else {"num_cpus": 1}))
    for row in analysed.iter_rows():
        yield pickle.loads(row["prepared"])
