/** Help texts, one constant per command, so that --help and docs/cli.md stay easy to compare. */
import { readFileSync } from "node:fs";

const MAIN = `nerva-lr: learning-rate schedules from the command line

Usage:
  nerva-lr eval  SPEC [SPEC ...] [--epochs N | --at LIST] [--metrics LIST] [--format table|csv|json]
  nerva-lr plot  SPEC [SPEC ...] [--epochs N] [--log] [--ascii] [--width W] [--height H]
                 [--format text|svg] [--output FILE] [--metrics LIST]
  nerva-lr check SPEC
  nerva-lr export SPEC --to pytorch|transformers|deepspeed|timm|keras|optax|tfjs
  nerva-lr list  [--format table|json]
  nerva-lr demo
  nerva-lr playground [--port N]
  nerva-lr help [COMMAND]      (or: nerva-lr COMMAND --help)

A SPEC names a schedule and its parameters, e.g.
  "StepBased(0.1,0.5,10)"   "MultiStepLR(0.1;1,3,5;0.1)"   "StepLR(lr=0.1, step_size=30)"
Quote it: shells treat ( ) ; as special characters. @PATH reads a SPEC from a file and @- from
standard input: spec text, or a config in JSON or YAML (a DeepSpeed ds_config or its "scheduler"
block, Hugging Face TrainingArguments, timm's args.yaml, a Keras serialized schedule, the JSON form).
eval, plot and check take, for configs:
  --lr X                  the optimizer's lr, where the config leaves it to the optimizer
  --set NAME=VALUE        fill or override a value (a config key or a schedule parameter);
                          repeatable, e.g. --set total_num_steps=1000 for DeepSpeed's "auto"
  --steps-per-epoch N     optimizer steps per epoch, where the config counts epochs

Short options: -n N is --epochs N, -f F is --format F, -o FILE is --output FILE, -h is --help,
-V is --version.

Exit status: 0 success; 1 invalid spec, config, parameter or value, a file that cannot be read, or
output that cannot be written; 2 usage error (unknown command or option, an option's value out of
its range, --lr where the config sets the lr itself); 3 internal error
(a bug). The full reference is docs/cli.md.
`;

const EVAL = `Usage: nerva-lr eval SPEC [SPEC ...] [--epochs N | --at LIST] [--metrics LIST]
                     [--format table|csv|json] [--precision N]
                     [--lr X] [--set NAME=VALUE ...] [--steps-per-epoch N]

Evaluates schedules and prints their learning rate per epoch, one column per schedule. A
per-layer list "A;B" (nerva's form) gives one column per layer.
  -n, --epochs N   epochs 0..N-1 in order (default: the run a config gives, else 10; at most
                   1000000)
  --at LIST        the epochs of a comma-separated list, in the order given (e.g. --at 0,5,2;
                   at most 1000000 entries);
                   a stateful schedule such as TimeBased shows its call-order behaviour
  --metrics LIST   one metric per epoch for metric-driven schedules (ReduceLROnPlateau); row i is
                   the lr in effect during epoch i, after the metrics of the epochs before it;
                   a metric column shows them; --epochs defaults to the number of metrics
  -f, --format F   table (default, for people: rounded), csv or json (every number exact)
  --precision N    significant digits in the table (default 6; 1 to 17)
  --lr X, --set NAME=VALUE, --steps-per-epoch N   for configs (SPEC @PATH): see nerva-lr --help

Columns: one schedule is "lr" (csv header epoch,lr; json [{"epoch": 0, "lr": 0.1}, ...]); several
are named by their spec text (json {"epoch": 0, "StepLR(0.1, 3)": 0.1, ...}); the table numbers
long names [1], [2], ... with a legend.

Examples:
  nerva-lr eval "StepBased(0.1,0.5,10)" --epochs 25
  nerva-lr eval "StepLR(0.1, 10)" "CosineAnnealingLR(0.1, 30)" --epochs 30
  nerva-lr eval "TimeBased(0.1,0.5)" --at 0,1,2,1 --format json
  nerva-lr eval "ReduceLROnPlateau(0.1, factor=0.5, patience=1)" --metrics 1,0.9,0.95,0.93,0.92,0.91
  nerva-lr eval @ds_config.json --set total_num_steps=1000 --epochs 20
  nerva-lr eval @training_args.json --steps-per-epoch 500 --format csv
`;

