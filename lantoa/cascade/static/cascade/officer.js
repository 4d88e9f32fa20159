// The officer's pages: "Copy the text" and the phone's own share sheet (Web Share API),
// shown only where the browser has them; without them the text stays selectable.
(function () {
  "use strict";

  function copyText(source, button) {
    var done = function () {
      var label = button.textContent;
      button.textContent = button.getAttribute("data-copied");
      window.setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(source.value).then(done, function () {
        source.select();
        if (document.execCommand("copy")) { done(); }
      });
    } else {
      source.select();
      if (document.execCommand("copy")) { done(); }
    }
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    button.hidden = false;
    button.addEventListener("click", function () { copyText(source, button); });
  });

  if (typeof navigator.share !== "function") { return; }
  document.querySelectorAll("[data-share]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-share"));
    if (!source) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var data = { title: button.getAttribute("data-share-title") || "", text: source.value };
      var url = button.getAttribute("data-share-url");
      if (url) { data.url = url; }
      navigator.share(data).catch(function () { /* the officer closed the share sheet */ });
    });
  });
})();
