// Buttons marked data-print open the browser's print dialog (no inline onclick: the CSP refuses inline script).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
