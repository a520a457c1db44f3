/**
 * The nerva-lr command line: a thin layer over the library. `main(argv, io)` returns the exit
 * status, so the whole CLI is testable in-process; bin.ts connects it to the real process.
 *
 * Exit statuses: 0 success; 1 an invalid spec, parameter or value (message and caret on stderr);
 * 2 a usage error (unknown option, missing argument); 3 an internal error (a bug in nerva-lr).
 */
import { parseArgs } from "node:util";
import { NervaLrError } from "../core/errors.js";
import { UsageError, type Io } from "./io.js";
import { checkCommand } from "./check.js";
import { evalCommand } from "./eval.js";
import { listCommand } from "./list.js";
import { demoCommand } from "./demo.js";
import { HELP, version } from "./help.js";

export type { Io } from "./io.js";

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
export const EXIT_BUG = 3;

const OPTIONS = {
  epochs: { type: "string" },
  at: { type: "string" },
  metrics: { type: "string" },
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
} as const;

type Command = "eval" | "check" | "list" | "demo";

/** Which options each command takes (besides --help). */
const ACCEPTS: Record<Command, readonly string[]> = {
  eval: ["epochs", "at", "metrics", "format"],
  check: [],
  list: ["format"],
  demo: [],
};

export function main(argv: readonly string[], io: Io): number {
  try {
    return run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`nerva-lr: ${error.message}\nRun 'nerva-lr ${error.command ? `${error.command} ` : ""}--help' for usage.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof NervaLrError) {
      io.stderr(`nerva-lr: ${error.message}\n`);
      return EXIT_INVALID;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`nerva-lr: internal error; this is a bug in nerva-lr, please report it with the command you ran.\n${detail}\n`);
    return EXIT_BUG;
  }
}

function run(argv: readonly string[], io: Io): number {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const command = argv.find((arg) => isCommand(arg));
    throw new UsageError(usageMessage(error as Error & { code?: string }), command);
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (name === "help") {
    const topic = rest[0];
    io.stdout(topic !== undefined && isCommand(topic) ? HELP[topic] : HELP.main);
    return EXIT_OK;
  }
  if (name === undefined) {
    if (values.version) {
      io.stdout(`${version()}\n`);
      return EXIT_OK;
    }
    if (values.help) {
      io.stdout(HELP.main);
      return EXIT_OK;
    }
    throw new UsageError("missing command (eval, check, list or demo)");
  }
  if (!isCommand(name)) throw new UsageError(`unknown command '${name}' (expected eval, check, list or demo)`);
  if (values.help) {
    io.stdout(HELP[name]);
    return EXIT_OK;
  }
  for (const option of Object.keys(values)) {
    if (!ACCEPTS[name].includes(option)) throw new UsageError(`'${name}' does not take --${option}`, name);
  }
  switch (name) {
    case "eval":
      return evalCommand(rest, values, io);
    case "check":
      return checkCommand(rest, io);
    case "list":
      return listCommand(rest, values, io);
    case "demo":
      return demoCommand(rest, io);
  }
}

/** Node's parseArgs messages, reworded to one short line each. */
function usageMessage(error: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1];
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return `unknown option '${option}'`;
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    if (error.message.includes("ambiguous")) return `the value of '${option}' starts with '-'; write it as ${option}=VALUE`;
    return `option '${option}' needs a value`;
  }
  return error.message;
}

function isCommand(name: string): name is Command {
  return name === "eval" || name === "check" || name === "list" || name === "demo";
}
