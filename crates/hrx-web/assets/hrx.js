// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Put the cursor on the first field the server rejected.
  var invalid = document.querySelector("[aria-invalid=true]");
  if (invalid) invalid.focus();
});
