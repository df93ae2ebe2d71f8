"""`planner serve` benchmark: a real server process on a 300-patient day, 20 clients at once.

For each seed: a generated one-day stop of `--patients` patients (households none) and its
plan as a first-come-first-served desk would book it (`benchmarks.fcfs`, valid by the
checker; the server is measured here, not the solver), served by `python -m planner serve`
on SQLite (or `--db URL`) with `--clock` at 08:00. Then, at once, for `--duration` seconds:
- `--desks` reception desks check the families in, in arrival order;
- `--walk-in-desks` desks register a walk-in (`POST /api/walk-ins`) and book its option a;
- every other client but the screens is an expert (the busiest ones first) calling and
  finishing their own patients as they are checked in;
- `--screens` waiting-room screens listen on `/api/events`.

Each client waits `--think` seconds (uniform 0.5x to 1.5x, fixed seed) between its
actions, much faster than people tap, so the figures are an upper bound for a real day.

It measures the check-in and walk-in options latencies (from sending the request to
reading the answer), the time from a call's answer to its server-sent event on each
screen, and the server's peak resident memory (`VmHWM` of /proc). Run it as
`python -m benchmarks.serve --seeds 1,2,3`. It is not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from benchmarks.fcfs import fcfs_plan
from benchmarks.serving import free_port, wait_until_serving
from planner.files.scenario import dump_scenario
from planner.model import Scenario
from planner.model.synthetic import GenerateOptions, generate

PINS = {"coordinator": "1111", "reception": "2222", "screen": "3333"}
EXPERT_PIN = "4444"


@dataclass
class Measures:
    """What the clients saw during one run."""

    check_in_ms: list[float] = field(default_factory=list)
    walk_in_ms: list[float] = field(default_factory=list)
    book_ms: list[float] = field(default_factory=list)
    called: dict[int, float] = field(default_factory=dict)
    """Each call's event id and when its answer was read (monotonic)."""
    shown: list[dict[int, float]] = field(default_factory=list)
    """For each screen, each call event's id and when it came on the stream."""
    codes: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


