/* A calendar button beside every dd/mm/yyyy date field (batxat_portal.widgets.DateInput, data-date-picker).

   The field stays a text box showing and sending dd/mm/yyyy, whatever the browser's language; the button opens the
   browser's own date picker (a hidden <input type="date">) and writes the day chosen back as dd/mm/yyyy. Typing the
   date works as before. Loaded on every page (base.html), and again on what htmx swaps in. */
(function () {
  "use strict";

  function toIso(text) {
    const match = /^\s*(\d{1,2})[/-](\d{1,2})[/-](\d{4})\s*$/.exec(text || "");
    if (!match) return "";
    return `${match[3]}-${match[2].padStart(2, "0")}-${match[1].padStart(2, "0")}`;
  }

  function toDayMonthYear(iso) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return match ? `${match[3]}/${match[2]}/${match[1]}` : "";
  }

  function attach(input) {
    if (input.dataset.datePickerReady) return;
    input.dataset.datePickerReady = "1";
    const group = document.createElement("div");
    group.className = "input-group has-validation";
    input.parentNode.insertBefore(group, input);
    group.appendChild(input);

    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary";
    button.setAttribute("aria-label", input.dataset.datePicker);
    button.title = input.dataset.datePicker;
    button.dataset.datePickerFor = input.id;
    const icon = document.createElement("i");
    icon.className = "bi bi-calendar3";
    icon.setAttribute("aria-hidden", "true");
    button.appendChild(icon);
    group.appendChild(button);

    const picker = document.createElement("input");
    picker.type = "date";
    picker.tabIndex = -1;
    picker.className = "date-picker-native";
    picker.setAttribute("aria-hidden", "true");
    picker.dataset.datePickerOf = input.id;
    group.appendChild(picker);

    // The field's error message moves into the group, where Bootstrap shows it beside an invalid field.
    let next = group.nextElementSibling;
    while (next && next.classList.contains("invalid-feedback")) {
      const feedback = next;
      next = next.nextElementSibling;
      group.appendChild(feedback);
    }

    button.addEventListener("click", function () {
      picker.value = toIso(input.value);
      if (typeof picker.showPicker === "function") {
        picker.showPicker();
      } else {
        picker.focus();
      }
    });
    picker.addEventListener("change", function () {
      const chosen = toDayMonthYear(picker.value);
      if (chosen) {
        input.value = chosen;
        input.dispatchEvent(new Event("change", { bubbles: true }));
        input.focus();
      }
    });
  }

  function attachAll(root) {
    root.querySelectorAll("input[data-date-picker]").forEach(attach);
  }

  document.addEventListener("DOMContentLoaded", function () { attachAll(document); });
  document.addEventListener("htmx:load", function (event) { attachAll(event.detail.elt); });
})();
