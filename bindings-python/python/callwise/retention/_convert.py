"""Columns of every kind as pyarrow arrays, integer codes for the compiled module, and
tables of its result columns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pyarrow as pa

__all__ = ["arrow", "codes", "table"]


def arrow(values: object) -> Any:
    """A column of any supported kind as one pyarrow array (chunks combined).

    Typed ``Any``: which array class it is (dictionary or not) depends on the values.
    """
    if isinstance(values, pa.ChunkedArray):
        return values.combine_chunks()
    if isinstance(values, pa.Array):
        return values
    to_arrow = getattr(values, "to_arrow", None)  # a polars Series
    if callable(to_arrow):
        return arrow(to_arrow())
    return pa.array(cast(Any, values))


def codes(indices: Any) -> npt.NDArray[np.int32]:
    """Dictionary indices as int32 codes, -1 for a null (the binding refuses it by row)."""
    return np.asarray(indices.cast(pa.int32()).fill_null(-1), dtype=np.int32)


def table(columns: Mapping[str, Any]) -> pa.Table:
    """A table of named columns (numpy arrays or pyarrow arrays), in order."""
    return pa.table(dict(columns))
