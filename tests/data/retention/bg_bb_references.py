"""Prints the BG/BB log-likelihoods that core/tests/retention/models.rs's test
``bg_bb_likelihood_over_a_million_opportunities`` pins, computed with mpmath at 30 digits
by the paper's sum (Fader, Hardie and Shang 2010, eq. 5), term by term.

    python3 tests/data/retention/bg_bb_references.py   # needs mpmath; about half a minute
"""

import mpmath as mp

mp.mp.dps = 30


def log_likelihood(a: float, b: float, g: float, d: float, x: int, tx: int, n: int) -> mp.mpf:
    a, b, g, d = map(mp.mpf, (a, b, g, d))
    beta = mp.beta
    alive = beta(a + x, b + n - x) * beta(g, d + n)
    term = beta(a + x, b + tx - x) * beta(g + 1, d + tx)
    dead = mp.mpf(0)
    for i in range(n - tx):
        dead += term
        # B(p, q + 1) / B(p, q) = q / (p + q).
        term *= (b + tx - x + i) * (d + tx + i) / ((a + b + tx + i) * (g + 1 + d + tx + i))
    return mp.log((alive + dead) / (beta(a, b) * beta(g, d)))


for args in [
    (1.204, 0.750, 0.657, 2.783, 0, 0, 6),
    (1.204, 0.750, 0.657, 2.783, 3, 5, 6),
    (1.204, 0.750, 0.657, 2.783, 0, 0, 10**6),
    (0.3, 0.2, 0.1, 0.4, 2, 7, 10**6),
]:
    print(args, mp.nstr(log_likelihood(*args), 20))
