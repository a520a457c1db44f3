// The playground in a real browser: Debian's Chromium driven by playwright-core (no browser
// download). Typing changes the chart, a bad spec shows the caret message, a share link restores
// the state, hover and keys read values, the catalog's Try works, downloads carry the values, and
// no test may leave a console error. Screenshots at desktop and phone widths go to test-results/.
import { mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startPlayground } from "../playground-helpers.js";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const SHOTS = new URL("../../test-results/", import.meta.url).pathname;

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

async function open(hash = "", viewport = { width: 1280, height: 900 }): Promise<Page> {
  page = await browser.newPage({ viewport });
  problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  await page.goto(`${server.url}${hash}`);
  await page.waitForSelector("#chart svg path", { state: "attached" });
  return page;
}

afterEach(async () => {
  expect(problems).toEqual([]);
  await page?.close();
});

const paths = () => page.locator("#chart svg path").evaluateAll((nodes) => nodes.map((node) => node.getAttribute("d")));

describe("the playground page", () => {
  it("draws the first-visit schedules and redraws as you type", async () => {
    await open();
    const before = await paths();
    expect(before).toHaveLength(2);
    const first = page.locator("input.spec-input").first();
    await first.fill("");
    await first.pressSequentially("MultiStepLR(0.1;10,20;0.5)");
    await expect.poll(async () => (await paths())[0]).not.toBe(before[0]);
    expect(await page.locator("#chart svg").textContent()).toContain("MultiStepLR(0.1;10,20;0.5)");
    expect(await page.locator("#forms pre.canonical").first().textContent()).toBe("MultiStepLR(lr=0.1, milestones=[10, 20], gamma=0.5)");
    expect(await page.locator("#forms pre.json").first().textContent()).toBe('{"type":"MultiStepLR","lr":0.1,"milestones":[10,20],"gamma":0.5}');
    // The table shows the values: epoch 10 is the first after the first milestone.
    expect(await page.locator("#table tbody tr").nth(10).locator("td").nth(1).textContent()).toBe("0.05");
    await page.screenshot({ path: `${SHOTS}playground-desktop.png`, fullPage: true });
  });

  it("shows a bad spec's error under its input, with the caret at the place", async () => {
    await open();
    const first = page.locator("input.spec-input").first();
    await first.fill("StepBased(0.1,,10)");
    const error = page.locator(".spec .error").first();
    await expect.poll(() => error.locator(".problem").textContent()).toBe("Invalid schedule: expected a value, found ',' at offset 14");
    expect(await error.locator(".caret").textContent()).toBe("  StepBased(0.1,,10)\n                ^");
    expect(await first.getAttribute("aria-invalid")).toBe("true");
    // The other schedule is still drawn.
    expect(await paths()).toHaveLength(1);
  });

  it("opens a shared link with the same state", async () => {
    await open();
    await page.locator("input.spec-input").first().fill("OneCycleLR(0.1, 200)");
    await page.locator("#epochs").fill("150");
    await page.locator("#log").check();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain("log=1");
    const link = await page.evaluate(() => location.href);
    const svg = await page.locator("#chart").innerHTML();
    const shared = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await shared.goto(link);
    await shared.waitForSelector("#chart svg path", { state: "attached" });
    expect(await shared.locator("input.spec-input").first().inputValue()).toBe("OneCycleLR(0.1, 200)");
    expect(await shared.locator("#epochs").inputValue()).toBe("150");
    expect(await shared.locator("#log").isChecked()).toBe(true);
    expect(await shared.locator("#chart").innerHTML()).toBe(svg);
    await shared.close();
  });

  it("reads the lr under the pointer, and with the arrow keys", async () => {
    await open("#s=StepLR(0.1,10)&epochs=40");
    const box = (await page.locator("#chart svg").boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4);
    await expect.poll(() => page.locator("#hover").textContent()).toMatch(/^epoch \d+: StepLR\(0\.1,10\) = /);
    const text = (await page.locator("#hover").textContent()) ?? "";
    const epoch = Number(/^epoch (\d+)/.exec(text)?.[1]);
    expect(text).toBe(`epoch ${epoch}: StepLR(0.1,10) = ${Number((0.1 * 0.1 ** Math.floor(epoch / 10)).toPrecision(6))}`);
    await page.mouse.move(0, 0);
    await page.locator("#chart").focus();
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowRight");
    expect(await page.locator("#hover").textContent()).toBe("epoch 1: StepLR(0.1,10) = 0.1");
  });

  it("tries a schedule from the catalog in one click", async () => {
    await open("#s=Constant(0.1)");
    await page.locator("#catalog-filter").fill("OneCycleLR");
    await page.getByRole("button", { name: /^Try OneCycleLR:/ }).click();
    // Two lr curves, and OneCycleLR's momentum in the panel below.
    await expect.poll(async () => (await paths()).length).toBe(3);
    expect(await page.locator("#chart svg").textContent()).toContain("momentum");
    expect(await page.locator("input.spec-input").nth(1).inputValue()).toMatch(/^OneCycleLR\(/);
  });

  it("downloads the values as CSV and the chart as SVG", async () => {
    await open("#s=StepBased(0.1,0.5,2)&epochs=4");
    const [csv] = await Promise.all([page.waitForEvent("download"), page.locator("#download-csv").click()]);
    const csvText = await readDownload(csv);
    expect(csvText).toBe("epoch,\"StepBased(0.1,0.5,2)\"\n0,0.1\n1,0.05\n2,0.05\n3,0.025\n");
    const [svg] = await Promise.all([page.waitForEvent("download"), page.locator("#download-svg").click()]);
    expect(await readDownload(svg)).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>\n$/);
  });

  it("is usable at phone width", async () => {
    await open("#s=MultiStepLR(0.1%3B30%2C60%2C90%3B0.1)&s=StepBsed(0.1,0.5,10)", { width: 390, height: 844 });
    // Nothing sticks out sideways, and the chart fits the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const chart = (await page.locator("#chart svg").boundingBox())!;
    expect(chart.width).toBeLessThanOrEqual(390);
    expect(await page.locator(".spec .error .problem").textContent()).toContain("did you mean StepBased?");
    await page.screenshot({ path: `${SHOTS}playground-phone.png`, fullPage: true });
  });
});

async function readDownload(download: import("playwright-core").Download): Promise<string> {
  const stream = await download.createReadStream();
  let text = "";
  for await (const chunk of stream) text += chunk.toString();
  return text;
}
