// The paragraph editor: a figure's button inserts its placeholder at the cursor, so a number is never typed.
document.querySelectorAll("[data-insert-figure]").forEach((button) => {
  button.addEventListener("click", () => {
    const area = document.querySelector("textarea[data-figure-target]");
    if (!area) return;
    const token = button.getAttribute("data-insert-figure");
    const start = area.selectionStart ?? area.value.length;
    const end = area.selectionEnd ?? start;
    area.value = area.value.slice(0, start) + token + area.value.slice(end);
    area.focus();
    area.selectionStart = area.selectionEnd = start + token.length;
  });
});
