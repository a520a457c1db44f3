/// <reference lib="dom" />
// The playground in a real browser: Debian's Chromium driven by playwright-core (no browser
// download), the page served by the real `nerva-lr playground` binary. Everything a user does goes
// through Chromium's own input: typing with the keyboard, a real pointer moved over the chart's
// tick labels (page.mouse), clicks, keys. Widths: a phone (390), a tablet (820), a laptop (1280)
// and a wide desktop (1680). Expected values come from the schedules' formulas (PyTorch's
// documented semantics), never from the page. No test may leave a console error.
import { mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startPlayground } from "../playground-helpers.js";
import { layoutReport, readDownload } from "./harness.js";
import { parseLearningRate } from "../../src/index.js";
import { defaultEpochs } from "../../src/plot/index.js";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const SHOTS = new URL("../../test-results/", import.meta.url).pathname;
const WIDTHS = [390, 820, 1280, 1680] as const;

let server: Awaited<ReturnType<typeof startPlayground>>;
let browser: Browser;
let page: Page;
let problems: string[] = [];

beforeAll(async () => {
  server = await startPlayground();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.child.kill("SIGINT");
});

function watch(target: Page): Page {
  target.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  target.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  target.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  return target;
}

async function open(hash = "", viewport: { width: number; height: number } = { width: 1280, height: 900 }, permissions: string[] = []): Promise<Page> {
  page = watch(await browser.newPage({ viewport, permissions }));
  problems = [];
  await page.goto(`${server.url}${hash}`);
  await page.waitForSelector("#chart svg path", { state: "attached" });
  return page;
}

/** Resizes the page and waits until the chart has been redrawn at the new width. */
async function resize(width: number): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  await expect
    .poll(() => page.evaluate(() => {
      const box = document.getElementById("chart") as HTMLElement;
      const drawn = Number(box.querySelector("svg")?.getAttribute("width"));
      return drawn === Math.max(300, Math.min(1100, Math.round(box.clientWidth)));
    }))
    .toBe(true);
  // Past the page's resize debounce (150 ms), so no redraw is still to come: a timer on the page's
  // own clock, which fires after the debounce's however slow the machine is.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 250)));
}

afterEach(async () => {
  expect(problems).toEqual([]);
  await page?.close();
});

const paths = () => page.locator("#chart svg path").evaluateAll((nodes) => nodes.map((node) => node.getAttribute("d")));
const hash = () => page.evaluate(() => decodeURIComponent(location.hash));
/** The chart's description names its epochs: "... during each epoch, 0 to N-1, ...". */
const lastEpoch = async () => Number(/epoch, 0 to (\d+),/.exec((await page.locator("#chart svg desc").textContent()) ?? "")?.[1]);
/** Six significant digits, as the page and the CLI's table show a value. */
const six = (x: number) => String(Number(x.toPrecision(6)));

