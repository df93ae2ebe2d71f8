// The reception desk: search, check-in and no-show with one tap, walk-ins (options, then
// booking and the slip), kept up to date from the day's events without a reload.
"use strict";

(() => {
  const t = Day.words;
  const families = document.getElementById("families");
  const unserved = document.getElementById("unserved");
  const search = document.getElementById("search");
  const message = document.getElementById("desk-message");
  const form = document.getElementById("walk-in");
  const formMessage = document.getElementById("walk-in-message");
  const optionsBox = document.getElementById("options");
  const slip = document.getElementById("slip");
  const names = JSON.parse(document.getElementById("names").textContent);
  const service = (id) => names.services[id] || id;
  const experts = (ids) => ids.map((id) => names.experts[id] || id).join(", ");

  const squash = (text) => text.toLowerCase().replace(/\s+/g, "");
  function filter() {
    const query = squash(search.value);
    for (const family of families.querySelectorAll("tbody.family")) {
      let shown = 0;
      for (const row of family.querySelectorAll("tr.appointment")) {
        row.hidden = query !== "" && !squash(row.dataset.search).includes(query);
        if (!row.hidden) shown += 1;
      }
      family.hidden = shown === 0;
    }
  }
  search.addEventListener("input", filter);

  const refresh = Day.later(async () => {
    await Promise.all([Day.swap(families, "/desk/families"), Day.swap(unserved, "/desk/unserved")]);
    filter();
  });

  families.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const row = button.closest("tr[data-patient]");
    const patient = row.dataset.patient;
    button.disabled = true;
    try {
      const answer = await Day.post(`/api/patients/${encodeURIComponent(patient)}/${button.dataset.action}`);
      for (const same of families.querySelectorAll("tr[data-patient]")) {
        if (same.dataset.patient === patient && !["called", "done"].includes(same.dataset.status)) {
          same.dataset.status = answer.status;
        }
      }
      Day.say(message, "");
      refresh();
    } catch (error) {
      Day.say(message, error.message, true);
    } finally {
      button.disabled = false;
    }
  });

  Day.listen(Day.KINDS.filter((kind) => /^(patient|walk_in\.booked|version)/.test(kind)), refresh);

  // Walk-ins: the short form, then the options of each need, then booking one letter.
  function walkIn() {
    const data = new FormData(form);
    const id = data.get("id").trim();
    return {
      id,
      name: data.get("name").trim(),
      family: data.get("family").trim() || id,
      severity: data.get("severity"),
      needs: data.getAll("needs"),
      arrives: `${data.get("date")}T${data.get("arrives")}`,
      leaves: `${data.get("date")}T${data.get("leaves")}`,
    };
  }

  function element(tag, text, className) {
    const made = document.createElement(tag);
    if (text !== undefined) made.textContent = text;
    if (className) made.className = className;
    return made;
  }

  function showOptions(answer) {
    optionsBox.replaceChildren(element("h3", t.options));
    const letters = new Set();
    for (const [need, options] of Object.entries(answer.options)) {
      optionsBox.append(element("h4", service(need)));
      const list = element("ul", undefined, "options");
      for (const option of options) {
        letters.add(option.option);
        list.append(element("li", `${option.option}) ${Day.clock(option.start)}–${Day.clock(option.end)} · ${t.room} ${option.room} · ${experts(option.experts)}`));
      }
      if (answer.reasons[need]) list.append(element("li", `${t.no_option}: ${answer.reasons[need]}`, "error"));
      optionsBox.append(list);
    }
    for (const letter of [...letters].sort()) {
      const button = element("button", `${t.book} ${letter}`, letter === "a" ? "primary" : "");
      button.type = "button";
      button.dataset.option = letter;
      button.addEventListener("click", () => book(answer.walk_in, letter));
      optionsBox.append(button);
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    slip.hidden = true;
    try {
      showOptions(await Day.post("/api/walk-ins", walkIn()));
      Day.say(formMessage, "");
    } catch (error) {
      Day.say(formMessage, error.message, true);
    }
  });

  async function book(id, letter) {
    try {
      const booked = await Day.post(`/api/walk-ins/${encodeURIComponent(id)}/book`, {option: letter});
      const day = await Day.getJSON("/api/day");
      const mine = day.appointments.find((a) => a.patient === id);
      showSlip(id, mine ? mine.ticket : "", booked);
      optionsBox.replaceChildren();
      nextId();
      refresh();
    } catch (error) {
      Day.say(formMessage, error.message, true);
    }
  }

  function showSlip(id, ticket, booked) {
    const name = form.elements.namedItem("name").value;
    slip.replaceChildren(element("h3", t.slip), element("p", `${ticket} · ${name} (${id})`, "big"));
    const list = element("ul");
    for (const a of booked.appointments) {
      const day = a.start.substring(0, 10);
      list.append(element("li", `${day} ${Day.clock(a.start)}–${Day.clock(a.end)} · ${service(a.service)} · ${t.room} ${a.room} · ${experts(a.experts)}`));
    }
    for (const u of booked.unserved) list.append(element("li", `${service(u.service)}: ${t.no_option} (${u.reason})`));
    const print = element("button", t.print);
    print.type = "button";
    print.addEventListener("click", () => window.print());
    slip.append(list, print);
    slip.hidden = false;
  }

  function nextId() {
    const number = Number(form.dataset.next) + 1;
    form.dataset.next = String(number);
    const id = `w${String(number).padStart(2, "0")}`;
    form.elements.namedItem("id").value = id;
    form.elements.namedItem("family").placeholder = id;
    form.elements.namedItem("family").value = "";
    form.elements.namedItem("name").value = "";
  }
})();
