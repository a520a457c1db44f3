/// <reference lib="dom" />
/**
 * Making long text fit a narrow screen without losing it. The chart's legend names each schedule
 * by its spec, which can be wider than a phone: such a line is cut with "…" inside the shown SVG
 * and keeps its whole text as a tooltip (an SVG <title>). The downloaded SVG is the renderer's own,
 * uncut. The values table says when it has more columns than fit.
 */

/** Cuts every text of `svg` that would run past its right edge, keeping the whole text as its title. */
export function fitSvgText(svg: SVGSVGElement): void {
  const right = svg.viewBox.baseVal.width - 4;
  for (const text of svg.querySelectorAll<SVGTextElement>("text")) {
    const anchor = text.getAttribute("text-anchor");
    if (anchor !== null && anchor !== "start") continue; // only left-aligned text runs to the right
    const room = right - text.getBBox().x;
    const full = text.textContent ?? "";
    if (text.getComputedTextLength() <= room || full.length < 2) continue;
    // The longest prefix that fits with its ellipsis (binary search: lengths grow with the prefix).
    let fits = 0;
    let tooLong = full.length;
    while (tooLong - fits > 1) {
      const middle = (fits + tooLong) >> 1;
      text.textContent = `${full.slice(0, middle)}…`;
      if (text.getComputedTextLength() <= room) fits = middle;
      else tooLong = middle;
    }
    text.textContent = `${full.slice(0, fits)}…`;
    const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = full;
    text.append(title);
    text.setAttribute("aria-label", full);
  }
}

/** Shows `cue` while `box` has columns out of sight to the right (it scrolls sideways then). */
export function showScrollCue(box: HTMLElement, cue: HTMLElement): void {
  const hidden = box.scrollWidth - box.clientWidth;
  cue.hidden = hidden <= 1;
}
