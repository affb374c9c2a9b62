"""Approximate nearest neighbours over article embeddings, each labelled with a story id (faiss HNSW),
and a snapshot of it on disk, so that a restart loads the graph instead of rebuilding it.

Snapshot file layout (little-endian)::

    MAGIC (8 bytes) | payload | crc32 of payload (4) | payload length (8) | END (8)
    payload = header length (8) | header (JSON: format, count, dim, m, metric, labels) | faiss index

The faiss part is what ``faiss.write_index`` writes. The whole payload is checked against its CRC before
faiss parses anything: a damaged HNSW graph could otherwise load and then crash a search.
"""

from __future__ import annotations

import json
import os
import struct
import zlib
from pathlib import Path
from typing import BinaryIO

import numpy as np

M = 32  # HNSW links per node
EF_SEARCH = 64
FORMAT = 1
MAGIC = b"BWANN\x00\x01\n"
END = b"BWANNEND"
_TRAILER = struct.Struct("<IQ")
_CHUNK = 1 << 24


class SnapshotError(ValueError):
    """A snapshot file that cannot be used (missing, damaged, of another format or index kind)."""


class AnnIndex:
    """Approximate nearest neighbours over embeddings, each labelled with a cluster id (faiss HNSW,
    inner product over unit vectors)."""

    def __init__(self) -> None:
        self._index = None
        self._labels: list[str] = []

    def __len__(self) -> int:
        return len(self._labels)

    @property
    def labels(self) -> list[str]:
        """The label of each vector, by position (do not modify)."""
        return self._labels

    def add(self, vec: np.ndarray, label: str) -> None:
        """One vector: adding the same vectors one by one in the same order builds the same graph."""
        self._ensure(int(vec.shape[-1]))
        self._index.add(vec.reshape(1, -1).astype(np.float32))
        self._labels.append(label)

    def add_many(self, matrix: np.ndarray, labels: list[str]) -> None:
        """Many vectors at once: much faster than one by one, but the graph (so rarely a neighbour) may
        differ from the one the same vectors added one by one would build."""
        if not labels:
            return
        self._ensure(int(matrix.shape[1]))
        self._index.add(np.ascontiguousarray(matrix, dtype=np.float32))
        self._labels.extend(labels)

    def search(self, vec: np.ndarray, k: int) -> list[tuple[str, float]]:
        if self._index is None or not self._labels:
            return []
        sims, idx = self._index.search(vec.reshape(1, -1).astype(np.float32), min(k, len(self._labels)))
        return [(self._labels[i], float(s)) for s, i in zip(sims[0], idx[0], strict=False) if i >= 0]

    def vector(self, pos: int) -> np.ndarray:
        """The vector stored at a position."""
        if self._index is None:
            raise IndexError(pos)
        return self._index.reconstruct(pos)

    def _ensure(self, dim: int) -> None:
        import faiss

        if self._index is None:
            self._index = faiss.IndexHNSWFlat(dim, M, faiss.METRIC_INNER_PRODUCT)
            self._index.hnsw.efSearch = EF_SEARCH

    # ------------------------------------------------------------------ snapshot
    def save(self, path: str | Path) -> int:
        """Write a snapshot atomically (a temporary file beside ``path``, synced, then renamed over it);
        returns its size in bytes. An empty index has nothing to save (ValueError)."""
        import faiss

        if self._index is None:
            raise ValueError("an empty index has no snapshot")
        path = Path(path)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        header = json.dumps({"format": FORMAT, "count": len(self._labels), "dim": int(self._index.d), "m": M,
                             "metric": "ip", "labels": self._labels}, separators=(",", ":")).encode()
        try:
            with open(tmp, "wb") as fh:
                out = _CrcWriter(fh)
                fh.write(MAGIC)
                out.write(struct.pack("<Q", len(header)))
                out.write(header)
                faiss.write_index(self._index, faiss.PyCallbackIOWriter(out.write))
                fh.write(_TRAILER.pack(out.crc, out.size) + END)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return path.stat().st_size

    @classmethod
    def load(cls, path: str | Path) -> AnnIndex:
        """The index a snapshot holds; :class:`SnapshotError` when it cannot be used.

        Adding vectors to it afterwards builds the graph an index that never stopped would have built:
        faiss draws each new node's level from a generator that a snapshot does not keep, so it is
        advanced past the draws of the vectors already in (one per vector)."""
        import faiss

        try:
            with open(path, "rb") as fh:
                size = os.fstat(fh.fileno()).st_size
                if size < len(MAGIC) + 8 + _TRAILER.size + len(END) or fh.read(len(MAGIC)) != MAGIC:
                    raise SnapshotError("not an ANN snapshot")
                fh.seek(size - _TRAILER.size - len(END))
                crc, length = _TRAILER.unpack(fh.read(_TRAILER.size))
                if fh.read(len(END)) != END or length != size - len(MAGIC) - _TRAILER.size - len(END):
                    raise SnapshotError("truncated or extended")
                fh.seek(len(MAGIC))
                if _crc(fh, length) != crc:
                    raise SnapshotError("checksum mismatch (damaged)")
                fh.seek(len(MAGIC))
                (hlen,) = struct.unpack("<Q", fh.read(8))
                if hlen > length - 8:
                    raise SnapshotError("bad header length")
                header = json.loads(fh.read(hlen))
                if not isinstance(header, dict):
                    raise SnapshotError("bad header")
                if (header.get("format"), header.get("m"), header.get("metric")) != (FORMAT, M, "ip"):
                    raise SnapshotError(f"another format or index kind: {header.get('format')}, "
                                        f"M={header.get('m')}, {header.get('metric')}")
                left = [length - 8 - hlen]

                def read(n: int) -> bytes:
                    data = fh.read(min(n, left[0]))
                    left[0] -= len(data)
                    return data

                index = faiss.read_index(faiss.PyCallbackIOReader(read))
        except OSError as exc:
            raise SnapshotError(str(exc)) from exc
        except (RuntimeError, ValueError, UnicodeDecodeError, struct.error) as exc:
            if isinstance(exc, SnapshotError):
                raise
            raise SnapshotError(f"unreadable: {exc}") from exc
        labels = header.get("labels")
        if (not isinstance(index, faiss.IndexHNSWFlat) or index.metric_type != faiss.METRIC_INNER_PRODUCT
                or not isinstance(labels, list) or not index.ntotal == len(labels) == header.get("count")
                or index.d != header.get("dim")):
            raise SnapshotError("its index does not match its header")
        index.hnsw.efSearch = EF_SEARCH
        for _ in range(index.ntotal):  # see the docstring
            index.hnsw.random_level()
        ann = cls()
        ann._index = index
        ann._labels = [str(label) for label in labels]
        return ann


class _CrcWriter:
    """Writes to a file, keeping the CRC-32 and the number of the bytes written."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh, self.crc, self.size = fh, 0, 0

    def write(self, data: bytes) -> int:
        self.fh.write(data)
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        return len(data)


def _crc(fh: BinaryIO, length: int) -> int:
    crc = 0
    while length > 0:
        data = fh.read(min(_CHUNK, length))
        if not data:
            raise SnapshotError("truncated")
        crc = zlib.crc32(data, crc)
        length -= len(data)
    return crc
