// Kliping dashboard: small conveniences only; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Highlight toggles on the reading view: switch one kind of highlight off and on.
  var body = document.getElementById("body");
  document.querySelectorAll("button[data-toggle]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (!body) { return; }
      var off = body.classList.toggle(button.getAttribute("data-toggle"));
      button.setAttribute("aria-pressed", off ? "false" : "true");
    });
  });
  // "/" focuses the search box, as on many sites.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "/" || (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    var box = document.querySelector(".big-search input, .search-form input[type=search], #quick-q");
    if (box) { event.preventDefault(); box.focus(); }
  });
});
