// Every relative link of the README, CONTRIBUTING and docs/*.md points at a file of the repository,
// and every #anchor at a heading of the page it names (headings anchored as GitHub anchors them).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const pages = ["README.md", "CONTRIBUTING.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

/** The page without code: fenced blocks and inline code spans hold examples, not links. */
const prose = (text: string) => text.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");

function links(text: string): string[] {
  const body = prose(text);
  const markdown = [...body.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1] ?? "");
  const html = [...body.matchAll(/<(?:img|a)\s[^>]*?(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? "");
  return [...markdown, ...html].filter((target) => !/^[a-z]+:/i.test(target));
}

/** GitHub's anchor of a heading: lower case, punctuation other than - and _ dropped, spaces to -. */
function anchors(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.replace(/```[\s\S]*?```/g, "").matchAll(/^#{1,6} (.+)$/gm)) {
    found.add((m[1] ?? "").trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-"));
  }
  return found;
}

const linked = pages.map((page) => ({ page, targets: links(readFileSync(join(root, page), "utf8")) })).filter(({ targets }) => targets.length > 0);

it("the README and the docs index link the pages", () => {
  expect(linked.map(({ page }) => page)).toEqual(expect.arrayContaining(["README.md", "docs/index.md", "docs/catalog.md"]));
});

describe.each(linked)("links of $page", ({ page, targets }) => {
  it.each(targets)("%s", (target) => {
    const [path = "", anchor] = target.split("#");
    const file = path === "" ? join(root, page) : normalize(join(root, dirname(page), decodeURIComponent(path)));
    expect(file.startsWith(root), `${target} leaves the repository`).toBe(true);
    expect(existsSync(file), `${target} does not exist`).toBe(true);
    if (anchor !== undefined && file.endsWith(".md")) expect([...anchors(readFileSync(file, "utf8"))]).toContain(anchor);
  });
});
