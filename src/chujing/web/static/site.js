// Progressive enhancement only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // After a refused submission, the error summary takes the focus (autofocus alone is not
  // honoured by every browser on a non-form element); its links move to the fields.
  const summary = document.querySelector(".error-summary");
  if (summary && document.activeElement !== summary) summary.focus();
  // Quick self-check: show the sensitive kinds only when 敏感个人信息 is chosen.
  const kinds = document.querySelector("fieldset.kinds");
  if (kinds) {
    const sync = () => {
      const chosen = document.querySelector("input[name=pi]:checked");
      kinds.hidden = !chosen || chosen.value !== "sensitive";
    };
    document.querySelectorAll("input[name=pi]").forEach((r) => r.addEventListener("change", sync));
    sync();
  }
  // Background jobs: poll a progress URL and follow to the result when done.
  document.querySelectorAll("[data-poll]").forEach((box) => {
    const tick = async () => {
      const res = await fetch(box.dataset.poll, { headers: { Accept: "application/json" } });
      // 404: the job is gone (the server restarted); the page itself explains and offers a restart.
      if (res.status === 404) { window.location.assign(box.dataset.next); return; }
      if (!res.ok) return;
      const job = await res.json();
      const bar = box.querySelector("progress");
      if (bar && typeof job.progress === "number") bar.value = job.progress;
      const label = box.querySelector("[data-status]");
      if (label) label.textContent = job.message;
      if (job.done) { window.location.assign(box.dataset.next); } else { setTimeout(tick, 700); }
    };
    setTimeout(tick, 500);
  });
});