def write_day(folder: Path, patients: int, seed: int) -> Scenario:
    """day.yaml, plan.json and pins.yaml of a generated one-day stop in `folder`."""
    scenario = generate(GenerateOptions(patients=patients, households=0, seed=seed, days=1))
    plan = fcfs_plan(scenario)
    (folder / "day.yaml").write_text(dump_scenario(scenario), "utf-8")
    (folder / "plan.json").write_text(plan.model_dump_json(), "utf-8")
    lines = [f"{role}: '{pin}'" for role, pin in PINS.items()]
    lines += ["experts:"] + [f"  {e.id}: '{EXPERT_PIN}'" for e in scenario.experts]
    (folder / "pins.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return scenario


def start_server(
    folder: Path, scenario: Scenario, db: str | None
) -> tuple[subprocess.Popen[bytes], str]:
    """`python -m planner serve` on the day in `folder`, once it answers; and its URL."""
    port = free_port()
    clock = f"{scenario.clinic_dates()[0]}T08:00"
    command = [sys.executable, "-m", "planner", "serve", str(folder / "day.yaml"),
               "--plan", str(folder / "plan.json"), "--out", str(folder / "out"),
               "--pins", str(folder / "pins.yaml"), "--port", str(port), "--clock", clock,
               "--lang", "en", *(["--db", db] if db else [])]  # fmt: skip
    with (folder / "serve.log").open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_serving(process, url, folder / "serve.log", SystemExit)
    return process, url


def rss_mb(pid: int, key: str = "VmHWM") -> float:
    """The process's peak resident memory (VmHWM) or its resident memory now (VmRSS), MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Client:
    """One logged-in client with its own cookie."""

    def __init__(self, http: httpx.AsyncClient, csrf: str) -> None:
        self.http, self.csrf = http, csrf

    async def post(self, path: str, body: Any = None) -> tuple[httpx.Response, float]:
        """The answer and its latency in ms."""
        started = time.perf_counter()
        answer = await self.http.post(path, json=body, headers={"X-CSRF-Token": self.csrf})
        return answer, (time.perf_counter() - started) * 1000


async def login(url: str, role: str, expert: str | None = None) -> Client:
    """A client logged in as the role (or as the expert)."""
    http = httpx.AsyncClient(base_url=url, timeout=30)
    pin = EXPERT_PIN if expert else PINS[role]
    body = {"role": role, "pin": pin, **({"expert": expert} if expert else {})}
    answer = await http.post("/api/login", json=body)
    answer.raise_for_status()
    return Client(http, answer.json()["csrf"])


class Run:
    """The clients of one run and what they measure, until `stop` is set."""

    def __init__(self, args: argparse.Namespace, scenario: Scenario, url: str) -> None:
        self.args, self.scenario, self.url = args, scenario, url
        self.measures = Measures()
        self.stop = asyncio.Event()
        self.listening = asyncio.Semaphore(0)
        """Released once by each screen when its stream is open."""
        self.rng = random.Random(args.seed_of_run)

    async def think(self) -> None:
        await asyncio.sleep(self.args.think * self.rng.uniform(0.5, 1.5))

    async def desk(self, client: Client, patients: list[str]) -> None:
        for patient in patients:
            if self.stop.is_set():
                return
            answer, ms = await client.post(f"/api/patients/{patient}/check-in")
            self.record("check-in", answer)
            self.measures.check_in_ms.append(ms)
            await self.think()

    async def walk_ins(self, client: Client, index: int) -> None:
        rng = random.Random(self.args.seed_of_run * 100 + index)
        day = self.scenario.clinic_dates()[0]
        count = 0
        while not self.stop.is_set():
            model = rng.choice(self.scenario.patients)
            arrives = dt.datetime.combine(day, dt.time(9)) + dt.timedelta(
                minutes=rng.randrange(120)
            )
            walk_in = {"id": f"w{index}-{count}", "family": f"wf{index}-{count}",
                       "severity": model.severity, "arrives": arrives.isoformat(),
                       "leaves": f"{day}T17:30", "needs": model.needs}  # fmt: skip
            count += 1
            answer, ms = await client.post("/api/walk-ins", walk_in)
            self.record("walk-in", answer)
            self.measures.walk_in_ms.append(ms)
            if answer.status_code == 200 and any(answer.json()["options"].values()):
                booked, ms = await client.post(
                    f"/api/walk-ins/{walk_in['id']}/book", {"option": "a"}
                )
                self.record("book", booked)
                self.measures.book_ms.append(ms)
            await asyncio.sleep(self.args.walk_in_every * rng.uniform(0.5, 1.5))

    async def expert(self, client: Client) -> None:
        mine = (await client.http.get("/api/day")).json()["appointments"]
        queue = [a["patient"] for a in mine]
        while queue and not self.stop.is_set():
            patient = queue[0]
            answer, _ = await client.post(f"/api/patients/{patient}/call")
            if answer.status_code == 422:  # not checked in yet: try the next one later
                queue.append(queue.pop(0))
                await self.think()
                continue
            self.record("call", answer)
            if answer.status_code == 200:
                self.measures.called[answer.json()["event"]] = time.monotonic()
            await self.think()
            self.record("done", (await client.post(f"/api/patients/{patient}/done"))[0])
            queue.pop(0)
            await self.think()

    async def screen(self, client: Client) -> None:
        shown: dict[int, float] = {}
        self.measures.shown.append(shown)
        async with client.http.stream("GET", "/api/events", timeout=None) as stream:
            self.listening.release()
            async for line in stream.aiter_lines():
                if line.startswith("data:"):
                    data = json.loads(line.removeprefix("data:"))
                    if data["what"] == "patient.call":
                        shown[data["id"]] = time.monotonic()

    def record(self, what: str, answer: httpx.Response) -> None:
        self.measures.codes[f"{what} {answer.status_code}"] += 1
        if answer.status_code >= 500:
            self.measures.errors.append(f"{what}: {answer.status_code} {answer.text[:200]}")

    async def main(self) -> Measures:
        args = self.args
        plan = json.loads((args.folder / "plan.json").read_text())
        experts = Counter(e for a in plan["appointments"] for e in a["experts"])
        busiest = [e for e, _ in experts.most_common()]
        n_experts = args.clients - args.desks - args.walk_in_desks - args.screens
        logins = [login(self.url, "reception") for _ in range(args.desks + args.walk_in_desks)]
        logins += [login(self.url, "expert", e) for e in busiest[:n_experts]]
        logins += [login(self.url, "screen") for _ in range(args.screens)]
        clients = await asyncio.gather(*logins)
        desks = clients[: args.desks]
        walk_in_desks = clients[args.desks : args.desks + args.walk_in_desks]
        experts_ = clients[args.desks + args.walk_in_desks : len(clients) - args.screens]
        screens = clients[len(clients) - args.screens :]
        arrival = [p.id for p in sorted(self.scenario.patients, key=lambda p: (p.arrives, p.id))]
        tasks = [asyncio.create_task(self.screen(c)) for c in screens]
        for _ in screens:
            await asyncio.wait_for(self.listening.acquire(), 30)
        tasks += [asyncio.create_task(self.desk(c, arrival[i :: args.desks]))
                  for i, c in enumerate(desks)]  # fmt: skip
        tasks += [asyncio.create_task(self.walk_ins(c, i)) for i, c in enumerate(walk_in_desks)]
        tasks += [asyncio.create_task(self.expert(c)) for c in experts_]
        await asyncio.sleep(args.duration)
        self.stop.set()
        deadline = time.monotonic() + 1.0  # for the last calls to reach the screens
        while time.monotonic() < deadline and any(
            event not in shown for shown in self.measures.shown for event in self.measures.called
        ):
            await asyncio.sleep(0.05)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for client in clients:
            await client.http.aclose()
        return self.measures


def p95(values: list[float]) -> float:
    """The 95th percentile (nan without values)."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def run_seed(args: argparse.Namespace, seed: int, folder: Path) -> dict[str, Any]:
    """One run: the day of `seed`, served, and its clients for `--duration` seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    scenario = write_day(folder, args.patients, seed)
    db = args.db.format(seed=seed) if args.db else None
    process, url = start_server(folder, scenario, db)
    args.folder, args.seed_of_run = folder, seed
    try:
        at_start = rss_mb(process.pid, "VmRSS")
        measures = asyncio.run(Run(args, scenario, url).main())
        peak = rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
    lags = [(at - measures.called[event]) * 1000 for shown in measures.shown
            for event, at in shown.items() if event in measures.called]  # fmt: skip
    missed = sum(event not in shown for shown in measures.shown for event in measures.called)
    return {"seed": seed, "patients": len(scenario.patients),
            "check_ins": len(measures.check_in_ms), "check_in_p95": p95(measures.check_in_ms),
            "walk_ins": len(measures.walk_in_ms), "walk_in_p95": p95(measures.walk_in_ms),
            "book_p95": p95(measures.book_ms), "booked": len(measures.book_ms),
            "calls": len(measures.called),
            "screen_p95": p95(lags), "missed": missed, "rss_mb": peak, "start_mb": at_start,
            "codes": dict(measures.codes), "errors": measures.errors}  # fmt: skip


def ms(value: float) -> str:
    """Milliseconds for the table ("–" for none)."""
    return "–" if math.isnan(value) else f"{value:.0f} ms"


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """One row per seed and a row of medians over the seeds."""
    lines = [
        "| seed | patients | check-ins | check-in p95 | walk-ins (booked) | walk-in options p95 | "
        "booking p95 | calls | call on screen p95 | calls missed by a screen | RSS at start | "
        "peak RSS |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['seed']} | {r['patients']} | {r['check_ins']} | {ms(r['check_in_p95'])} | "
            f"{r['walk_ins']} ({r['booked']}) | {ms(r['walk_in_p95'])} | {ms(r['book_p95'])} | "
            f"{r['calls']} | {ms(r['screen_p95'])} | {r['missed']} | {r['start_mb']:.0f} MB | "
            f"{r['rss_mb']:.0f} MB |"
        )

    def median(key: str) -> float:
        values = [r[key] for r in rows if not math.isnan(r[key])]
        return statistics.median(values) if values else math.nan

    lines.append(
        f"| median | | | {ms(median('check_in_p95'))} | | {ms(median('walk_in_p95'))} | "
        f"{ms(median('book_p95'))} | | {ms(median('screen_p95'))} | | "
        f"{median('start_mb'):.0f} MB | {median('rss_mb'):.0f} MB |"
    )
    return "\n".join(lines)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.serve",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--seeds", default="1,2,3", help="generator seeds, comma-separated")
    parser.add_argument("--patients", type=int, default=300, help="patients of the day")
    parser.add_argument("--clients", type=int, default=20, help="clients at once")
    parser.add_argument("--desks", type=int, default=4, help="check-in desks")
    parser.add_argument("--walk-in-desks", type=int, default=2, help="walk-in desks")
    parser.add_argument("--screens", type=int, default=4, help="waiting-room screens")
    parser.add_argument("--duration", type=float, default=40.0, help="seconds of load")
    parser.add_argument("--think", type=float, default=0.3,
                        help="mean seconds between a client's actions")  # fmt: skip
    parser.add_argument("--walk-in-every", type=float, default=3.0,
                        help="mean seconds between a walk-in desk's walk-ins")  # fmt: skip
    parser.add_argument("--db", help="database URL ({seed} is replaced); default SQLite")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON too")
    args = parser.parse_args(argv)
    if args.clients - args.desks - args.walk_in_desks - args.screens < 1:
        parser.error("--clients must leave at least one expert")
    return args


def main(argv: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Run every seed, print the table, and return the rows."""
    args = _arguments(argv)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for seed in (int(s) for s in args.seeds.split(",")):
            rows.append(run_seed(args, seed, Path(folder) / f"seed-{seed}"))
            print(f"done: seed {seed}: {rows[-1]['codes']}", file=sys.stderr, flush=True)
            for error in rows[-1]["errors"][:5]:
                print(f"  error: {error}", file=sys.stderr)
    print(markdown_table(rows))
    if args.json:
        print(json.dumps(rows))
    return rows


if __name__ == "__main__":
    main()
