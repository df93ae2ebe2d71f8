"""The Solomon VRPTW harness: classic instances solved by the household routing engine.

`python -m benchmarks.solomon FILE.vrp ... --time-limit S --json` solves each instance
through `solver.routing.engines.solve_problem`, the entry the home visits use, and
recomputes each answer's distance and feasibility from the coordinates alone.
`python -m benchmarks.solomon.report` measures the gaps to the best-known solutions.
"""
