// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Forms marked data-autosubmit apply a changed filter at once.
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-autosubmit]");
    if (form && event.target.matches("select, input[type=checkbox], input[type=radio]")) {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
  // A suggested SDG target joins the wizard's SDG field (without JavaScript the button
  // reloads the wizard with it added).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-add-sdg]");
    var field = document.getElementById("sdgs");
    if (!button || !field) {
      return;
    }
    event.preventDefault();
    var code = button.getAttribute("data-add-sdg");
    var codes = field.value.split(/[,;\s]+/).filter(function (c) { return c !== ""; });
    if (codes.indexOf(code) < 0) {
      codes.push(code);
    }
    field.value = codes.join(", ");
    field.dispatchEvent(new Event("change", { bubbles: true }));
  });
  // Buttons only needed without JavaScript.
  document.documentElement.classList.add("js");
})();