const PLOT = `Usage: nerva-lr plot SPEC [SPEC ...] [--epochs N] [--log] [--ascii] [--width W] [--height H]
                     [--format text|svg] [--output FILE] [--metrics LIST]
                     [--lr X] [--set NAME=VALUE ...] [--steps-per-epoch N]

Draws schedules as a chart: in the terminal (text), or as a standalone SVG. Several specs, or a
per-layer list "A;B", share one chart with a legend. The lr of epoch e holds for the whole epoch, so
a change of lr shows as a vertical step.
  -n, --epochs N   epochs 0..N-1 (default: the run a config gives; else the schedule's own length,
                   e.g. total_steps, T_max or the last milestone, plus a fifth; 100 without one)
  --log            a log-scale y axis (learning rates often span decades)
  --ascii          plain ASCII instead of Unicode braille (text only)
  --width W        text: columns (default: the terminal's width, 80 when unknown); svg: pixels (720)
  --height H       text: rows of the plot (default 15); svg: pixels (400, plus the legend)
  -f, --format F   text (default) or svg
  -o, --output FILE  write to FILE instead of stdout
  --metrics LIST   one metric per epoch for metric-driven schedules (ReduceLROnPlateau)
  --lr X, --set NAME=VALUE, --steps-per-epoch N   for configs (SPEC @PATH): see nerva-lr --help

Colour is used only on a terminal, and never when NO_COLOR is set.

Examples:
  nerva-lr plot "StepBased(0.1,0.5,10)" --epochs 50
  nerva-lr plot "StepLR(0.1, 10)" "CosineAnnealingLR(0.1, 50)" --epochs 60
  nerva-lr plot "OneCycleLR(0.1, 1000)" --log --format svg --output onecycle.svg
`;

const CHECK = `Usage: nerva-lr check SPEC [--lr X] [--set NAME=VALUE ...] [--steps-per-epoch N]

Checks a spec and prints its canonical form (every parameter named, defaults included), or the
error with a caret under the place. A ';'-separated list (one schedule per layer, as nerva's
command line takes) prints one canonical spec per layer, joined by ';'. For a config (@PATH, @-,
or JSON/YAML text) a first line says what it was read as, e.g.
  from: DeepSpeed config, scheduler WarmupDecayLR

Example:
  nerva-lr check "MultiStepLR(0.1;1,3,5;0.1)"
  MultiStepLR(lr=0.1, milestones=[1, 3, 5], gamma=0.1)
`;

const EXPORT = `Usage: nerva-lr export SPEC --to pytorch|transformers|deepspeed|timm|keras|optax|tfjs

Prints code that reproduces the schedule in another framework, to paste into a training script.
  --to pytorch   Python that expects a variable optimizer (built with any lr), sets the lr it
                 needs and assigns scheduler; after k calls of scheduler.step() the optimizer's
                 lr is the schedule's value at k. torch's own class where torch has the schedule,
                 else a LambdaLR with the schedule's formula (a comment says so).
A schedule the target cannot express is an error (exit 1) naming what the target has instead;
docs/export.md lists what each target prints.

Example:
  nerva-lr export "OneCycleLR(0.1, 1000)" --to pytorch
`;

const LIST = `Usage: nerva-lr list [-f, --format table|json]

Lists every schedule: its names, source library, parameters with defaults, and formula.
`;

const DEMO = `Usage: nerva-lr demo

Evaluates a few of nerva's schedules side by side on built-in defaults (what 'npm start' runs).
`;

const PLAYGROUND = `Usage: nerva-lr playground [--port N]

Serves the playground page on http://127.0.0.1:N/ (default port 5177; 0 picks a free one) and
prints its URL: type schedules and see their chart, errors, canonical text, JSON and values, browse
the catalog, share a link. Only this machine can reach it. Ctrl-C stops it.
`;

export const HELP = { main: MAIN, eval: EVAL, plot: PLOT, check: CHECK, export: EXPORT, list: LIST, demo: DEMO, playground: PLAYGROUND } as const;

/** Read only when asked, so that start-up does not touch the file system. */
export function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}
