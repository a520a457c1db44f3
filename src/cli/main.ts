/**
 * The nerva-lr command line: a thin layer over the library. `main(argv, io)` returns the exit
 * status, so the whole CLI is testable in-process; bin.ts connects it to the real process.
 *
 * Exit statuses: 0 success; 1 an invalid spec, parameter or value (message and caret on stderr);
 * 2 a usage error (unknown option, missing argument, an option's value out of its range); 3 an
 * internal error (a bug in nerva-lr). Every message is one line (a spec error adds its caret
 * excerpt), with user text escaped and clipped; docs/cli.md lists them.
 */
import { NervaLrError } from "../core/errors.js";
import { ACCEPTS, COMMANDS, isCommand, parseCommandLine, type OptionName } from "./args.js";
import { CliError, quote, safeLine, UsageError, type Io } from "./io.js";
import { checkCommand } from "./check.js";
import { evalCommand } from "./eval-command.js";
import { exportCommand } from "./export-command.js";
import { plotCommand } from "./plot.js";
import { listCommand } from "./list.js";
import { demoCommand } from "./demo.js";
import { playgroundCommand } from "./playground.js";
import { HELP, version } from "./help.js";
import { didYouMean } from "../language/suggest.js";

export type { Io } from "./io.js";

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
export const EXIT_BUG = 3;

/** Error codes that are usage errors (exit 2): an lr given twice (--lr where the text or config sets its own). */
const USAGE_CODES: ReadonlySet<string> = new Set(["conflicting-lr"]);

export function main(argv: readonly string[], io: Io): number {
  try {
    return run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      // An option's check (readWhole) does not know the command; the command line does.
      const command = error.command ?? argv.find(isCommand);
      io.stderr(`nerva-lr: ${safeLine(error.message)}\nRun 'nerva-lr ${command ? `${command} ` : ""}--help' for usage.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof NervaLrError && USAGE_CODES.has(error.code)) {
      // An lr given twice (--lr where the config or code sets it) is how the command was called.
      const command = argv.find(isCommand);
      io.stderr(`nerva-lr: ${error.message.split("\n").map((line) => safeLine(line)).join("\n")}\nRun 'nerva-lr ${command ? `${command} ` : ""}--help' for usage.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof NervaLrError || error instanceof CliError) {
      // Spec errors are a line and a caret excerpt, both escaped where they are made.
      io.stderr(`nerva-lr: ${error.message.split("\n").map((line) => safeLine(line)).join("\n")}\n`);
      return EXIT_INVALID;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`nerva-lr: internal error; this is a bug in nerva-lr, please report it with the command you ran.\n${detail}\n`);
    return EXIT_BUG;
  }
}

function run(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseCommandLine(argv);
  const [name, ...rest] = positionals;
  if (name === "help") {
    if (rest.length > 1) throw new UsageError(`'help' takes one COMMAND, got ${rest.length}`);
    const topic = rest[0];
    if (topic === undefined) {
      io.stdout(HELP.main);
      return EXIT_OK;
    }
    if (!isCommand(topic)) throw new UsageError(unknownCommand(topic));
    io.stdout(HELP[topic]);
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
    throw new UsageError(`missing command (${COMMANDS.join(", ")})`);
  }
  if (!isCommand(name)) throw new UsageError(unknownCommand(name));
  if (values.help) {
    io.stdout(HELP[name]);
    return EXIT_OK;
  }
  for (const option of Object.keys(values) as OptionName[]) {
    if (!ACCEPTS[name].includes(option)) throw new UsageError(`'${name}' does not take --${option}`, name);
  }
  switch (name) {
    case "eval":
      return evalCommand(rest, values, io);
    case "plot":
      return plotCommand(rest, values, io);
    case "check":
      return checkCommand(rest, values, io);
    case "export":
      return exportCommand(rest, values, io);
    case "list":
      return listCommand(rest, values, io);
    case "demo":
      return demoCommand(rest, io);
    case "playground":
      return playgroundCommand(rest, values, io);
  }
}

function unknownCommand(name: string): string {
  return `unknown command ${quote(name)}${didYouMean(name, COMMANDS)} (expected ${COMMANDS.join(", ")} or help)`;
}
