// The waiting-room screen: when a patient is called, finished or skipped, the list of
// called tickets is swapped for its fresh HTML (ticket, masked name, room), and the
// tickets that were not there before are highlighted. No reload.
"use strict";

(() => {
  const calls = document.getElementById("calls");
  const tickets = () => new Set([...calls.querySelectorAll("[data-ticket]")].map((e) => e.dataset.ticket));
  let timer = null;

  async function refresh() {
    const before = tickets();
    const answer = await fetch("/screen/calls", {credentials: "same-origin"});
    if (!answer.ok) return;
    calls.innerHTML = await answer.text();
    for (const call of calls.querySelectorAll("[data-ticket]")) {
      if (!before.has(call.dataset.ticket)) call.classList.add("fresh");
    }
  }

  const source = new EventSource("/api/events");
  source.addEventListener("open", refresh); // after a restart of the server, too
  for (const kind of ["patient.call", "patient.done", "patient.skip", "version.published"]) {
    source.addEventListener(kind, () => {
      if (timer) return;
      timer = setTimeout(() => { timer = null; refresh(); }, 100);
    });
  }
})();
