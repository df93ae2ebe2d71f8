"""Re-plan jobs in the background, with progress and cancel, and publishing their result.

A job re-plans the day from the events so far (`DayState.changes`) in a thread, through
`planner.jobs.serve.replan_day`, as `planner replan` would. Its result waits in the jobs
table until the coordinator publishes it as a new version; a job older than the day's
last change is stale and cannot be published. A failed job leaves the version as it was.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.files.scenario import dump_scenario, load_scenario
from planner.model import Plan
from planner.model.errors import PlannerError
from planner.server.actions import Refused
from planner.server.live import LiveDay
from planner.server.state import Version
from solver.limits import Limits


@dataclass
class Running:
    """A job in this process: its thread's stop flag and its progress."""

    stop: threading.Event
    started: float
    limit_s: float
    line: str = ""
    done: threading.Event = field(default_factory=threading.Event)

    def progress(self) -> float:
        """The share of the time limit spent, below 1 until the job ends."""
        return round(min(0.99, (time.monotonic() - self.started) / self.limit_s), 2)


class Replans:
    """The coordinator's re-plan jobs."""

    def __init__(self, day: LiveDay, out_dir: Path, lang: str, time_limit_s: float) -> None:
        self.day, self.out_dir, self.lang, self.time_limit_s = day, out_dir, lang, time_limit_s
        self.running: dict[str, Running] = {}
        self._publish = threading.Lock()

    def start(self, role: str, who: str) -> str:
        """Start a re-plan of the day as it now is; the job's id."""
        from planner.jobs.serve import replan_day  # the solver loads at the first re-plan

        job_id = uuid.uuid4().hex[:12]
        with self.day.lock:
            state = self.day.state
            scenario, plan = state.scenario.model_copy(deep=True), state.plan.model_copy(deep=True)
            scenario._base_dir = state.scenario.base_dir
            changes = state.changes(self.day.clock.now())
            base = self.day.record(role, who, "replan.started", {"job": job_id}).id
        self.day.store.save_job(job_id, "running", base)
        running = Running(threading.Event(), time.monotonic(), self.time_limit_s)
        self.running[job_id] = running
        limits = Limits(
            time_limit_s=self.time_limit_s,
            seed=0,
            stop=running.stop,
            progress=lambda line: setattr(running, "line", line),
        )

        def work() -> None:
            try:
                day, new = replan_day(scenario, plan, changes, limits)
            except Exception as error:  # a job must say why it failed, whatever it was
                if running.stop.is_set():  # stopped before it found a plan
                    self._end(job_id, "cancelled", "cancelled by the coordinator")
                elif isinstance(error, PlannerError):
                    self._end(job_id, "failed", " ".join(error.messages))
                else:
                    self._end(job_id, "failed", f"{type(error).__name__}: {error}")
            else:
                if running.stop.is_set():
                    self._end(job_id, "cancelled", "cancelled by the coordinator")
                else:
                    self.day.store.save_job(
                        job_id, "done", base, "", dump_scenario(day), new.model_dump_json()
                    )
                    self.day.record("system", "replan", "replan.done", {"job": job_id})
            finally:
                running.done.set()

        threading.Thread(target=work, name=f"replan-{job_id}", daemon=True).start()
        return job_id

    def _end(self, job_id: str, state: str, reason: str) -> None:
        row = self.day.store.job(job_id) or {"base_event": 0}
        self.day.store.save_job(job_id, state, row["base_event"], reason)
        self.day.record("system", "replan", f"replan.{state}", {"job": job_id, "reason": reason})

    def status(self, job_id: str) -> dict[str, Any]:
        """The job's state, progress, and its changes once done."""
        row = self._row(job_id)
        running = self.running.get(job_id)
        answer: dict[str, Any] = {"job": job_id, "state": row["state"], "reason": row["reason"]}
        if row["state"] == "running":
            answer["progress"] = running.progress() if running else 0.0
            answer["line"] = running.line if running else ""
            answer["changes"] = []
        else:
            answer["progress"] = 1.0
            plan = Plan.model_validate_json(row["plan_json"]) if row["plan_json"] else None
            answer["changes"] = (
                []
                if plan is None
                else [c.model_dump(mode="json", by_alias=True) for c in plan.changes]
            )
        answer["stale"] = row["base_event"] < self.day.state.last_change
        return answer

    def cancel(self, role: str, who: str, job_id: str) -> dict[str, Any]:
        """Stop a running job; it ends as cancelled."""
        row = self._row(job_id)
        running = self.running.get(job_id)
        if row["state"] != "running" or running is None:
            raise Refused(422, f"job {job_id} is {row['state']}, not running", "job")
        running.stop.set()
        self.day.record(role, who, "replan.cancel", {"job": job_id})
        running.done.wait(30)
        return self.status(job_id)

    def publish(self, role: str, who: str, job_id: str) -> int:
        """Write the job's result as the next version and put it in force; its number.

        Raises:
            Refused: 404 unknown job; 409 stale; 422 not done.
        """
        from planner.jobs.serve import publish_version

        with self._publish, self.day.lock:
            row = self._row(job_id)
            if row["state"] != "done":
                raise Refused(
                    422, f"job {job_id} is {row['state']}: only a done job can be published", "job"
                )
            if row["base_event"] < self.day.state.last_change:
                raise Refused(
                    409,
                    "the day changed since this re-plan started (a walk-in, a "
                    "no-show, new hours or a closed room): re-plan again",
                    "job",
                )
            number = max(self.day.state.versions) + 1
            folder = self.out_dir / "versions" / str(number)
            plan = Plan.model_validate_json(row["plan_json"])
            publish_version(
                _scenario_of(row["scenario_yaml"], folder),
                plan,
                self.day.state.plan,
                folder,
                self.lang,
            )
            scenario = load_scenario(folder / "scenario.yaml")
            self.day.store.add_version(number, row["scenario_yaml"], row["plan_json"])
            self.day.add_version(Version(number, scenario, plan))
            self.day.record(role, who, "version.published", {"version": number, "job": job_id})
            return number

    def _row(self, job_id: str) -> dict[str, Any]:
        row = self.day.store.job(job_id)
        if row is None:
            raise Refused(404, f"unknown job '{job_id}'", "job")
        return row


def _scenario_of(text: str, folder: Path) -> Any:
    """The job's day scenario read back from its YAML (written first into the folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return load_scenario(path)
