/* Enhancements of every public page; each page works without them.
   - Escape closes the header's open menu and gives the focus back to its button.
   - A form shown again with its errors puts the focus on its summary, where `autofocus` has not
     (templates/core/includes/error_summary.html). */
(function () {
    "use strict";

    document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") {
            return;
        }
        document.querySelectorAll("details.header-menu[open]").forEach(function (menu) {
            menu.open = false;
            if (menu.contains(document.activeElement)) {
                menu.querySelector("summary").focus();
            }
        });
    });

    function focusErrorSummary() {
        var summary = document.getElementById("form-errors");
        if (summary && document.activeElement !== summary) {
            summary.focus();
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", focusErrorSummary);
    } else {
        focusErrorSummary();
    }
})();
