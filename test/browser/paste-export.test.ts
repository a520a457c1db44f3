/// <reference lib="dom" />
// Issue 18 in the playground, in a real browser (Debian's Chromium via playwright-core, the page
// served by the real `nerva-lr playground` binary): code pasted with Ctrl+V from the real
// clipboard, the Optimizer lr field typed with the keyboard, "Copy as" chosen with the keyboard
// and clicked with the real pointer, the copied code read back from the real clipboard, links
// opened in a new page, and the layout checked at 390, 820, 1280 and 1680 px. Expected values
// come from PyTorch's documented formulas; the exported code and what a config was read as are
// the library's (src/playground/interop.ts, which the page calls), compared with what the page shows.
import { mkdirSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startPlayground } from "../playground-helpers.js";
import { parseLearningRate } from "../../src/index.js";
import { exportSchedule as exportAs } from "../../src/export/index.js";
import { EXPORT_TARGETS, readInput } from "../../src/playground/interop.js";
import { layoutReport, readDownload } from "./harness.js";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const SHOTS = new URL("../../test-results/", import.meta.url).pathname;
const WIDTHS = [390, 820, 1280, 1680] as const;
const CLIPBOARD = ["clipboard-read", "clipboard-write"];

/**
 * A PyTorch call as it stands in training code, over two lines (the issue's own example): its
 * OneCycleLR runs 10 × 100 = 1000 steps.
 */
const PASTED = "scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer,\n    max_lr=0.01, epochs=10, steps_per_epoch=100)";
/** Pasted code that takes its lr from the optimizer (PyTorch's CosineAnnealingLR has no lr argument). */
const NEEDS_LR = "CosineAnnealingLR(optimizer,\n    T_max=50)";
/** A DeepSpeed config's scheduler block, as it stands in a ds_config.json. */
const DEEPSPEED = `{
  "type": "WarmupLR",
  "params": {
    "warmup_min_lr": 0,
    "warmup_max_lr": 0.001,
    "warmup_num_steps": 100,
    "warmup_type": "linear"
  }
}`;

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

afterEach(async () => {
  expect(problems).toEqual([]);
  await page?.close();
});

