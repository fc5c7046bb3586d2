"""Columns of every kind as pyarrow arrays, integer codes for the compiled module, and
tables of its result columns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from callwise._errors import InvalidArgumentError

__all__ = [
    "arrow",
    "as_table",
    "codes",
    "invalid",
    "table",
    "table_or_none",
    "with_columns",
]


def invalid(name: str, reason: str) -> InvalidArgumentError:
    """The ``InvalidArgumentError`` the compiled module raises for the argument ``name``,
    for a column refused before it gets there."""
    return InvalidArgumentError(f"invalid argument `{name}`: {reason}", name=name, reason=reason)


def arrow(values: object, name: str) -> Any:
    """A column of any supported kind as one pyarrow array (chunks combined), for the
    argument ``name``.

    A scalar is a column of one, as for the numeric columns; NaN, the missing value of
    numpy and pandas float columns, is a null (which the compiled module refuses by row).
    Raises ``InvalidArgumentError`` naming ``name`` for what is not one column of values.

    Typed ``Any``: which array class it is (dictionary or not) depends on the values.
    """
    if isinstance(values, pa.ChunkedArray):
        array = values.combine_chunks()
    elif isinstance(values, pa.Array):
        array = values
    elif callable(getattr(values, "to_arrow", None)):  # a polars Series
        return arrow(cast(Any, values).to_arrow(), name)
    else:
        try:
            column = values if np.ndim(cast(Any, values)) else [values]
            array = pa.array(cast(Any, column), from_pandas=True)
        except (pa.ArrowException, TypeError, ValueError) as err:
            raise invalid(name, f"cannot be read as a column: {err}") from None
    if pa.types.is_nested(array.type):
        raise invalid(name, f"must be one-dimensional, got a column of {array.type}")
    if pa.types.is_floating(array.type):
        array = pc.if_else(pc.is_nan(array), pa.scalar(None, array.type), array)
    return array


def codes(indices: Any) -> npt.NDArray[np.int32]:
    """Dictionary indices as int32 codes, -1 for a null (the binding refuses it by row)."""
    return np.asarray(indices.cast(pa.int32()).fill_null(-1), dtype=np.int32)


def table(columns: Mapping[str, Any]) -> pa.Table:
    """A table of named columns (numpy arrays or pyarrow arrays), in order."""
    return pa.table(dict(columns))


def as_table(data: object, name: str = "table") -> pa.Table:
    """A table argument of any supported kind as a pyarrow Table, for the argument
    ``name``, without copying its columns.

    A pyarrow Table is used as it is and a RecordBatch as a table of one batch; a pandas
    DataFrame goes through ``pyarrow.Table.from_pandas`` (its index becomes columns as
    pyarrow keeps it, unless it is a plain range); a polars DataFrame, a DuckDB result or
    any other object with ``__arrow_c_stream__`` through the Arrow PyCapsule interface;
    a mapping of column names to columns through ``pyarrow.table``. Numeric columns are
    shared, not copied. Raises ``InvalidArgumentError`` naming ``name`` for anything else.
    """
    table = table_or_none(data, name)
    if table is None:
        raise invalid(
            name,
            "must be a table: a pyarrow Table or RecordBatch, a pandas or polars DataFrame, "
            f"a mapping of column names to columns, or an Arrow stream; got {type(data).__name__}",
        )
    return table


def table_or_none(data: object, name: str = "table") -> pa.Table | None:
    """``data`` as a pyarrow Table, as :func:`as_table` reads it, or None when it is not a
    table at all (one column, a scalar, ...), for arguments that may be either.

    Raises ``InvalidArgumentError`` naming ``name`` for a table pyarrow cannot read (its
    message is not repeated: it may quote the values) or one with a repeated column name.
    """
    if isinstance(data, pa.Table):
        table = data
    elif isinstance(data, pa.RecordBatch):
        table = pa.Table.from_batches([data])
    elif isinstance(data, (pa.Array, pa.ChunkedArray, np.ndarray, str, bytes)) or (
        type(data).__name__ == "Series"  # a pandas or polars column
    ):
        return None
    elif isinstance(data, Mapping) or hasattr(data, "__arrow_c_stream__"):
        table = _read_table(dict(data) if isinstance(data, Mapping) else data, name)
    elif type(data).__module__.startswith("pandas"):
        table = _read_table(data, name)
    else:
        return None
    names = table.column_names
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise invalid(name, f"has the column {repeated[0]!r} more than once")
    return table


def _read_table(data: object, name: str) -> pa.Table:
    try:
        return pa.table(cast(Any, data))
    except (pa.ArrowException, TypeError, ValueError) as err:
        raise invalid(
            name,
            f"cannot be read as a table ({type(err).__name__}): pyarrow could not convert "
            "a column; check that each column holds values of one type",
        ) from None


def with_columns(data: pa.Table, columns: Mapping[str, Any]) -> pa.Table:
    """``data`` with the result ``columns`` (numpy arrays, shared, not copied) after its
    own; a column of ``data`` with one of those names is replaced where it stands."""
    for name, values in columns.items():
        column = pa.array(values)
        at = data.schema.get_field_index(name)
        data = data.set_column(at, name, column) if at >= 0 else data.append_column(name, column)
    return data
