// "复制" buttons: copy the text of the input named by data-copy (no inline script: strict CSP).
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const input = document.getElementById(button.dataset.copy);
  if (!input) return;
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    document.execCommand("copy");
  }
  const note = document.querySelector(`[data-copied-for="${button.dataset.copy}"]`);
  if (note) note.hidden = false;
});
