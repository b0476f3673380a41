// After htmx swaps in the result of a check, move focus to its heading so
// that keyboard and screen-reader users land on the result, not on a
// button that no longer exists.
document.addEventListener("htmx:afterSettle", function (event) {
  var heading = document.getElementById("import-result-heading");
  if (heading && event.target && event.target.id === "import-area") {
    heading.focus();
  }
});
