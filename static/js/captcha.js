/* The captcha of the public forms: "Another picture" asks django-simple-captcha's refresh view for a new key and
   shows its picture (and its sound, when the server offers one). Loaded once per captcha, it runs once per page. */
(function () {
  "use strict";
  if (window.batxatCaptcha) return;
  window.batxatCaptcha = true;

  function refresh(box) {
    var button = box.querySelector("[data-captcha-refresh]");
    var status = box.querySelector("[data-captcha-status]");
    button.disabled = true;
    fetch(box.dataset.refreshUrl, {headers: {"X-Requested-With": "XMLHttpRequest"}, credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        var image = box.querySelector("[data-captcha-image]");
        box.querySelector("input[type=hidden]").value = data.key;
        image.src = data.image_url;
        if (image.hasAttribute("srcset")) image.srcset = data.image_url.replace(/\/$/, "@2/") + " 2x";
        var audio = box.querySelector("[data-captcha-audio]");
        if (audio && data.audio_url) audio.href = data.audio_url;
        var answer = box.querySelector("input[type=text]");
        answer.value = "";
        answer.focus();
        status.textContent = box.dataset.refreshed;
      })
      .catch(function () {
        status.textContent = box.dataset.refreshFailed;
      })
      .finally(function () {
        button.disabled = false;
      });
  }

  function start() {
    document.querySelectorAll("[data-captcha]").forEach(function (box) {
      var button = box.querySelector("[data-captcha-refresh]");
      button.hidden = false;
      button.addEventListener("click", function () { refresh(box); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
