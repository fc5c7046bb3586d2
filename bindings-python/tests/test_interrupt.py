"""Ctrl-C stops long retention calls: the binding runs them without the GIL, and the core
asks Python's signal handlers between evaluations of a fit and between blocks of rows of
a score, so ``KeyboardInterrupt`` comes out of the call and the interpreter goes on."""

from __future__ import annotations

import _thread
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
import numpy.typing as npt
import pytest

from callwise.retention import BetaGeoModel, GammaGammaModel, ParetoNBDModel

Floats = npt.NDArray[np.float64]


def steady_buyers(rows: int) -> tuple[Floats, Floats, Floats]:
    """Customers who all buy alike, each with an exact (distinct) age: there is no
    heterogeneity to fit, the likelihood climbs towards a limit, and a fit searches until
    its bound on work, over rows that grouping cannot merge."""
    rng = np.random.default_rng(19)
    t = 30.0 + rng.random(rows)
    return np.full(rows, 5.0), t * (1.0 - 0.01 * rng.random(rows)), t


@contextmanager
def ctrl_c_after(seconds: float) -> Iterator[None]:
    """Sends the main thread a Ctrl-C (``_thread.interrupt_main``) after ``seconds``,
    with Python's own SIGINT handler installed meanwhile: a library loaded by an earlier
    test (distributed's signal handling, when the Dask example ran in this process) may
    have replaced it with one that does not raise ``KeyboardInterrupt``."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(seconds, _thread.interrupt_main)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()
        signal.signal(signal.SIGINT, previous)


def interrupted(call: Callable[[], object]) -> None:
    """``call`` raises KeyboardInterrupt once Ctrl-C arrives (it would otherwise run for
    about ten seconds: long against the 0.3 s, short enough that a Ctrl-C lost fails the
    test instead of stalling the suite), and the interpreter works on afterwards."""
    with ctrl_c_after(0.3), pytest.raises(KeyboardInterrupt):
        call()
    model = BetaGeoModel.fit([2, 1, 0, 0, 5, 3], [30.4, 1.7, 0, 0, 35, 20], [38.9] * 6)
    again = BetaGeoModel.fit([2, 1, 0, 0, 5, 3], [30.4, 1.7, 0, 0, 35, 20], [38.9] * 6)
    assert model.params == again.params


def test_ctrl_c_stops_a_long_fit() -> None:
    f, r, t = steady_buyers(20_000)
    interrupted(lambda: ParetoNBDModel.fit(f, r, t, max_evaluations=1_000))


def test_ctrl_c_stops_a_long_customer_lifetime_value() -> None:
    f, r, t = steady_buyers(2_500)
    purchases = BetaGeoModel(r=0.243, alpha=4.414, a=0.793, b=2.426)
    spend = GammaGammaModel(p=6.25, q=3.74, gamma=15.44)
    money = np.full(len(f), 20.0)
    interrupted(lambda: spend.customer_lifetime_value(purchases, f, r, t, money, months=1200))
