// "全选" boxes: tick or untick every checkbox named by data-select-all in the same form
// (no inline handler: the pages' CSP allows scripts from /static only).
document.addEventListener("change", (event) => {
  const box = event.target.closest("input[data-select-all]");
  if (!box || !box.form) return;
  const name = box.dataset.selectAll;
  for (const item of box.form.querySelectorAll("input[type=checkbox]")) {
    if (item.name === name) item.checked = box.checked;
  }
});
