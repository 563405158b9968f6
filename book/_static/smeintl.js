/* smeintl: a table wider than the text column scrolls inside its frame, and says so. */
document.addEventListener("DOMContentLoaded", () => {
  const frames = document.querySelectorAll(".bd-article .pst-scrollable-table-container");
  const mark = () => frames.forEach((frame, i) => {
    const wide = frame.scrollWidth > frame.clientWidth + 1;
    frame.classList.toggle("smeintl-scrolls", wide);
    let cue = frame.previousElementSibling;
    if (!(cue && cue.classList.contains("smeintl-scroll-cue"))) cue = null;
    if (wide && !cue) {
      cue = document.createElement("p");
      cue.className = "smeintl-scroll-cue";
      cue.textContent = "\u2194 Wide table: scroll sideways inside the frame for more columns.";
      frame.before(cue);
      frame.setAttribute("tabindex", "0");  // keyboard users can scroll it too
      frame.setAttribute("role", "region");
      frame.setAttribute("aria-label", `Wide table ${i + 1} of this page, scrolls sideways`);
    }
    if (cue) cue.hidden = !wide;
  });
  mark();
  window.addEventListener("resize", mark);
});
