/**
 * The command line's words to options and positionals, with node:util's parseArgs and a few
 * kindnesses on top: a negative number may follow an option (`--epochs -5` reaches the option's own
 * check, which gives the one message about it), a misspelt option gets a suggestion from the
 * command's own options, and an option given twice is an error instead of silently the last.
 */
import { parseArgs } from "node:util";
import { closest } from "../language/suggest.js";
import { quote, UsageError } from "./io.js";

/** Every option; the short aliases are the letters people type for them (docs/cli.md). */
export const OPTIONS = {
  epochs: { type: "string", short: "n" },
  at: { type: "string" },
  metrics: { type: "string" },
  format: { type: "string", short: "f" },
  precision: { type: "string" },
  output: { type: "string", short: "o" },
  width: { type: "string" },
  height: { type: "string" },
  port: { type: "string" },
  to: { type: "string" },
  log: { type: "boolean" },
  ascii: { type: "boolean" },
  lr: { type: "string" },
  set: { type: "string", multiple: true },
  "steps-per-epoch": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
} as const;

export type OptionName = keyof typeof OPTIONS;
export type OptionValues = {
  [K in OptionName]?: (typeof OPTIONS)[K] extends { multiple: true } ? string[] : (typeof OPTIONS)[K]["type"] extends "string" ? string : boolean;
};

export const COMMANDS = ["eval", "plot", "check", "export", "list", "demo", "playground"] as const;
export type Command = (typeof COMMANDS)[number];

/** Which options each command takes (besides --help). */
export const ACCEPTS: Record<Command, readonly OptionName[]> = {
  eval: ["epochs", "at", "metrics", "format", "precision", "lr", "set", "steps-per-epoch"],
  plot: ["epochs", "metrics", "format", "output", "width", "height", "log", "ascii", "lr", "set", "steps-per-epoch"],
  check: ["lr", "set", "steps-per-epoch"],
  export: ["to"],
  list: ["format"],
  demo: [],
  playground: ["port"],
};

export function isCommand(name: string): name is Command {
  return (COMMANDS as readonly string[]).includes(name);
}

const NEGATIVE_NUMBER = /^-(?:[0-9]|\.[0-9])/;

export function parseCommandLine(argv: readonly string[]): { values: OptionValues; positionals: string[] } {
  const command = argv.find(isCommand);
  const args = joinNegativeValues(argv);
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(usageMessage(error as Error & { code?: string }, command), command);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== "option") continue;
    // --set names one value each time it is given.
    if (seen.has(token.name) && token.name !== "set") throw new UsageError(`--${token.name} is given twice; give it once`, command);
    seen.add(token.name);
  }
  return { values: parsed.values as OptionValues, positionals: parsed.positionals };
}

/** `--epochs -5` (or `-n -5`) becomes `--epochs=-5`, so the value is the option's, not an unknown option `-5`. */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    const name = optionName(arg);
    if (name !== undefined && OPTIONS[name].type === "string" && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** The option that `--name` or `-x` stands for, if it is one. */
function optionName(arg: string): OptionName | undefined {
  if (arg.startsWith("--")) return Object.hasOwn(OPTIONS, arg.slice(2)) ? (arg.slice(2) as OptionName) : undefined;
  if (/^-[A-Za-z]$/.test(arg)) return (Object.keys(OPTIONS) as OptionName[]).find((name) => (OPTIONS[name] as { short?: string }).short === arg[1]);
  return undefined;
}

/** Node's parseArgs messages, reworded to one short line each, with user text quoted safely. */
function usageMessage(error: Error & { code?: string }, command: Command | undefined): string {
  const option = /'(-[^']*)'/.exec(error.message)?.[1];
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option !== undefined) return `unknown option ${quote(option)}${suggestOption(option, command)}`;
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option !== undefined) {
    // parseArgs names the option as '-n, --epochs <value>': a known name, shown as --epochs.
    const name = quote(/--[a-z]+/.exec(option)?.[0] ?? option);
    if (error.message.includes("ambiguous")) return `the value of ${name} starts with '-'; write it as ${name.slice(1, -1)}=VALUE`;
    return `option ${name} needs a value`;
  }
  return quote(error.message);
}

/**
 * A suggestion among the options of the command given (all options when none is): a misspelt long
 * name by edit distance, a one- or two-letter name only by prefix (`--o` is --output), since every
 * short name is within two edits of any other.
 */
export function suggestOption(option: string, command: Command | undefined): string {
  const bare = option.replace(/^-+/, "").split("=")[0] ?? "";
  const names: readonly string[] = [...(command ? ACCEPTS[command] : (Object.keys(OPTIONS) as OptionName[])), "help"];
  if (bare.length <= 2) {
    const prefixed = names.filter((name) => name.startsWith(bare.toLowerCase()));
    if (option.startsWith("--") && bare.length > 0 && prefixed.length === 1) return ` (did you mean --${prefixed[0]}?)`;
    return command ? ` ('${command}' takes ${names.map((name) => `--${name}`).join(", ")})` : "";
  }
  const best = closest(bare, names);
  return best === undefined ? "" : ` (did you mean --${best}?)`;
}
