/// <reference lib="dom" />
/**
 * From the pointer to an epoch, and back, for the chart's hover readout and its dashed cursor.
 * Both go through the same two steps, so the text and the cursor cannot disagree: the pointer's
 * client position becomes the SVG's own units through the SVG's screen transform (right at any
 * displayed size), and those units become an epoch through the plot area and the x scale that
 * drew the chart.
 */
import type { Chart } from "../plot/model.js";
import type { PlotArea } from "../plot/svg.js";

/** What hover needs of a drawn chart: its x scale, its epochs, and where the lr panel sits. */
export interface HoverFrame {
  readonly chart: Chart;
  readonly area: PlotArea;
}

/** The pointer's x in the SVG's user units, and the size of one CSS pixel in them. */
export function pointerInSvg(svg: SVGSVGElement, clientX: number, clientY: number): { x: number; pixel: number } | undefined {
  const screen = svg.getScreenCTM();
  if (!screen || screen.a === 0) return undefined;
  const point = new DOMPoint(clientX, clientY).matrixTransform(screen.inverse());
  return { x: point.x, pixel: 1 / screen.a };
}

/**
 * The epoch whose span [e, e + 1) lies under x (SVG units), or undefined off the plot. Tick labels
 * sit on the epochs' left edges, so a pointer up to half a pixel left of an edge reads the epoch
 * that starts there: the pointer on the tick "20" reads epoch 20 whatever the rounding.
 */
export function epochAtX({ chart, area }: HoverFrame, x: number, pixel: number): number | undefined {
  if (x < area.left - pixel / 2 || x > area.left + area.width) return undefined;
  const [start, end] = chart.x.domain;
  const position = start + ((x + pixel / 2 - area.left) / area.width) * (end - start);
  return Math.min(chart.epochs - 1, Math.max(0, Math.floor(position)));
}

/** The x (SVG units) of the middle of an epoch's span, where the cursor is drawn. */
export function xOfEpoch({ chart, area }: HoverFrame, epoch: number): number {
  return area.left + chart.x.fraction(epoch + 0.5) * area.width;
}
