"""`python -m benchmarks.solomon FILE.vrp ... --time-limit S [--engine E] [--seed N] [--json]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks.solomon.harness import HARNESS_ENGINES, solve_file
from benchmarks.solomon.instance import FormatError
from solver.routing.engines import EngineError


def main(argv: list[str] | None = None) -> int:
    """Solve each instance; print a JSON list (--json) or one line per instance."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.solomon", description=__doc__)
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.vrp")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per instance")
    parser.add_argument("--engine", choices=HARNESS_ENGINES, default="auto")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    args = parser.parse_args(argv)
    results = []
    for path in args.files:
        try:
            result = solve_file(path, args.time_limit, args.engine, args.seed)
        except (OSError, FormatError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        except EngineError as error:
            print(f"error: {path}: {error}", file=sys.stderr)
            return 1
        results.append(result)
        if not args.json:
            gap = "n/a" if result["gap_pct"] is None else f"{result['gap_pct']:.2f} %"
            print(
                f"{result['instance']}: distance {result['distance']:.1f}, "
                f"{result['vehicles']} vehicles, gap {gap}, feasible {result['feasible']}, "
                f"{result['wall_s']:.1f} s ({result['engine']})"
            )
    if args.json:
        print(json.dumps(results, indent=1))
    return 0 if all(r["feasible"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
