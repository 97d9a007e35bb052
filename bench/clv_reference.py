#!/usr/bin/env python3
"""Reference maximum-likelihood fits of BG/NBD and Gamma-Gamma, for bench/clv.ts.

Reads a customer summary CSV with a header row and the columns x, t_x, T, m (repeat purchase days, time of the last
purchase and age, both after the first purchase, and mean repeat spend; m is nan or empty when x = 0), from a path or
from stdin ("-" or no path), fits both models and prints one JSON object:

    { r, alpha, a, b, bgnbd_ll, p, q, gamma, gg_ll, seconds, peak_mb, ... }

`seconds` covers only the fits (the median of --runs runs, after one warm-up when --runs > 1), not reading; `peak_mb`
is the process's peak RSS (ru_maxrss).

The log-likelihoods are the full ones of the lifetimes package (BetaGeoFitter, GammaGammaFitter), every customer a
row of numpy vectors (no Python loops, no collapsing of equal customers):

    BG/NBD   ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
             + ln[ (α+T)^−(r+x) + [x>0] · a/(b+x−1) · (α+t_x)^−(r+x) ]
    Gamma-Gamma (repeat buyers with m > 0)
             ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ + x m)

Each is maximised over the log-parameters with L-BFGS-B on its analytic gradient (the mean negative log-likelihood,
tight tolerances), then polished with BFGS; Nelder-Mead first if L-BFGS-B fails. `--check-gradient` compares the
analytic gradients with central differences first and reports the largest relative error.

Usage: python3 bench/clv_reference.py [summary.csv | -] [--runs N] [--check-gradient]
"""
import io
import json
import resource
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, digamma, gammaln


def read_summary(source):
    """The columns x, t_x, T, m of a customer summary CSV (header row first)."""
    text = sys.stdin.read() if source in (None, "-") else open(source, encoding="utf-8").read()
    lines = text.splitlines()
    header = [h.strip() for h in lines[0].split(",")]
    body = "\n".join(lines[1:]).replace(",\n", ",nan\n")
    if body.endswith(","):
        body += "nan"
    data = np.loadtxt(io.StringIO(body), delimiter=",", ndmin=2, dtype=np.float64)
    cols = {name: data[:, k] for k, name in enumerate(header)}
    return cols["x"], cols["t_x"], cols["T"], cols["m"]


# ---------------------------------------------------------------------------------------------------------------- BG/NBD

def bgnbd_ll_grad(theta, x, tx, T):
    """The BG/NBD log-likelihood summed over the customers, and its gradient with respect to the log-parameters."""
    r, alpha, a, b = np.exp(theta)
    repeat = x > 0
    lnT = np.log(alpha + T)
    lnTx = np.log(alpha + tx)
    A1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    A2 = betaln(a, b + x) - betaln(a, b)
    A3 = -(r + x) * lnT
    A4 = np.where(repeat, np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * lnTx, -np.inf)
    M = np.maximum(A3, A4)
    e3 = np.exp(A3 - M)
    e4 = np.exp(A4 - M)
    S = e3 + e4
    ll = np.sum(A1 + A2 + np.log(S) + M)
    w3 = e3 / S
    w4 = e4 / S
    psi_abx = digamma(a + b + x)
    g_r = np.sum(digamma(r + x) - digamma(r) + np.log(alpha) - w3 * lnT - w4 * lnTx)
    g_alpha = np.sum(r / alpha - (r + x) * (w3 / (alpha + T) + w4 / (alpha + tx)))
    g_a = np.sum(digamma(a + b) - psi_abx + w4 / a)
    g_b = np.sum(digamma(b + x) - psi_abx - digamma(b) + digamma(a + b) - w4 / np.where(repeat, b + x - 1, 1.0))
    return ll, np.array([g_r * r, g_alpha * alpha, g_a * a, g_b * b])


def bgnbd_start(x, T):
    """r = 1, a = b = 1 and α matching the mean purchase rate Σx / ΣT."""
    rate = np.sum(x) / np.sum(T)
    return np.log([1.0, 1.0 / rate, 1.0, 1.0])


# ----------------------------------------------------------------------------------------------------------- Gamma-Gamma

def gg_ll_grad(theta, x, m, lnx, lnm):
    """The Gamma-Gamma log-likelihood summed over the spenders, and its gradient with respect to the log-parameters."""
    p, q, g = np.exp(theta)
    px = p * x
    lnGX = np.log(g + x * m)
    ll = np.sum(gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g) + (px - 1) * lnm + px * lnx - (px + q) * lnGX)
    psi_pxq = digamma(px + q)
    g_p = np.sum(x * (psi_pxq - digamma(px) + lnm + lnx - lnGX))
    g_q = np.sum(psi_pxq - digamma(q) + np.log(g) - lnGX)
    g_g = np.sum(q / g - (px + q) / (g + x * m))
    return ll, np.array([g_p * p, g_q * q, g_g * g])


