/// <reference lib="dom" />
// What the browser tests share: the layout check that runs in the page, and reading a download.
/**
 * Runs in the page: what sticks out past the viewport (outside boxes that scroll or clip their
 * content), which SVG texts run past the chart's edge, whether the Epochs placeholder fits, the
 * legend and table headings' texts and tooltips, which table columns are out of the table's view,
 * and the scroll cue if it shows.
 */
export function layoutReport() {
  const viewport = document.documentElement.clientWidth;
  const clipped = (element: Element): boolean => {
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (parent instanceof HTMLElement && getComputedStyle(parent).overflowX !== "visible") return true;
    }
    return false;
  };
  const outside: string[] = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (element.closest("svg") && element.tagName !== "svg") continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || !element.checkVisibility() || clipped(element)) continue;
    if (box.right > viewport + 0.5 || box.left < -0.5) outside.push(`${element.tagName.toLowerCase()}#${element.id}.${element.className}: ${Math.round(box.left)}..${Math.round(box.right)}`);
  }
  const svg = document.querySelector("#chart svg") as SVGSVGElement;
  const svgRight = svg.getBoundingClientRect().right;
  const cutSvgText = [...svg.querySelectorAll("text")].filter((t) => t.getBoundingClientRect().right > svgRight + 0.5).map((t) => t.textContent);
  const epochs = document.getElementById("epochs") as HTMLInputElement;
  const style = getComputedStyle(epochs);
  const context = document.createElement("canvas").getContext("2d") as CanvasRenderingContext2D;
  context.font = `${style.fontSize} ${style.fontFamily}`;
  const room = epochs.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  // The legend: the texts after the last panel's (the group of dark text at the end).
  const legendGroup = [...svg.querySelectorAll("g[fill='#111827']")].pop() as SVGGElement;
  const legends = [...legendGroup.querySelectorAll("text")].map((t) => ({ text: t.firstChild?.textContent ?? "", title: t.querySelector("title")?.textContent ?? undefined }));
  const table = document.getElementById("table") as HTMLElement;
  const view = table.getBoundingClientRect();
  const headers = [...table.querySelectorAll("th")];
  const hiddenColumns = headers.filter((th) => th.getBoundingClientRect().right > view.right + 1).map((th) => th.title);
  const cue = document.getElementById("table-cue") as HTMLElement;
  return {
    pageWidth: document.documentElement.scrollWidth,
    outside,
    cutSvgText,
    placeholderFits: context.measureText(epochs.placeholder).width <= room,
    legends,
    headings: headers.map((th) => th.title),
    hiddenColumns,
    cue: cue.hidden || cue.offsetParent === null ? undefined : cue.textContent,
  };
}

export async function readDownload(download: import("playwright-core").Download): Promise<string> {
  const stream = await download.createReadStream();
  let text = "";
  for await (const chunk of stream) text += chunk.toString();
  return text;
}
