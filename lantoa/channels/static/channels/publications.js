// An article's publications: the "Chép" button beside each kit copies its text. Without
// JavaScript the button stays hidden and the text is selected and copied by hand.
(function () {
  "use strict";

  function selectAll(area) {
    area.focus();
    area.select();
    area.setSelectionRange(0, area.value.length);
  }

  function copied(button) {
    var label = button.textContent;
    button.textContent = button.dataset.kitCopied;
    window.setTimeout(function () {
      button.textContent = label;
    }, 2000);
  }

  function copy(button) {
    var area = document.getElementById(button.dataset.kitCopy);
    if (!area) {
      return;
    }
    selectAll(area);
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(
        function () {
          copied(button);
        },
        function () {
          selectAll(area); // left selected: Ctrl+C copies it
        },
      );
    } else if (document.execCommand && document.execCommand("copy")) {
      copied(button);
    }
  }

  function setUp() {
    document.querySelectorAll("[data-kit-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        copy(button);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
