"""The examples in ``examples/python`` run as documented: the plots come out as PNG files
and the Dask example's own check (scores equal to one process) passes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import callwise

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "python"
sys.path.insert(0, str(EXAMPLES))

import dask_scoring  # noqa: E402
import retention_plots  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_retention_plots_writes_two_pngs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plots"  # created by the example
    paths = retention_plots.main(["--out", str(out)])
    assert [path.name for path in paths] == ["sbg_survival.png", "renewal_lift.png"]
    assert capsys.readouterr().out.splitlines() == [str(path) for path in paths]
    for path in paths:
        assert path.parent == out
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE), path
        # Axes, labels, curves and bars: tens of kilobytes (an empty 960x600 canvas
        # compresses to about 5 kB).
        assert len(data) > 30_000, (path, len(data))


def test_retention_plots_say_how_they_were_judged(tmp_path: Path) -> None:
    book = callwise.sample_book(seed=7, members=2000, as_of=retention_plots.AS_OF)
    survival = retention_plots.plot_survival(book, 2000, tmp_path / "survival.png")
    # The sample records only the terms inside its history, too short for the sBG to
    # converge on (a known gap of the sample, see the issue note): the plot says which.
    assert "(in-sample)" in survival or "did not converge" in survival
    lift = retention_plots.plot_lift(book, tmp_path / "lift.png")
    assert "(out of time)" in lift

    # A small book has too few lapses after the fit date to judge the renewal model on:
    # the plot says so.
    small = callwise.sample_book(seed=7, members=60, as_of=retention_plots.AS_OF)
    survival = retention_plots.plot_survival(small, 60, tmp_path / "small_survival.png")
    assert "(in-sample)" in survival or "did not converge" in survival
    lift = retention_plots.plot_lift(small, tmp_path / "small_lift.png")
    assert "(in-sample)" in lift
    for name in ("survival.png", "lift.png", "small_survival.png", "small_lift.png"):
        assert (tmp_path / name).read_bytes().startswith(PNG_SIGNATURE)


def test_dask_example_runs_and_checks_itself(capsys: pytest.CaptureFixture[str]) -> None:
    dask_scoring.main(["--customers", "2000", "--partitions", "4", "--workers", "2"])
    out = capsys.readouterr().out
    assert "scored 2,000 customers in 4 partitions" in out
    assert "equal to scoring in one process, bit for bit" in out