def gg_start(m):
    """p = 1, q = 2 and γ matching the mean spend: the population mean pγ/(q − 1)."""
    return np.log([1.0, 2.0, float(np.mean(m))])


# ------------------------------------------------------------------------------------------------------------ maximising

def maximise(ll_grad, start, n):
    """The maximum of ll_grad over the log-parameters from `start`: L-BFGS-B, then a BFGS polish."""
    def f(theta):
        ll, g = ll_grad(theta)
        if not np.isfinite(ll):
            return np.inf, np.zeros_like(theta)
        return -ll / n, -g / n

    res = minimize(f, start, jac=True, method="L-BFGS-B",
                   options={"maxiter": 2000, "ftol": 1e-15, "gtol": 1e-11, "maxcor": 20})
    theta = res.x
    if not res.success and not np.all(np.abs(res.jac) < 1e-7):
        # A failed line search far from the top: find the hill with the simplex first.
        nm = minimize(lambda t: f(t)[0], start, method="Nelder-Mead",
                      options={"maxiter": 20000, "xatol": 1e-10, "fatol": 1e-14})
        theta = nm.x
    polish = minimize(f, theta, jac=True, method="BFGS", options={"gtol": 1e-11, "maxiter": 500})
    if f(polish.x)[0] <= f(theta)[0]:
        theta = polish.x
    ll, g = ll_grad(theta)
    return np.exp(theta), ll, float(np.max(np.abs(g)))


def check_gradient(ll_grad, theta):
    """The largest relative difference between the analytic gradient and central differences at theta."""
    _, g = ll_grad(theta)
    worst = 0.0
    for k in range(len(theta)):
        h = 1e-6
        up = theta.copy()
        down = theta.copy()
        up[k] += h
        down[k] -= h
        fd = (ll_grad(up)[0] - ll_grad(down)[0]) / (2 * h)
        worst = max(worst, abs(fd - g[k]) / max(1.0, abs(fd)))
    return worst


def fit(x, tx, T, m):
    """Both fits, BG/NBD on every customer and Gamma-Gamma on the repeat buyers with m > 0, and the seconds of each."""
    t0 = time.perf_counter()
    bg = maximise(lambda t: bgnbd_ll_grad(t, x, tx, T), bgnbd_start(x, T), len(x))
    t1 = time.perf_counter()
    spend = (x > 0) & (m > 0)
    xs, ms = x[spend], m[spend]
    lnx, lnm = np.log(xs), np.log(ms)
    gg = maximise(lambda t: gg_ll_grad(t, xs, ms, lnx, lnm), gg_start(ms), len(xs))
    t2 = time.perf_counter()
    return bg, gg, t1 - t0, t2 - t1


def main(argv):
    runs = 1
    source = None
    want_check = False
    k = 0
    while k < len(argv):
        if argv[k] == "--runs":
            runs = int(argv[k + 1])
            k += 2
            continue
        if argv[k] == "--check-gradient":
            want_check = True
        else:
            source = argv[k]
        k += 1
    x, tx, T, m = read_summary(source)

    out = {}
    if want_check:
        spend = (x > 0) & (m > 0)
        xs, ms = x[spend], m[spend]
        out["bgnbd_gradient_error"] = check_gradient(lambda t: bgnbd_ll_grad(t, x, tx, T), np.log([0.3, 5.0, 0.8, 2.5]))
        out["gg_gradient_error"] = check_gradient(
            lambda t: gg_ll_grad(t, xs, ms, np.log(xs), np.log(ms)), np.log([6.0, 3.5, 15.0]))

    if runs > 1:
        fit(x, tx, T, m)  # warm-up: scipy's lazy imports and first-call caches
    bg_times, gg_times = [], []
    for _ in range(runs):
        bg, gg, t_bg, t_gg = fit(x, tx, T, m)
        bg_times.append(t_bg)
        gg_times.append(t_gg)
    times = [u + v for u, v in zip(bg_times, gg_times)]
    spenders = int(np.sum((x > 0) & (m > 0)))

    (r, alpha, a, b), bg_ll, bg_grad = bg
    (p, q, gamma), gg_ll, gg_grad = gg
    out.update({
        "r": float(r), "alpha": float(alpha), "a": float(a), "b": float(b), "bgnbd_ll": float(bg_ll),
        "p": float(p), "q": float(q), "gamma": float(gamma), "gg_ll": float(gg_ll),
        "seconds": float(np.median(times)),
        "bgnbd_seconds": float(np.median(bg_times)), "gg_seconds": float(np.median(gg_times)), "runs": runs,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "customers": int(len(x)), "spenders": spenders,
        "bgnbd_gradient": bg_grad, "gg_gradient": gg_grad,
        "numpy": np.__version__, "scipy": __import__("scipy").__version__,
    })
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
