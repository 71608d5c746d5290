// Starts GOV.UK Frontend's components (error summary focus, service navigation, radios, ...).
import { initAll } from '/govuk-frontend/govuk-frontend.min.js';
initAll();
