// The login page: role and PIN (an expert picks their id), then the role's page.
"use strict";

(() => {
  const form = document.getElementById("login");
  const role = document.getElementById("role");
  const expertField = document.getElementById("expert-field");
  const message = document.getElementById("login-message");
  const homes = JSON.parse(form.dataset.homes);
  const showExpert = () => { expertField.hidden = role.value !== "expert"; };
  role.addEventListener("change", showExpert);
  showExpert();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {role: role.value, pin: document.getElementById("pin").value};
    if (role.value === "expert") body.expert = document.getElementById("expert").value;
    try {
      const who = await Day.post("/api/login", body);
      const next = new URLSearchParams(location.search).get("next");
      const mayGo = who.role === "coordinator" && Object.values(homes).includes(next);
      location.assign(mayGo ? next : homes[who.role]);
    } catch (error) {
      Day.say(message, error.status === 401 ? Day.words.wrong_pin : error.message, true);
    }
  });
})();
