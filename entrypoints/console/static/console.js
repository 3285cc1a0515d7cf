// The console's small behaviours; the pages work without them where they can.
"use strict";

function onReady(fn) {
  if (document.readyState !== "loading") fn();
  else document.addEventListener("DOMContentLoaded", fn);
}

function announce(target, text) {
  if (target) target.textContent = text;
}

// <form data-confirm="Question?">: ask before sending.
function confirmForms() {
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
}

// <button data-copy="element-id" data-copied="status-id">: copy that element's text.
function copyButtons() {
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      const status = document.getElementById(button.dataset.copied || "");
      const text = source ? (source.value !== undefined ? source.value : source.textContent) : "";
      try {
        await navigator.clipboard.writeText(text);
        announce(status, "Copied to the clipboard.");
        button.dataset.state = "copied";
      } catch (error) {
        announce(status, "Copying was refused by the browser: select the text and copy it.");
      }
    });
  });
}

// Pictures from TikTok's CDN that cannot be loaded (expired links, no network) are hidden
// rather than shown broken.
function hideBrokenPictures() {
  document.querySelectorAll("img").forEach((img) => {
    const hide = () => { img.hidden = true; };
    if (img.complete && img.naturalWidth === 0) hide();
    else img.addEventListener("error", hide);
  });
}

onReady(() => {
  hideBrokenPictures();
  confirmForms();
  copyButtons();
});
