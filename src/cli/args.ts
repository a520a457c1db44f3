/**
 * The command line's words to options and positionals, with node:util's parseArgs and a few
 * kindnesses on top: a negative number may follow an option (`--epochs -5` reaches the option's own
 * check, which gives the one message about it), a misspelt option gets a suggestion, and an option
 * given twice is an error instead of silently the last.
 */
import { parseArgs } from "node:util";
import { didYouMean } from "../language/suggest.js";
import { UsageError } from "./io.js";

export const OPTIONS = {
  epochs: { type: "string" },
  at: { type: "string" },
  metrics: { type: "string" },
  format: { type: "string" },
  precision: { type: "string" },
  output: { type: "string" },
  width: { type: "string" },
  height: { type: "string" },
  port: { type: "string" },
  log: { type: "boolean" },
  ascii: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
} as const;

export type OptionName = keyof typeof OPTIONS;
export type OptionValues = { [K in OptionName]?: (typeof OPTIONS)[K]["type"] extends "string" ? string : boolean };

const NEGATIVE_NUMBER = /^-(?:[0-9]|\.[0-9])/;

export function parseCommandLine(argv: readonly string[], commandOf: (args: readonly string[]) => string | undefined): { values: OptionValues; positionals: string[] } {
  const args = joinNegativeValues(argv);
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(usageMessage(error as Error & { code?: string }), commandOf(argv));
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== "option") continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given twice; give it once`, commandOf(argv));
    seen.add(token.name);
  }
  return { values: parsed.values as OptionValues, positionals: parsed.positionals };
}

/** `--epochs -5` becomes `--epochs=-5`, so the value is the option's, not an unknown option `-5`. */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    const name = arg.startsWith("--") ? arg.slice(2) : undefined;
    if (name !== undefined && isStringOption(name) && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function isStringOption(name: string): boolean {
  return Object.hasOwn(OPTIONS, name) && OPTIONS[name as OptionName].type === "string";
}

/** Node's parseArgs messages, reworded to one short line each. */
function usageMessage(error: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1];
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) {
    const bare = option.replace(/^-+/, "").split("=")[0] ?? "";
    return `unknown option '${option}'${didYouMean(bare, Object.keys(OPTIONS)).replace(/ \(did you mean (.*)\?\)/, " (did you mean --$1?)")}`;
  }
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    if (error.message.includes("ambiguous")) return `the value of '${option}' starts with '-'; write it as ${option}=VALUE`;
    return `option '${option}' needs a value`;
  }
  return error.message;
}