describe("the playground page", () => {
  it("draws the first-visit schedules and redraws as you type", async () => {
    await open();
    const before = await paths();
    expect(before).toHaveLength(2);
    const first = page.locator("textarea.spec-input").first();
    await first.fill("");
    await first.pressSequentially("MultiStepLR(0.1;10,20;0.5)");
    await expect.poll(async () => (await paths())[0]).not.toBe(before[0]);
    expect(await page.locator("#chart svg").textContent()).toContain("MultiStepLR(0.1;10,20;0.5)");
    expect(await page.locator("#forms pre.canonical").first().textContent()).toBe("MultiStepLR(lr=0.1, milestones=[10, 20], gamma=0.5)");
    expect(await page.locator("#forms pre.json").first().textContent()).toBe('{"type":"MultiStepLR","lr":0.1,"milestones":[10,20],"gamma":0.5}');
    // The table shows the values: epoch 10 is the first after the first milestone.
    expect(await page.locator("#table tbody tr").nth(10).locator("td").nth(1).textContent()).toBe("0.05");
  });

  it("shows a bad spec's error under its input, with the caret at the place", async () => {
    await open();
    const first = page.locator("textarea.spec-input").first();
    await first.fill("StepBased(0.1,,10)");
    const error = page.locator(".spec .error").first();
    await expect.poll(() => error.locator(".problem").textContent()).toBe("Invalid schedule: expected a value, found ',' at offset 14");
    expect(await error.locator(".caret").textContent()).toBe("  StepBased(0.1,,10)\n                ^");
    expect(await first.getAttribute("aria-invalid")).toBe("true");
    // The other schedule is still drawn.
    expect(await paths()).toHaveLength(1);
  });

  it("opens a shared link with the same state", async () => {
    await open("", { width: 1280, height: 900 }, ["clipboard-read", "clipboard-write"]);
    await page.locator("textarea.spec-input").first().fill("OneCycleLR(0.1, 200)");
    await page.locator("#epochs").fill("150");
    await page.locator("#log").check();
    await expect.poll(hash).toContain("log=1");
    // The Copy link button, through the real clipboard.
    await page.locator("#share").click();
    await expect.poll(() => page.locator("#status").textContent()).toBe("Link copied: it opens this page with these schedules.");
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(await page.evaluate(() => location.href));
    const svg = await page.locator("#chart").innerHTML();
    const shared = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
    await shared.goto(link);
    await shared.waitForSelector("#chart svg path", { state: "attached" });
    expect(await shared.locator("textarea.spec-input").first().inputValue()).toBe("OneCycleLR(0.1, 200)");
    expect(await shared.locator("#epochs").inputValue()).toBe("150");
    expect(await shared.locator("#log").isChecked()).toBe(true);
    expect(await shared.locator("#chart").innerHTML()).toBe(svg);
    await shared.close();
  });

  // Issue 15: the readout named the wrong epoch unless the chart was 720 px wide.
  it("names the epoch under the pointer on every x tick label, at every width, and with the keys", async () => {
    // StepLR: 0.1 * 0.1^floor(e / 10); ExponentialLR: 0.1 * 0.95^e (PyTorch's closed forms).
    const step = (e: number) => 0.1 * 0.1 ** Math.floor(e / 10);
    const exponential = (e: number) => 0.1 * 0.95 ** e;
    const readout = (e: number) => `epoch ${e}: StepLR(0.1, 10) = ${six(step(e))};  ExponentialLR(0.1, 0.95) = ${six(exponential(e))}`;
    await open("#s=StepLR(0.1, 10)&s=ExponentialLR(0.1, 0.95)&epochs=90", { width: WIDTHS[0], height: 900 });
    const hover = page.locator("#hover");
    expect(await hover.getAttribute("aria-live")).toBe("polite");
    for (const width of WIDTHS) {
      await resize(width);
      await page.locator("#chart").scrollIntoViewIfNeeded();
      // The lr panel's x tick labels: the first group of centred text.
      const labels = page.locator("#chart svg g[text-anchor='middle']").first().locator("text");
      const ticks = (await labels.allTextContents()).map(Number);
      expect(ticks.length, `ticks at ${width}px`).toBeGreaterThanOrEqual(3);
      const plot = (await page.locator("#chart svg path").first().boundingBox())!;
      const epochWidth = plot.width / 90;
      for (const [i, tick] of ticks.entries()) {
        if (tick >= 90) continue; // the right end of the axis is no epoch's start
        const box = (await labels.nth(i).boundingBox())!;
        const x = box.x + box.width / 2;
        await page.mouse.move(x, box.y + box.height / 2);
        await expect.poll(() => hover.textContent(), { message: `tick ${tick} at ${width}px` }).toBe(readout(tick));
        // The dashed cursor marks the same epoch: its middle, right of the tick by half an epoch.
        const guide = (await page.locator("#guide").boundingBox())!;
        expect(Math.abs(guide.x + guide.width / 2 - (x + epochWidth / 2)), `cursor at tick ${tick}, ${width}px`).toBeLessThan(1.5);
        // And halfway across the epoch (between ticks' edges) it is still that epoch.
        await page.mouse.move(x + epochWidth / 2, box.y - 40);
        await expect.poll(() => hover.textContent()).toBe(readout(tick));
      }
      // The keys: a click on the chart, then Home, arrows, Shift+arrow (a twentieth), End.
      await page.mouse.click(plot.x + 1, plot.y + plot.height / 2);
      await page.keyboard.press("Home");
      expect(await hover.textContent()).toBe(readout(0));
      for (let e = 1; e <= 11; e++) await page.keyboard.press("ArrowRight");
      expect(await hover.textContent()).toBe(readout(11));
      await page.keyboard.press("ArrowLeft");
      expect(await hover.textContent()).toBe(readout(10));
      await page.keyboard.press("Shift+ArrowRight");
      expect(await hover.textContent()).toBe(readout(10 + Math.round(90 / 20)));
      await page.keyboard.press("End");
      expect(await hover.textContent()).toBe(readout(89));
      await page.mouse.move(0, 0);
      await expect.poll(() => hover.textContent()).toMatch(/^Hover over the chart/);
    }
  });

  // Issue 15: the page was pinned to 50 epochs, so a 1000-step OneCycleLR showed a twentieth of itself.
  it("draws the schedules' own span unless the user sets the epochs, and links carry only a set value", async () => {
    await open();
    expect(await hash()).not.toContain("epochs");
    const first = page.locator("textarea.spec-input").first();
    await first.fill("");
    await first.pressSequentially("OneCycleLR(optimizer, max_lr=0.01, total_steps=1000)");
    // The CLI's span (nerva-lr/plot's defaultEpochs) of the two schedules on the page.
    const auto = Math.max(...["OneCycleLR(optimizer, max_lr=0.01, total_steps=1000)", "CosineAnnealingLR(0.1, 50)"].map((spec) => defaultEpochs(parseLearningRate(spec))));
    expect(auto).toBeGreaterThanOrEqual(1000); // all of the 1000 steps
    await expect.poll(lastEpoch).toBe(auto - 1);
    const xTicks = (await page.locator("#chart svg g[text-anchor='middle']").first().locator("text").allTextContents()).map(Number);
    expect(Math.max(...xTicks)).toBeGreaterThanOrEqual(1000);
    const epochs = page.locator("#epochs");
    expect([await epochs.inputValue(), await epochs.getAttribute("placeholder")]).toEqual(["", `auto: ${auto}`]);
    expect(await hash()).not.toContain("epochs");
    await epochs.click();
    await page.keyboard.type("30");
    await expect.poll(lastEpoch).toBe(29);
    expect(await hash()).toContain("epochs=30");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await expect.poll(lastEpoch).toBe(auto - 1);
    expect(await hash()).not.toContain("epochs");
    expect(await epochs.getAttribute("placeholder")).toBe(`auto: ${auto}`);
  });

  // Issue 15: ReduceLROnPlateau with 6 metrics was drawn over 50 epochs, the last lr held silently.
  it("draws a metric-driven schedule over its metrics, and says why when more epochs are asked", async () => {
    const metrics = "1, 0.9, 0.95, 0.93, 0.94, 0.96";
    await open(`#s=ReduceLROnPlateau(0.1, patience=1)&metrics=${encodeURIComponent(metrics)}`);
    // PyTorch's rule (mode min, factor 0.1, threshold 1e-4 rel): the metric of epoch 3 (0.93) is the
    // second without improvement on 0.9, more than patience=1, so epoch 4 starts at 0.01.
    const expected = ["0.1", "0.1", "0.1", "0.1", "0.01", "0.01"];
    expect(await lastEpoch()).toBe(5);
    expect(await page.locator("#table tbody td:nth-child(2)").allTextContents()).toEqual(expected);
    expect(await page.locator("#epochs").getAttribute("placeholder")).toBe("auto: 6");
    const note = page.locator("#span-note");
    expect(await note.isVisible()).toBe(false);
    await page.locator("#epochs").click();
    await page.keyboard.type("50");
    await expect.poll(() => note.isVisible()).toBe(true);
    expect(await note.textContent()).toBe(
      "Drawn over 6 epochs, not 50: ReduceLROnPlateau sets each epoch's lr from the metrics before it, and there are 6, so its lr after epoch 5 is unknown. Give more metrics to see further.",
    );
    expect(await lastEpoch()).toBe(5);
    expect(await page.locator("#table tbody td:nth-child(2)").allTextContents()).toEqual(expected);
    // One more metric, one more epoch.
    await page.locator("#metrics").click();
    await page.keyboard.press("End");
    await page.keyboard.type(", 0.5");
    await expect.poll(lastEpoch).toBe(6);
    expect(await note.textContent()).toContain("Drawn over 7 epochs, not 50");
  });

  it("tries a schedule from the catalog in one click", async () => {
    await open("#s=Constant(0.1)");
    await page.locator("#catalog-filter").fill("OneCycleLR");
    await page.getByRole("button", { name: /^Try OneCycleLR:/ }).click();
    // Two lr curves, and OneCycleLR's momentum in the panel below.
    await expect.poll(async () => (await paths()).length).toBe(3);
    expect(await page.locator("#chart svg").textContent()).toContain("momentum");
    expect(await page.locator("textarea.spec-input").nth(1).inputValue()).toMatch(/^OneCycleLR\(/);
  });

  it("downloads the values as CSV and the chart as SVG", async () => {
    await open("#s=StepBased(0.1,0.5,2)&epochs=4");
    const [csv] = await Promise.all([page.waitForEvent("download"), page.locator("#download-csv").click()]);
    const csvText = await readDownload(csv);
    expect(csvText).toBe("epoch,\"StepBased(0.1,0.5,2)\"\n0,0.1\n1,0.05\n2,0.05\n3,0.025\n");
    const [svg] = await Promise.all([page.waitForEvent("download"), page.locator("#download-svg").click()]);
    expect(await readDownload(svg)).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>\n$/);
  });

  // Issue 15: a valid spec whose values overflow hung the page while drawing.
  it("shows an error, and stays responsive, when a schedule's values overflow", async () => {
    await open("#s=StepLR(0.1, 10)");
    await page.locator("#add-spec").click();
    await page.keyboard.type('MultiplicativeLR(0.1, lr_lambda="2")');
    await page.locator("#epochs").click();
    await page.keyboard.type("2000");
    // 0.1 * 2^e is past the largest double from e = 1024 on.
    let overflow = 0;
    while (Number.isFinite(0.1 * 2 ** overflow)) overflow++;
    const problem = page.locator(".spec").nth(1).locator(".error .problem");
    await expect.poll(() => problem.textContent(), { timeout: 60_000 }).toMatch(new RegExp(`(epoch|step) ${overflow}\\b`));
    expect(await problem.textContent()).not.toMatch(/Internal error|Infinity|NaN/);
    expect(await page.locator("textarea.spec-input").nth(1).getAttribute("aria-invalid")).toBe("true");
    // The page still answers, and the other schedule is drawn over the 2000 epochs.
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    expect(await paths()).toHaveLength(1);
    expect(await lastEpoch()).toBe(1999);
    // Fewer epochs than the overflow: drawn.
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await expect.poll(async () => (await paths()).length).toBe(2);
    expect(await page.locator(".spec .error").nth(1).textContent()).toBe("");
  });

  // Issue 15: long legends were cut on a phone, the values table scrolled sideways at 1280 px and cut
  // its second column on a phone, the Epochs placeholder was cut.
  it("fits every width: nothing sticks out, legends and headings keep their whole text, the table shows its columns or says it scrolls", async () => {
    const specs = [
      "MultiStepLR(0.1;30,60,90;0.1)",
      "CosineAnnealingWarmRestarts(optimizer, T_0=10, T_mult=2, eta_min=0.0001, lr=0.05)",
      "OneCycleLR(optimizer, max_lr=0.01, total_steps=100)",
    ];
    for (const [count, name] of [[3, "three"], [8, "eight"]] as const) {
      const all = Array.from({ length: count }, (_, i) => (i < 3 ? (specs[i] as string) : `StepLR(0.1, ${i + 5}, gamma=0.5)`));
      // Opened at phone width, then widened: the page redraws itself on resize.
      await open(`#${all.map((spec) => `s=${encodeURIComponent(spec)}`).join("&")}`, { width: WIDTHS[0], height: 900 });
      // The catalog's parameter tables too: CyclicLR's has the longest unbroken words.
      await page.locator("#catalog-filter").fill("CyclicLR");
      await page.locator(".entry details > summary").first().click();
      for (const width of WIDTHS) {
        await resize(width);
        const report = await page.evaluate(layoutReport);
        const where = `${name} schedules at ${width}px`;
        expect(report.pageWidth, where).toBeLessThanOrEqual(width);
        expect(report.outside, where).toEqual([]);
        expect(report.cutSvgText, where).toEqual([]);
        expect(report.placeholderFits, where).toBe(true);
        // Every legend line is whole or ends in "…" with the whole spec as its tooltip.
        expect(report.legends.map((l) => l.title ?? l.text), where).toEqual(all);
        expect(report.headings, where).toEqual(["epoch", ...all]);
        if (report.hiddenColumns.length > 0) {
          expect(report.cue, `${where}: columns ${report.hiddenColumns.join(", ")} are out of sight`).toBe(`${count + 1} columns: scroll sideways for the rest →`);
        } else {
          expect(report.cue, where).toBeUndefined();
        }
        // Three schedules fit without scrolling on a tablet and wider (the table scrolled at 1280).
        if (count === 3 && width >= 820) expect(report.hiddenColumns, where).toEqual([]);
        if (count === 3 && (width === 390 || width === 1280)) {
          await page.screenshot({ path: `${SHOTS}playground-${width === 390 ? "phone" : "desktop"}.png`, fullPage: true });
        }
      }
      expect(problems, name).toEqual([]);
      await page.close();
    }
    page = await browser.newPage(); // for afterEach to close
  }, 90_000);

  it("shows a misspelt name's suggestion at phone width", async () => {
    await open("#s=MultiStepLR(0.1%3B30%2C60%2C90%3B0.1)&s=StepBsed(0.1,0.5,10)", { width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.locator(".spec .error .problem").textContent()).toContain("did you mean StepBased?");
  });
});
