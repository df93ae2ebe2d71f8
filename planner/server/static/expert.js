// An expert's phone: call, done and skip on their own patients; the queue is swapped for
// its fresh HTML whenever the day changes.
"use strict";

(() => {
  const queue = document.getElementById("queue");
  const message = document.getElementById("expert-message");
  const refresh = Day.later(() => Day.swap(queue, "/expert/queue"));

  queue.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const patient = button.closest("[data-patient]").dataset.patient;
    button.disabled = true;
    try {
      await Day.post(`/api/patients/${encodeURIComponent(patient)}/${button.dataset.action}`);
      Day.say(message, "");
      refresh();
    } catch (error) {
      Day.say(message, error.message, true);
      button.disabled = false;
    }
  });

  Day.listen(Day.KINDS.filter((kind) => /^(patient|walk_in\.booked|version)/.test(kind)), refresh);
})();
