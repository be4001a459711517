// Start the NHS.UK frontend components (a file, not an inline script: the CSP allows only
// scripts served from this site).
import { initAll } from "./vendor/nhsuk-frontend/nhsuk-frontend.min.js";

initAll();
