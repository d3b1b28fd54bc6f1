// Runs before the page's module, and where the module cannot run at all.
// Opened from a file (file://), browsers refuse to load the page's module and
// its WebAssembly, so nothing else would ever explain why nothing works.
(function () {
  "use strict";
  var fromFile = location.protocol === "file:";
  var tooOld = typeof WebAssembly !== "object" || !("noModule" in HTMLScriptElement.prototype);
  if (!fromFile && !tooOld) return;
  document.addEventListener("DOMContentLoaded", function () {
    document.getElementById("loading").hidden = true;
    var notice = document.getElementById(fromFile ? "file-notice" : "start-failed");
    if (tooOld && !fromFile) {
      notice.textContent =
        "This browser cannot run the page: it needs WebAssembly and JavaScript modules. " +
        "Use a current Chrome, Edge, Firefox or Safari.";
    }
    notice.hidden = false;
    var buttons = document.querySelectorAll("button, input[type=file]");
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
  });
})();
