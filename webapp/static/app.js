// Start the NHS.UK frontend components (a file, not an inline script: the CSP allows only
// scripts served from this site).
import { initAll } from "./vendor/nhsuk-frontend/nhsuk-frontend.min.js";

initAll();

// passports (issue 20): "Copy the link" buttons. Hidden until this script runs, so a page
// without JavaScript never shows a button that does nothing.
for (const button of document.querySelectorAll("[data-copy]")) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const text = document.querySelector(button.dataset.copy).textContent.trim();
    const status = button.parentElement.querySelector("[data-copy-status]");
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = "Copied. Paste it into a message or email.";
    } catch {
      status.textContent = "Your browser did not allow copying: select the link and copy it.";
    }
  });
}
