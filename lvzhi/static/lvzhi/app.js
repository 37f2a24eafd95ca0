// Small behaviours that need no inline script (the CSP forbids it).
document.addEventListener("DOMContentLoaded", () => {
  // A form's submit button asks for confirmation when it says so: data-confirm="…".
  document.body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });
  // Filters submit themselves when a select changes (the 筛选 button stays for keyboard users).
  document.querySelectorAll("form[data-autosubmit] select").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
  // Busy state for forms that take a while (imports).
  document.querySelectorAll("form[data-busy]").forEach((form) => {
    form.addEventListener("submit", () => {
      const button = form.querySelector("[type=submit]");
      if (button) {
        button.disabled = true;
        button.textContent = form.dataset.busy;
      }
    });
  });
});
