// Loaded with `defer`; the CSP forbids inline scripts, so page behaviour lives here.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
});
