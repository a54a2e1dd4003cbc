#!/usr/bin/env python3
"""Makes Tests/NjordBacktestTests/Fixtures/empyrical-metrics.json: daily return series and what
empyrical (`empyrical-reloaded` from PyPI, annualization=365) says of them. Run once; the output is
committed, and the Swift tests hold ReturnStatistics to it at 1e-9 relative.

Setup (not needed for building or testing — only to regenerate the fixtures):
    python3 -m pip install numpy pandas empyrical-reloaded
Usage, from the repository root after `swift build`:
    scripts/make-metrics-fixtures.py [--njord .build/debug/njord] [--shared ../shared]

Real series: `njord backtest` runs on ftx45k (../shared/bench/PEERS.md); the daily returns are read
from the run folder's daily.csv, exactly as the Swift code computed them. Synthetic series come from
a seeded generator. Every number is written as text — Python's shortest round-trip repr, or "nan",
"inf", "-inf" — because some JSON readers (swift-corelibs-foundation's) round numbers in the last bit.
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
import empyrical

FIXTURE = "Tests/NjordBacktestTests/Fixtures/empyrical-metrics.json"
FTX45K = "data/bars/ftx-btc-perp-20211231-20220201_1m.csv"
REAL_RUNS = [("ftx45k-sma_cross-10-50", "fast=10,slow=50"), ("ftx45k-sma_cross-30-120", "fast=30,slow=120")]


def real_returns(njord, shared, params, scratch, name):
    subprocess.run(
        [njord, "backtest", "--bars", os.path.join(shared, FTX45K), "--strategy", "sma_cross",
         "--params", params, "--fee", "0.001", "--cash", "100000", "--runs-dir", scratch, "--run-id", name],
        check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(scratch, name, "daily.csv"), newline="") as f:
        return [float(row["return"]) for row in csv.DictReader(f)]


def synthetic():
    rng = np.random.default_rng(20261126)
    return [
        ("normal-400d", list(rng.normal(0.0008, 0.025, 400))),
        ("all-positive-60d", list(rng.uniform(0.0005, 0.01, 60))),
        ("all-negative-45d", list(rng.uniform(-0.02, -0.0001, 45))),
        ("flat-30d", [0.0] * 30),
        ("constant-positive-20d", [2.0**-9] * 20),  # exact in binary: a zero spread, not residue
        ("crash-and-recovery-10d", [0.01, -0.2, -0.1, 0.05, 0.1, 0.2, 0.02, -0.01, 0.03, 0.0]),
        ("single-day", [0.015]),
    ]


def number(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)


def expected(returns):
    r = np.asarray(returns, dtype=float)
    return {
        "sharpe": number(empyrical.sharpe_ratio(r, annualization=365)),
        "sortino": number(empyrical.sortino_ratio(r, annualization=365)),
        "max_drawdown": number(empyrical.max_drawdown(r)),
        "annual_return": number(empyrical.annual_return(r, annualization=365)),
        "annual_volatility": number(empyrical.annual_volatility(r, annualization=365)),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--njord", default=".build/debug/njord")
    parser.add_argument("--shared", default=os.environ.get("NJORD_SHARED_DIR", "../shared"))
    args = parser.parse_args()
    cases = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, params in REAL_RUNS:
            returns = real_returns(args.njord, args.shared, params, scratch, name)
            cases.append({"name": name, "params": params, "returns": [number(x) for x in returns],
                          "expected": expected(returns)})
    for name, returns in synthetic():
        returns = [float(x) for x in returns]
        cases.append({"name": name, "returns": [number(x) for x in returns], "expected": expected(returns)})
    document = {
        "generator": "scripts/make-metrics-fixtures.py",
        "empyrical_version": empyrical.__version__,
        "numpy_version": np.__version__,
        "annualization": 365,
        "cases": cases,
    }
    with open(FIXTURE, "w") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    print(f"wrote {FIXTURE}: {len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
