/* Household statuses on a volunteer's route map (ours, not vendored).
 *
 * A tap on a status button in a household's popup marks it; tapping the marked status
 * again clears it. Statuses live in the phone's localStorage under a key of this map
 * only, so they survive a reload and need no network. Each marker shows its status
 * as `data-status` (coloured by maps.css). The legend exports them as
 * `status-<team>-<day>.csv` (household,status,at,note,team,day) or copies the same text.
 */
(function () {
  "use strict";

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // The phone's own clock with its UTC offset, e.g. 2025-07-06T09:40:00+08:00.
  function localIso(date) {
    var offset = -date.getTimezoneOffset();
    var sign = offset >= 0 ? "+" : "-";
    offset = Math.abs(offset);
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) +
      "T" + pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds()) +
      sign + pad(Math.floor(offset / 60)) + ":" + pad(offset % 60);
  }

  // RFC 4180: quote a field holding a comma, a quote or a line break.
  function csvField(text) {
    text = String(text);
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function Statuses(map, config) {
    this.map = map;
    this.config = config;
    this.data = this.load();
    var self = this;
    document.addEventListener("click", function (event) { self.onClick(event); });
    // Saved as it is typed: a popup closed mid-note fires no change event.
    document.addEventListener("input", function (event) { self.onNote(event); });
    // Leaflet builds a popup's DOM afresh each time it opens, and markers when they
    // come into view: paint the current statuses onto whatever is new.
    map.on("popupopen layeradd zoomend", function () { self.paint(); });
    this.paint();
  }

  Statuses.prototype.load = function () {
    try {
      return JSON.parse(window.localStorage.getItem(this.config.key)) || {};
    } catch (error) {
      return {};  // storage unreadable (private mode, corrupt value): start empty
    }
  };

  Statuses.prototype.save = function () {
    window.localStorage.setItem(this.config.key, JSON.stringify(this.data));
    this.paint();
  };

  Statuses.prototype.onClick = function (event) {
    var target = event.target.closest ? event.target.closest("button") : null;
    if (!target) return;
    if (target.dataset.action === "export-status") this.download();
    else if (target.dataset.action === "copy-status") this.copy();
    else if (target.dataset.household && target.dataset.status) {
      this.mark(target.dataset.household, target.dataset.status, target);
    }
  };

  Statuses.prototype.mark = function (household, status, button) {
    var entry = this.data[household] || {status: "", at: "", note: ""};
    var popup = button.closest(".visit-popup");
    var note = popup ? popup.querySelector("[data-note-for]") : null;
    if (note) entry.note = note.value;
    if (entry.status === status) {
      entry.status = "";  // a second tap on the marked status clears it
    } else {
      entry.status = status;
      entry.at = localIso(new Date());
    }
    this.data[household] = entry;
    this.save();
  };

  Statuses.prototype.onNote = function (event) {
    var input = event.target;
    if (!input.dataset || !input.dataset.noteFor) return;
    var household = input.dataset.noteFor;
    var entry = this.data[household] || {status: "", at: "", note: ""};
    entry.note = input.value;
    this.data[household] = entry;
    this.save();
  };

  Statuses.prototype.paint = function () {
    var data = this.data;
    var root = this.map.getContainer();
    root.querySelectorAll(".stop-symbol[data-household]").forEach(function (marker) {
      var entry = data[marker.dataset.household];
      marker.dataset.status = entry && entry.status ? entry.status : "";
    });
    root.querySelectorAll("button[data-household][data-status]").forEach(function (button) {
      var entry = data[button.dataset.household];
      var on = Boolean(entry && entry.status === button.dataset.status);
      button.classList.toggle("current", on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
    root.querySelectorAll("[data-note-for]").forEach(function (input) {
      var entry = data[input.dataset.noteFor];
      if (document.activeElement !== input) input.value = entry ? entry.note : "";
    });
    var counts = root.querySelector("[data-role=status-counts]");
    if (counts) counts.textContent = this.counts();
  };

  Statuses.prototype.counts = function () {
    var data = this.data;
    var marked = this.config.households.filter(function (id) {
      return data[id] && data[id].status;
    }).length;
    return marked + " / " + this.config.households.length;
  };

  Statuses.prototype.csv = function () {
    var config = this.config;
    var data = this.data;
    var lines = ["household,status,at,note,team,day"];
    config.households.forEach(function (id) {  // in route order
      var entry = data[id];
      if (!entry || !entry.status) return;
      lines.push([id, entry.status, entry.at, entry.note || "", config.team, config.day]
        .map(csvField).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  };

  Statuses.prototype.download = function () {
    var blob = new Blob([this.csv()], {type: "text/csv;charset=utf-8"});
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = this.config.file;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  };

  // Shows the text, selected, so that it can be copied by hand where the clipboard
  // is refused (file: pages are not always trusted with it), then tries the clipboard.
  Statuses.prototype.copy = function () {
    var box = this.map.getContainer().querySelector("[data-role=status-text]");
    var text = this.csv();
    var done = this.map.getContainer().querySelector("[data-role=status-copied]");
    box.value = text;
    box.hidden = false;
    box.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    if (!copied && navigator.clipboard) {
      navigator.clipboard.writeText(text).then(function () { done.hidden = false; }, function () {});
    }
    if (done) done.hidden = !copied;
  };

  window.plannerStatuses = function (map, config) {
    return new Statuses(map, config);
  };
})();
