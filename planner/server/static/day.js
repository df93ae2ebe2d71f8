// Shared by the pages (written for this project; no library): the pages' words, posting
// to the JSON API with the session's CSRF token, swapping a part of a page for its fresh
// HTML, and listening to the day's server-sent events.
"use strict";

const Day = (() => {
  const KINDS = [
    "login", "login.failed", "patient.check_in", "patient.no_show", "patient.call",
    "patient.done", "patient.skip", "walk_in.options", "walk_in.booked", "expert.hours",
    "room.closed", "replan.started", "replan.cancel", "replan.done", "replan.failed",
    "replan.cancelled", "version.published",
  ];
  const read = (id) => {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : {};
  };
  const words = read("words");
  const csrf = () => {
    const meta = document.querySelector('meta[name="csrf"]');
    return meta ? meta.content : "";
  };

  async function post(path, body) {
    const answer = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf()},
      body: JSON.stringify(body === undefined ? {} : body),
    });
    let data = {};
    try { data = await answer.json(); } catch (_) { data = {}; }
    if (!answer.ok) {
      const error = new Error(data.detail || `${answer.status} ${answer.statusText}`);
      error.status = answer.status;
      error.field = data.field;
      throw error;
    }
    return data;
  }

  async function getJSON(path) {
    const answer = await fetch(path, {credentials: "same-origin"});
    if (!answer.ok) throw new Error(`${answer.status} ${answer.statusText}`);
    return answer.json();
  }

  async function swap(element, path) {
    const answer = await fetch(path, {credentials: "same-origin"});
    if (answer.ok) element.innerHTML = await answer.text();
  }

  // Run `work` once after a burst of calls (several events arrive together).
  function later(work, wait) {
    let timer = null;
    return () => {
      if (timer) return;
      timer = setTimeout(() => { timer = null; work(); }, wait || 150);
    };
  }

  // Call `handler(kind, data)` for each event of these kinds; the browser reconnects
  // by itself, and resumes after the last event it saw (Last-Event-ID).
  function listen(kinds, handler) {
    const source = new EventSource("/api/events");
    for (const kind of kinds) {
      source.addEventListener(kind, (event) => handler(kind, JSON.parse(event.data)));
    }
    return source;
  }

  function say(element, text, error) {
    if (!element) return;
    element.textContent = text;
    element.classList.toggle("error", Boolean(error));
  }

  function clock(iso) { return iso ? iso.substring(11, 16) : ""; }

  return {KINDS, words, post, getJSON, swap, later, listen, say, clock};
})();
