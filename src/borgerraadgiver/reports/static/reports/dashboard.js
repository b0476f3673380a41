// The dashboard's downloads: building a document can take several seconds, so
// the link fetches it with a spinner and a status line, then hands the file to
// the browser. Without JavaScript the same links download the file directly.
(function () {
  "use strict";

  function filenameOf(response, link) {
    var header = response.headers.get("Content-Disposition") || "";
    var match = /filename="([^"]+)"/.exec(header);
    return match ? match[1] : link.getAttribute("download") || "beretning";
  }

  function save(blob, filename) {
    var url = URL.createObjectURL(blob);
    var anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = filename;
    anchor.hidden = true;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function start(link) {
    var box = link.closest(".report-downloads");
    var status = box.querySelector(".report-download-status");
    var spinner = box.querySelector(".report-download-progress");
    if (box.getAttribute("aria-busy") === "true") {
      status.textContent = "Vent venligst: et dokument er ved at blive dannet.";
      return;
    }
    box.setAttribute("aria-busy", "true");
    link.setAttribute("aria-busy", "true");
    spinner.hidden = false;
    status.textContent = link.textContent.trim() + " dannes … Det kan tage lidt tid.";
    fetch(link.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.blob().then(function (blob) {
          save(blob, filenameOf(response, link));
          status.textContent = link.textContent.trim() + " er hentet.";
        });
      })
      .catch(function () {
        status.textContent = "Dokumentet kunne ikke dannes. Prøv igen, eller kontakt support.";
      })
      .finally(function () {
        box.removeAttribute("aria-busy");
        link.removeAttribute("aria-busy");
        spinner.hidden = true;
      });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-download]");
    if (!link || !window.fetch || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    start(link);
  });
})();