function watch(target: Page): Page {
  target.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  target.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  target.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  target.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`);
  });
  return target;
}

async function open(hash: string, width = 1280): Promise<Page> {
  problems = [];
  page = watch(await browser.newPage({ viewport: { width, height: 900 }, permissions: CLIPBOARD }));
  await page.goto(`${server.url}${hash}`);
  await page.waitForSelector("#forms .form", { state: "attached" });
  return page;
}

/** Pastes `text` into `input` as a user does: the text on the real clipboard, a click, Ctrl+A, Ctrl+V. */
async function paste(input: Locator, text: string): Promise<void> {
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await input.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Control+V");
}

/** Chooses a "Copy as" target with the keyboard: a click on the select, then its label's first letters. */
async function chooseTarget(select: Locator, label: string): Promise<void> {
  await select.click();
  await page.keyboard.type(label.slice(0, 4));
  await page.keyboard.press("Enter");
  await expect.poll(() => select.evaluate((node: HTMLSelectElement) => node.selectedOptions[0]?.textContent)).toBe(label);
}

const specInput = (index = 0) => page.locator("textarea.spec-input").nth(index);
const hash = () => page.evaluate(() => decodeURIComponent(location.hash));
const tableColumn = (column: number) => page.locator(`#table tbody td:nth-child(${column + 1})`).allTextContents();
/** Six significant digits, as the page and the CLI's table show a value. */
const six = (x: number) => String(Number(x.toPrecision(6)));

/** PyTorch's OneCycleLR (two phases, cosine annealing), from its documentation. */
function oneCycle(step: number, maxLr: number, totalSteps: number, pctStart = 0.3, divFactor = 25, finalDivFactor = 1e4): number {
  const initial = maxLr / divFactor;
  const cos = (start: number, end: number, pct: number) => end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  const warm = pctStart * totalSteps - 1;
  if (step <= warm) return cos(initial, maxLr, step / warm);
  return cos(maxLr, initial / finalDivFactor, (step - warm) / (totalSteps - 1 - warm));
}

/** PyTorch's CosineAnnealingLR over its first T_max epochs (its closed form, eta_min = 0). */
const cosineAnnealing = (epoch: number, lr: number, tMax: number) => (lr * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2;

describe("pasting code and configs", () => {
  it("reads a PyTorch call pasted over two lines and draws PyTorch's values, at every width", async () => {
    const read = await readInput(PASTED, {});
    for (const width of WIDTHS) {
      await open("#s=StepLR(0.1,%2010)", width);
      const input = specInput();
      await paste(input, PASTED);
      // The lines stay as pasted, and the input grows to show both.
      expect(await input.inputValue()).toBe(PASTED);
      expect(await input.evaluate((node: HTMLTextAreaElement) => node.rows)).toBe(2);
      const box = (await input.boundingBox())!;
      const line = await input.evaluate((node) => parseFloat(getComputedStyle(node).lineHeight));
      expect(box.height, `${width}px`).toBeGreaterThanOrEqual(2 * line);
      expect(await input.evaluate((node: HTMLTextAreaElement) => node.scrollHeight - node.clientHeight), `${width}px`).toBeLessThanOrEqual(0);
      await expect.poll(() => page.locator("#table tbody tr").nth(299).locator("td").nth(1).textContent()).toBe(six(oneCycle(299, 0.01, 1000)));
      const shown = await tableColumn(1);
      for (const step of [0, 1, 150, 298, 299]) expect(shown[step], `step ${step} at ${width}px`).toBe(six(oneCycle(step, 0.01, 1000)));
      expect(await page.locator(".spec .read-as").first().textContent()).toBe(read.from === undefined ? "" : `Read as: ${read.from}`);
      expect(await page.locator(".spec .error").first().textContent()).toBe("");
    }
    // Every step of the cycle at full precision, from the CSV.
    const [csv] = await Promise.all([page.waitForEvent("download"), page.locator("#download-csv").click()]);
    const rows = (await readDownload(csv)).trim().split("\n").slice(1).map((row) => row.split(",").map(Number));
    expect(rows.length).toBeGreaterThanOrEqual(1000);
    for (let step = 0; step < 1000; step++) {
      const value = rows[step]?.[1] as number;
      expect(Math.abs(value - oneCycle(step, 0.01, 1000)), `step ${step}`).toBeLessThanOrEqual(1e-9 * oneCycle(step, 0.01, 1000));
    }
  });

  it("asks for the optimizer's lr where pasted code takes it from the optimizer, and draws once it is given", async () => {
    await open("#s=StepLR(0.1,%2010)");
    await paste(specInput(), NEEDS_LR);
    const error = page.locator(".spec .error").first();
    await expect.poll(() => error.locator(".problem").textContent()).toMatch(/missing parameter lr\b/);
    const hint = error.locator(".hint");
    expect(await hint.textContent()).toBe("This code takes its lr from the optimizer: give that lr in Optimizer lr, under the schedules.");
    expect(await specInput().getAttribute("aria-invalid")).toBe("true");
    // The hint's link takes the user to the field; the keyboard fills it.
    await hint.getByRole("button", { name: "Optimizer lr" }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("lr");
    await page.keyboard.type("0.1");
    await expect.poll(() => error.textContent()).toBe("");
    expect(await specInput().getAttribute("aria-invalid")).toBeNull();
    const shown = await tableColumn(1);
    for (const epoch of [0, 10, 25, 49, 50]) expect(shown[epoch], `epoch ${epoch}`).toBe(six(cosineAnnealing(epoch, 0.1, 50)));
    expect(await hash()).toContain("&lr=0.1");
    // Code with an lr of its own keeps it: the field serves only inputs that have none.
    await page.locator("#add-spec").click();
    await paste(specInput(1), PASTED);
    await expect.poll(async () => (await tableColumn(2))[299]).toBe(six(oneCycle(299, 0.01, 1000)));
    expect(await page.locator(".spec .error").nth(1).textContent()).toBe("");
    await page.locator("#lr").click();
    await page.keyboard.press("End");
    // Not a number: the page says so, and the code is back to lacking its lr.
    await page.keyboard.press("Backspace");
    await page.keyboard.type("x");
    await expect.poll(() => page.locator("#status").textContent()).toBe("Optimizer lr must be a number greater than 0, such as 0.001 or 3e-4.");
    await expect.poll(() => error.locator(".hint").count()).toBe(1);
  });

  it("shows what a pasted config was read as, from a reader loaded on demand", async () => {
    const read = await readInput(DEEPSPEED, {});
    expect(read.from).toBeDefined();
    await open("#s=StepLR(0.1,%2010)");
    const chunks: string[] = [];
    page.on("response", (response) => {
      if (/\/chunk-[\w-]+\.js$/.test(response.url())) chunks.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    const before = chunks.length;
    await paste(specInput(), DEEPSPEED);
    await expect.poll(() => page.locator(".spec .read-as").first().textContent()).toBe(`Read as: ${read.from}`);
    expect(await specInput().evaluate((node: HTMLTextAreaElement) => node.rows)).toBe(DEEPSPEED.split("\n").length);
    // The config reader came as a chunk of its own, when the config was pasted.
    const lazy = (JSON.parse(readFileSync(new URL("../../dist/playground/chunks.json", import.meta.url), "utf8")) as { lazy: string[] }).lazy;
    expect(chunks.slice(before).filter((line) => lazy.some((file) => line === `200 /${file}`))).not.toEqual([]);
    // DeepSpeed's linear warmup (docs/catalog.md, WarmupLR: its constructor takes the first step,
    // so step t > 0 has gamma(t - 1)): min + (max - min) * min(1, (t - 1) / warmup_num_steps).
    const warmup = (step: number) => (step === 0 ? 0 : 0.001 * Math.min(1, (step - 1) / 100));
    const shown = await tableColumn(1);
    expect(shown.length).toBeGreaterThan(101);
    for (const step of [0, 1, 2, 50, 100, 101, shown.length - 1]) expect(shown[step], `step ${step}`).toBe(six(warmup(step)));
    // A config's text is no heading: the legend and the forms name it by its canonical text.
    expect(await page.locator("#forms h3").first().textContent()).toBe(String(read.schedules[0]?.schedule));
  });

  it("keeps Enter from adding a line to a one-line input; Shift+Enter adds one", async () => {
    await open("#s=StepLR(0.1,%2010)");
    const input = specInput();
    await input.click();
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    expect(await input.inputValue()).toBe("StepLR(0.1, 10)");
    expect(await input.evaluate((node: HTMLTextAreaElement) => node.rows)).toBe(1);
    await page.keyboard.press("Shift+Enter");
    expect(await input.inputValue()).toBe("StepLR(0.1, 10)\n");
    expect(await input.evaluate((node: HTMLTextAreaElement) => node.rows)).toBe(2);
    // Now that it has two lines, Enter adds lines as in any text box.
    await page.keyboard.press("Enter");
    expect(await input.inputValue()).toBe("StepLR(0.1, 10)\n\n");
  });
});

describe("Copy as", () => {
  it("copies a schedule as PyTorch code to the real clipboard, and shows the code", async () => {
    const spec = "MultiStepLR(0.1;30,60;0.5)";
    const code = exportAs(parseLearningRate(spec), "pytorch");
    await open(`#s=${encodeURIComponent(spec)}`);
    const form = page.locator("#forms .form").first();
    const select = form.locator("select");
    expect(await select.locator("option").allTextContents()).toEqual(EXPORT_TARGETS.map((t) => t.label));
    await chooseTarget(select, "Keras");
    await chooseTarget(select, "PyTorch");
    await page.evaluate(() => navigator.clipboard.writeText("(something else)"));
    await form.getByRole("button", { name: "Copy", exact: true }).click();
    const lines = code.replace(/\n$/, "").split("\n").length;
    await expect.poll(() => form.locator(".copy-message").textContent()).toBe(`Copied: the PyTorch code (${lines} line${lines === 1 ? "" : "s"}).`);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    // The same code to read, for a phone.
    await form.locator("details.export-code > summary").click();
    expect(await form.locator("pre.export").textContent()).toBe(code);
    expect(await form.locator("pre.export").isVisible()).toBe(true);
  });

  it("says why when a framework cannot express the schedule", async () => {
    const spec = "StepBased(0.1,0.5,10)";
    const schedule = parseLearningRate(spec);
    // A target the library refuses for this schedule, and its message.
    const refused = EXPORT_TARGETS.flatMap(({ target, label }) => {
      try {
        exportAs(schedule, target);
        return [];
      } catch (error) {
        return [{ label, error: error as { code: string; message: string } }];
      }
    });
    expect(refused.length, "some target must refuse StepBased for this test to test anything").toBeGreaterThan(0);
    const { label, error } = refused[0]!;
    expect(error.code).toBe("cannot-export");
    await open(`#s=${encodeURIComponent(spec)}`, 390);
    const form = page.locator("#forms .form").first();
    await chooseTarget(form.locator("select"), label);
    const message = form.locator(".copy-message.export-error");
    await expect.poll(() => message.textContent()).toBe(error.message.split("\n")[0]);
    expect(await message.isVisible()).toBe(true);
    expect(await form.getByRole("button", { name: "Copy", exact: true }).isDisabled()).toBe(true);
    expect(await form.locator("details.export-code").isVisible()).toBe(false);
    // One line of text may wrap on a phone, but stays inside the screen.
    expect((await page.evaluate(layoutReport)).outside).toEqual([]);
    // Back to PyTorch: the message goes.
    await chooseTarget(form.locator("select"), "PyTorch");
    await expect.poll(() => form.locator(".copy-message").textContent()).toBe("");
  });
});

describe("links and layout", () => {
  it("round-trips pasted lines, the Optimizer lr and the steps per epoch through a link", async () => {
    await open("#s=StepLR(0.1,%2010)");
    await paste(specInput(), NEEDS_LR);
    await page.locator("#lr").click();
    await page.keyboard.type("0.05");
    await page.locator("#steps-per-epoch").click();
    await page.keyboard.type("100");
    await expect.poll(() => page.locator(".spec .error").first().textContent()).toBe("");
    await page.locator("#share").click();
    await expect.poll(() => page.locator("#status").textContent()).toBe("Link copied: it opens this page with these schedules.");
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(await page.evaluate(() => location.href));
    const svg = await page.locator("#chart").innerHTML();
    const shared = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
    await shared.goto(link);
    await shared.waitForSelector("#chart svg path", { state: "attached" });
    expect(await shared.locator("textarea.spec-input").first().inputValue()).toBe(NEEDS_LR);
    expect(await shared.locator("textarea.spec-input").first().evaluate((node: HTMLTextAreaElement) => node.rows)).toBe(2);
    expect(await shared.locator("#lr").inputValue()).toBe("0.05");
    expect(await shared.locator("#steps-per-epoch").inputValue()).toBe("100");
    await expect.poll(() => shared.locator("#chart").innerHTML()).toBe(svg);
    await shared.close();
  });

  it("leaves a spec too long for a link out of it, and says so", async () => {
    // Over 8000 characters once encoded: each line break is %0A.
    const long = `StepLR(0.1,${"\n".repeat(3000)} 5)`;
    await open("#s=Constant(0.1)");
    await page.locator("#add-spec").click();
    await paste(specInput(1), long);
    const note = page.locator(".spec .link-note").nth(1);
    await expect.poll(() => note.textContent()).toBe("Too long for a link (a link holds 8,000 characters): Copy link leaves this schedule out.");
    expect(await page.locator(".spec .link-note").first().textContent()).toBe("");
    const address = await page.evaluate(() => location.hash);
    expect(address.length).toBeLessThanOrEqual(8001);
    expect(new URLSearchParams(address.slice(1)).getAll("s")).toEqual(["Constant(0.1)"]);
    // The long spec is drawn all the same; its input stops growing and scrolls.
    await expect.poll(() => page.locator("#chart svg path").count()).toBe(2);
    const rows = await specInput(1).evaluate((node: HTMLTextAreaElement) => node.rows);
    expect(rows).toBe(16);
    await page.locator("#share").click();
    await expect.poll(() => page.locator("#status").textContent()).toBe("Link copied: it opens this page with these schedules. It leaves out schedule 2: too long for a link.");
  });

  it("fits every width with pasted code, a config, errors, hints and exported code on show", async () => {
    const specs = [PASTED, NEEDS_LR, DEEPSPEED, "StepBased(0.1,0.5,10)"];
    const refusing = EXPORT_TARGETS.find(({ target }) => {
      try {
        exportAs(parseLearningRate("StepBased(0.1,0.5,10)"), target);
        return false;
      } catch {
        return true;
      }
    });
    await open(`#${specs.map((spec) => `s=${encodeURIComponent(spec)}`).join("&")}`, WIDTHS[0]);
    await expect.poll(() => page.locator("#forms .form").count()).toBe(3);
    // The first schedule's code on show, the last one's refusal.
    const forms = page.locator("#forms .form");
    await forms.first().locator("details.export-code > summary").click();
    if (refusing) await chooseTarget(forms.nth(2).locator("select"), refusing.label);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 400)));
      const report = await page.evaluate(layoutReport);
      expect(report.pageWidth, `${width}px`).toBeLessThanOrEqual(width);
      expect(report.outside, `${width}px`).toEqual([]);
      // Each input is as high as its lines: nothing hidden inside it but what scrolls sideways.
      for (const [index, spec] of specs.entries()) {
        const hidden = await specInput(index).evaluate((node: HTMLTextAreaElement) => node.scrollHeight - node.clientHeight);
        expect(hidden, `input ${index + 1} at ${width}px`).toBeLessThanOrEqual(0);
        expect(await specInput(index).inputValue()).toBe(spec);
      }
      // The label, the select and the Copy button share one line.
      const row = forms.first().locator(".copy-row");
      const tops = await Promise.all(["label", "select", "button"].map(async (tag) => (await row.locator(tag).boundingBox())!.y));
      expect(Math.max(...tops) - Math.min(...tops), `Copy as row at ${width}px`).toBeLessThan(12);
      if (width === 390 || width === 1280) await page.screenshot({ path: `${SHOTS}playground-paste-${width === 390 ? "phone" : "desktop"}.png`, fullPage: true });
    }
  });
});

describe("docs/images", () => {
  // The pictures of docs/playground.md (copy test-results/playground-doc-*.png to
  // docs/images/playground-*.png): pasted code, a typed spec, code that takes its lr from the
  // optimizer with the Optimizer lr filled in, and the Copy as controls.
  it("takes the playground's pictures at phone and desktop width, with nothing out of the screen", async () => {
    const specs = [PASTED, "MultiStepLR(0.008;300,600;0.5)", "CosineAnnealingLR(optimizer,\n    T_max=1000, eta_min=0.0005)"];
    for (const [width, name] of [[390, "phone"], [1280, "desktop"]] as const) {
      await open(`#${specs.map((spec) => `s=${encodeURIComponent(spec)}`).join("&")}&lr=0.006`, width);
      await expect.poll(() => page.locator("#chart svg path").count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator(".spec .error").allTextContents()).toEqual(["", "", ""]);
      const report = await page.evaluate(layoutReport);
      expect(report.outside, name).toEqual([]);
      await page.screenshot({ path: `${SHOTS}playground-doc-${name}.png`, fullPage: true });
      await page.close();
    }
    page = await browser.newPage(); // for afterEach to close
  });
});

describe("the server", () => {
  it("serves the chunks the build wrote, and nothing else from the page's folder", async () => {
    const chunks = JSON.parse(readFileSync(new URL("../../dist/playground/chunks.json", import.meta.url), "utf8")) as { eager: string[]; lazy: string[] };
    expect(chunks.lazy.length).toBeGreaterThan(0);
    for (const file of [...chunks.eager, ...chunks.lazy]) {
      const response = await get(`/${file}`);
      expect([file, response.status, response.type]).toEqual([file, 200, "text/javascript; charset=utf-8"]);
      expect(response.body).toBe(readFileSync(new URL(`../../dist/playground/${file}`, import.meta.url), "utf8"));
    }
    for (const path of ["/chunks.json", "/chunk-NOPE.js", `/../playground/${chunks.lazy[0]}`, `/%2e%2e/playground/${chunks.lazy[0]}`, `/${chunks.lazy[0]}/`]) {
      expect([path, (await get(path)).status]).toEqual([path, 404]);
    }
    expect((await get(`/${chunks.lazy[0]}`, "evil.example")).status).toBe(421);
    page = await browser.newPage(); // for afterEach to close
    problems = [];
  });
});

function get(path: string, host?: string): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: server.port, path, ...(host === undefined ? {} : { headers: { host } }) }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body }));
    });
    req.on("error", reject);
    req.end();
  });
}
