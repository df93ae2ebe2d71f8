// The coordinator: new hours and closed rooms, re-plan (progress, cancel), the proposal
// and publishing; the grid and the audit log follow the day's events.
"use strict";

(() => {
  const t = Day.words;
  const grid = document.getElementById("grid");
  const audit = document.getElementById("audit");
  const proposal = document.getElementById("proposal");
  const replan = document.getElementById("replan");
  const progress = document.getElementById("progress");
  const cancel = document.getElementById("cancel");
  const line = document.getElementById("progress-line");
  let job = null;

  function span(data) {
    return {date: data.get("date"), start: data.get("start"), end: data.get("end")};
  }

  function submit(form, send) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const message = form.querySelector(".message");
      try {
        await send(new FormData(form));
        Day.say(message, t.saved);
      } catch (error) {
        Day.say(message, error.message, true);
      }
    });
  }

  submit(document.getElementById("hours"), (data) => {
    const available = data.get("away") ? [] : [span(data)];
    return Day.post(`/api/experts/${encodeURIComponent(data.get("expert"))}/hours`, {available});
  });
  submit(document.getElementById("close-room"), (data) => {
    const [venue, room] = data.get("room").split("/");
    return Day.post(`/api/rooms/${encodeURIComponent(venue)}/${encodeURIComponent(room)}/close`, {closed: [span(data)]});
  });

  function running(yes) {
    progress.hidden = !yes;
    cancel.hidden = !yes;
    replan.disabled = yes;
  }

  async function follow() {
    const status = await Day.getJSON(`/api/jobs/${job}`);
    progress.value = status.progress;
    line.textContent = status.line || t.running;
    if (status.state === "running") {
      setTimeout(follow, 500);
      return;
    }
    running(false);
    line.textContent = t[status.state] || status.state;
    await Day.swap(proposal, `/coordinator/jobs/${job}`);
  }

  replan.addEventListener("click", async () => {
    try {
      job = (await Day.post("/api/replan")).job;
      proposal.replaceChildren();
      running(true);
      follow();
    } catch (error) {
      Day.say(line, error.message, true);
    }
  });

  cancel.addEventListener("click", async () => {
    try { await Day.post(`/api/jobs/${job}/cancel`); } catch (error) { Day.say(line, error.message, true); }
  });

  proposal.addEventListener("click", async (event) => {
    const button = event.target.closest("#publish");
    if (!button) return;
    button.disabled = true;
    try {
      const answer = await Day.post(`/api/jobs/${button.dataset.job}/publish`);
      Day.say(line, t.published.replace("{version}", answer.version));
      setTimeout(() => location.reload(), 800);
    } catch (error) {
      Day.say(line, error.message, true);
      button.disabled = false;
    }
  });

  // The audit log: the events after the newest row shown, newest first.
  async function more() {
    const newest = audit.querySelector("tr[data-event]");
    const after = newest ? newest.dataset.event : 0;
    for (const event of await Day.getJSON(`/api/audit?after=${after}`)) {
      const row = document.createElement("tr");
      row.dataset.event = event.id;
      const p = event.payload;
      const about = p.patient || p.job || p.expert || p.room || p.version || "";
      for (const text of [event.id, new Date(event.at).toLocaleTimeString("en-GB"), event.who, event.what, about]) {
        const cell = document.createElement("td");
        cell.textContent = text;
        row.append(cell);
      }
      audit.prepend(row);
    }
  }

  const refreshGrid = Day.later(() => Day.swap(grid, "/coordinator/grid"));
  const refreshAudit = Day.later(more);
  Day.listen(Day.KINDS, () => { refreshGrid(); refreshAudit(); });
})();
