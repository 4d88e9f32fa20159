/* The case page's ready answers (lantoa/inbox/templates/inbox/admin/case.html): choosing
   one in the list fills the answer's text at once. Text already typed is replaced only
   after a confirmation; "Cancel" keeps it and puts the list back. Without this script the
   "Dùng câu trả lời này" button does the same through the server. */
(function () {
  "use strict";
  var data = document.getElementById("lantoa-inbox-ready-texts");
  var select = document.querySelector("select[data-ready-answer]");
  if (!data || !select || !select.form) return;
  var texts = JSON.parse(data.textContent);
  var area = select.form.querySelector("textarea[name=text]");
  if (!area) return;
  var button = select.form.querySelector("[data-use-ready]");
  if (button) button.hidden = true;
  var filled = area.value;  // the text as a ready answer left it (unchanged since: no question)
  var previous = select.value;
  var question = select.getAttribute("data-confirm") || "Thay nội dung đã gõ bằng câu trả lời có sẵn?";
  select.addEventListener("change", function () {
    var text = texts[select.value];
    if (text === undefined) { previous = select.value; return; }
    var typed = area.value.trim() !== "" && area.value !== filled;
    if (typed && !window.confirm(question)) { select.value = previous; return; }
    area.value = text;
    filled = text;
    previous = select.value;
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
  });
})();
