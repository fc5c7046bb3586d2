"""Prints the Pareto/NBD log-likelihoods that core/src/retention/pareto_nbd.rs's test
``log_likelihood_matches_high_precision_references`` pins, computed with mpmath at 40
digits, independently of callwise's series and quadrature.

    python3 tests/data/retention/pareto_nbd_references.py   # needs mpmath (1.3.0 used)

One customer's likelihood (Fader and Hardie 2005, "A note on deriving the Pareto/NBD
model and related expressions") is

    Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ ]

and the integral is mpmath's tanh-sinh quadrature over a mesh that halves towards t_x
(400 and 600 halvings give the same 20 digits), which resolves the spike a large r + x
makes there.
"""

import mpmath as mp

mp.mp.dps = 40

CASES = [
    ((0.553, 10.578, 0.606, 11.669), (2, 30.43, 38.86)),
    ((0.553, 10.578, 0.606, 11.669), (0, 0, 38.86)),
    ((2.0, 400.0, 0.3, 1.5), (5, 35.0, 36.0)),
    ((0.8, 0.9, 1.4, 300.0), (3, 20.0, 33.0)),
    ((1e5, 50.0, 0.5, 2.0), (0, 0, 38.86)),
    ((286343.0, 1450806.5, 504268.9, 6426736.3), (5, 17.92986416584436, 43.66844447114067)),
    ((0.5, 10.0, 0.5, 10.0), (1_000_000, 30.0, 39.0)),
    ((1e-9, 1e9, 1e-9, 1e9), (1, 1.0, 40.0)),
    ((1e9, 1e-9, 1e9, 1e-9), (3, 10.0, 40.0)),
]


def log_likelihood(params: tuple[float, ...], row: tuple[float, ...], halvings: int) -> mp.mpf:
    r, a, s, b = map(mp.mpf, params)
    x, tx, t = map(mp.mpf, row)
    first = (a + t) ** (-(r + x)) * (b + t) ** (-s)
    integrand = lambda tau: (a + tau) ** (-(r + x)) * (b + tau) ** (-(s + 1))  # noqa: E731
    mesh = [tx] + [tx + (t - tx) * mp.mpf(2) ** (-j) for j in range(halvings, -1, -1)]
    integral = mp.fsum(mp.quad(integrand, [mesh[i], mesh[i + 1]]) for i in range(len(mesh) - 1))
    return (
        mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(a) + s * mp.log(b)
        + mp.log(first + s * integral)
    )


for params, row in CASES:
    print(params, row, mp.nstr(log_likelihood(params, row, 400), 20))
