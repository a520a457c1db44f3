/**
 * Config text to a tree of values that remember where they were written, so every message can
 * point at a line and column. JSON (a whole object, or a `"key": value` fragment pasted out of one)
 * is checked by JSON.parse, which is strict about JSON's rules, then read by the `yaml` package for
 * the places (YAML 1.2 reads JSON as written); YAML goes through `yaml` alone. Text that is neither
 * is left to the spec language (docs/configs.md, "How the format is recognised").
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from "yaml";
import { NervaLrError } from "../core/errors.js";

/** A value of a config and the offsets of its text: [at, end). */
export type ConfigNode = ConfigMap | ConfigList | ConfigScalar;

export interface ConfigMap {
  readonly kind: "map";
  readonly entries: readonly ConfigEntry[];
  readonly at: number;
  readonly end: number;
}

export interface ConfigEntry {
  readonly key: string;
  readonly keyAt: number;
  readonly value: ConfigNode;
}

export interface ConfigList {
  readonly kind: "list";
  readonly items: readonly ConfigNode[];
  readonly at: number;
  readonly end: number;
}

export interface ConfigScalar {
  readonly kind: "scalar";
  readonly value: number | string | boolean | null;
  readonly at: number;
  readonly end: number;
}

export interface ConfigDocument {
  readonly format: "JSON" | "YAML";
  readonly root: ConfigMap;
  /** The text the offsets point into (the user's text as given). */
  readonly source: string;
}

/** Deeper than any config; a bound so that hostile input cannot recurse without end. */
const MAX_DEPTH = 64;

/** A JSON object, or the `"key": {...}` fragment of one (DeepSpeed's scheduler block as pasted). */
const FRAGMENT = /^\s*"[^"\\\n]{1,200}"\s*:/;
/** A YAML mapping's first key, as config files start (`sched: cosine`, `learning_rate: 0.001`). */
const YAML_KEY = /^(?:\s*#[^\n]*\n|\s*\n|---[^\n]*\n)*[A-Za-z_][\w.-]*\s*:(?:\s|$)/;
const IDENTIFIER = /^[A-Za-z_][\w.-]*$/;

/**
 * The config a text holds, or undefined when it is no config (then it is spec or Python text).
 * Broken JSON or YAML is an error at its line and column.
 */
export function readDocument(text: string): ConfigDocument | undefined {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) return readJson(text, text, 0);
  if (FRAGMENT.test(text)) return readJson(`{${text}}`, text, 1);
  return readYaml(text);
}

function readJson(json: string, source: string, shift: number): ConfigDocument {
  try {
    JSON.parse(json);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1];
    const offset = position === undefined ? source.length : Math.max(0, Math.min(source.length, Number(position) - shift));
    // V8's words, without the position it adds (the caret shows it).
    const problem = message.replace(/ in JSON at position \d+.*$/, "").replace(/^Unexpected end of JSON input$/, "the text ends inside the JSON");
    throw new NervaLrError("invalid-config", `not valid JSON: ${problem}`, { source, offset, lines: true });
  }
  const document = parseDocument(json, { uniqueKeys: true, prettyErrors: false, version: "1.2" });
  const root = treeOf(document, json, source, shift, "object");
  if (root.kind !== "map") throw new NervaLrError("invalid-config", "expected a JSON object", { source, offset: root.at, lines: true });
  return { format: "JSON", root, source };
}

function readYaml(text: string): ConfigDocument | undefined {
  const looksLikeYaml = YAML_KEY.test(text);
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false, version: "1.2" });
  if (document.errors.length > 0 && !looksLikeYaml) return undefined;
  if (!looksLikeYaml) {
    // A plain scalar (StepLR(0.1, 3)) or a mapping whose keys are no names (Python with "a: b").
    if (!isMap(document.contents)) return undefined;
    if (!document.contents.items.every((pair) => isScalar(pair.key) && IDENTIFIER.test(String(pair.key.value)))) return undefined;
  }
  const root = treeOf(document, text, text, 0, "mapping");
  if (root.kind !== "map") return undefined;
  return { format: "YAML", root, source: text };
}

/** The document's tree, or its first error at its place. `text` is what was parsed, `shift` its offset from `source`. */
function treeOf(document: Document, text: string, source: string, shift: number, container: "object" | "mapping"): ConfigNode {
  const place = (offset: number) => ({ source, offset: Math.max(0, Math.min(source.length, offset - shift)), lines: true });
  const first = document.errors[0];
  if (first) {
    const problem = first.code === "DUPLICATE_KEY" ? `a key is given twice in one ${container}` : first.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? first.code;
    throw new NervaLrError(first.code === "DUPLICATE_KEY" ? "duplicate-parameter" : "invalid-config", problem, place(first.pos[0]));
  }
  const convert = (node: unknown, depth: number): ConfigNode => {
    if (depth > MAX_DEPTH) throw new NervaLrError("invalid-config", `nesting deeper than ${MAX_DEPTH} levels`, place(rangeOf(node)[0]));
    if (isAlias(node)) return convert(node.resolve(document), depth + 1);
    const [at, end] = rangeOf(node).map((offset) => Math.max(0, offset - shift)) as [number, number];
    if (isMap(node)) {
      const entries: ConfigEntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        const keyAt = Math.max(0, rangeOf(pair.key)[0] - shift);
        if (typeof key !== "string" && typeof key !== "number") throw new NervaLrError("invalid-config", "a key must be a name", { source, offset: keyAt, lines: true });
        const value = pair.value === null ? { kind: "scalar" as const, value: null, at: keyAt, end: keyAt } : convert(pair.value, depth + 1);
        entries.push({ key: String(key), keyAt, value });
      }
      return { kind: "map", entries, at, end };
    }
    if (isSeq(node)) return { kind: "list", items: node.items.map((item) => convert(item, depth + 1)), at, end };
    if (isScalar(node)) {
      const value = node.value;
      if (typeof value === "number" && !Number.isFinite(value)) throw new NervaLrError("invalid-config", `expected a finite number, found ${String(value)}`, { source, offset: at, lines: true });
      if (typeof value === "bigint") return { kind: "scalar", value: Number(value), at, end };
      if (value === null || typeof value === "number" || typeof value === "string" || typeof value === "boolean") return { kind: "scalar", value, at, end };
      throw new NervaLrError("invalid-config", "expected a number, string, boolean or null", { source, offset: at, lines: true });
    }
    // An empty document, or an empty value (`key:`), is null.
    return { kind: "scalar", value: null, at, end };
  };
  void text;
  return convert(document.contents, 0);
}

function rangeOf(node: unknown): [number, number] {
  const range = (node as YamlNode | null)?.range;
  return range ? [range[0], range[1]] : [0, 0];
}

/** The value under a key, if the map has it. */
export function entry(map: ConfigMap, key: string): ConfigEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

/** A node's plain value (maps to objects, lists to arrays), for values that are read whole. */
export function plain(node: ConfigNode): unknown {
  if (node.kind === "scalar") return node.value;
  if (node.kind === "list") return node.items.map(plain);
  return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
}
