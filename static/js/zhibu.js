// Behaviour without inline scripts (the content security policy allows scripts from this site only).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
