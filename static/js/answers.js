// A refused action answers 422 with its section again, the reasons next to
// their fields (lib/answers.py). htmx swaps only 2xx answers by default; this
// lets it put that section in place of the form the user just sent. htmx then
// focuses the element marked autofocus (the first field in error).
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
