// The campaign's channels: show the filter box and narrow the checklist as one types.
// Every word typed must appear in the unit's name, the channel's name, kind or place,
// with or without diacritics. Hidden channels keep their ticks.
(function () {
  "use strict";

  function fold(text) {
    return text
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/\s+/g, " ")
      .trim();
  }

  function setUp(box) {
    if (box.dataset.checklistReady) {
      return;
    }
    box.dataset.checklistReady = "1";
    var tools = box.querySelector("[data-checklist-tools]");
    var filter = box.querySelector("[data-checklist-filter]");
    var count = box.querySelector("[data-checklist-count]");
    var none = box.querySelector("[data-checklist-none]");
    var groups = Array.prototype.slice.call(box.querySelectorAll("[data-checklist-group]"));
    var boxes = box.querySelectorAll("input[type=checkbox]");
    if (tools && filter) {
      tools.hidden = false;
    }

    function recount() {
      if (!count) {
        return;
      }
      var chosen = 0;
      boxes.forEach(function (input) {
        if (input.checked) {
          chosen += 1;
        }
      });
      count.textContent = String(chosen);
    }

    function apply() {
      var terms = fold(filter.value).split(" ").filter(Boolean);
      var shown = 0;
      groups.forEach(function (group) {
        var visible = 0;
        group.querySelectorAll("[data-checklist-item]").forEach(function (item) {
          var input = item.querySelector("input");
          var text = (input && input.dataset.search) || fold(item.textContent);
          var match = terms.every(function (term) {
            return text.indexOf(term) !== -1;
          });
          item.hidden = !match;
          if (match) {
            visible += 1;
          }
        });
        group.hidden = visible === 0;
        shown += visible;
      });
      if (none) {
        none.hidden = shown > 0 || groups.length === 0;
      }
    }

    if (filter) {
      filter.addEventListener("input", apply);
      // Enter in the filter box must not submit the whole form.
      filter.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
        }
      });
    }
    box.addEventListener("change", recount);
  }

  function setUpAll() {
    document.querySelectorAll("[data-channel-checklist]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
