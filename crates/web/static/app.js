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
  // Buttons only needed without JavaScript.
  document.documentElement.classList.add("js");
})();
