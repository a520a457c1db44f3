#!/usr/bin/python3
"""Runs nerva-lr's transformers, timm and deepspeed exports in the peers' own code; writes JSON.

For each case of test/export-peers-cases.ts (a spec, a target, and the code nerva-lr exports for
it, printed by that file under vite-node), this runs the code as a user would and records the lr
(and the momentum or Adam's beta1) at steps 0 .. STEPS-1:

  - transformers: the exported Python, with `from transformers import ...` answered by
    transformers' own optimization.py, on a torch SGD optimizer built with another lr; the value at
    k is the lr after k calls of scheduler.step().
  - timm: the exported Python with timm's scheduler files; the value at k is the lr after
    scheduler.step(k), timm's per-epoch convention.
  - deepspeed: the exported JSON, turned into a scheduler as DeepSpeed's engine does
    (_scheduler_from_config: DeepSpeed's lr_schedules by name, else torch.optim.lr_scheduler by
    name, called with the optimizer and the params); the optimizer block's type is a torch.optim
    class here (DeepSpeed's fused Adam needs a GPU build), without one an Adam with another lr.
    The value at k is the lr after k calls of scheduler.step().

    HF_SRC=<dir holding transformers/optimization.py>  TIMM_SRC=<pytorch-image-models checkout> \\
    DEEPSPEED_SRC=<DeepSpeed checkout>  HF_VERSION=...  TIMM_COMMIT=...  DEEPSPEED_COMMIT=... \\
        /usr/bin/python3 scripts/export_peers_reference.py > test/fixtures/exports-peers.json

Tests read the committed fixture and need neither Python nor the peers.
"""
import enum
import json
import logging
import os
import subprocess
import sys
import types
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_loader import load  # noqa: E402

warnings.filterwarnings("ignore")
STEPS = 60
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cases():
    env = dict(os.environ, PRINT_EXPORT_CASES="1")
    out = subprocess.run([os.path.join(ROOT, "node_modules", ".bin", "vite-node"), "test/export-peers-cases.ts"],
                         cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def load_transformers(directory):
    # optimization.py imports three things from the rest of transformers: give it stand-ins.
    pt_utils = types.ModuleType("transformers.trainer_pt_utils")
    pt_utils.LayerWiseDummyOptimizer = type("LayerWiseDummyOptimizer", (), {})
    pt_utils.LayerWiseDummyScheduler = type("LayerWiseDummyScheduler", (), {})
    trainer_utils = types.ModuleType("transformers.trainer_utils")
    names = ["linear", "cosine", "cosine_with_restarts", "polynomial", "constant", "constant_with_warmup", "inverse_sqrt",
             "reduce_lr_on_plateau", "cosine_with_min_lr", "cosine_warmup_with_min_lr", "warmup_stable_decay", "greedy"]
    trainer_utils.SchedulerType = enum.Enum("SchedulerType", {n.upper(): n for n in names} | {"REDUCE_ON_PLATEAU": "reduce_lr_on_plateau"}, type=str)
    utils = types.ModuleType("transformers.utils")
    utils.logging = types.SimpleNamespace(get_logger=logging.getLogger)
    sys.modules.update({"transformers.trainer_pt_utils": pt_utils, "transformers.trainer_utils": trainer_utils, "transformers.utils": utils})
    module = load("transformers", os.path.join(directory, "transformers"), ["optimization"])["optimization"]
    # `from transformers import get_...` in the exported code finds the functions here.
    package = sys.modules["transformers"]
    for name in dir(module):
        if name.startswith("get_"):
            setattr(package, name, getattr(module, name))


def load_timm(directory):
    files = ["scheduler", "cosine_lr", "tanh_lr", "poly_lr", "step_lr", "multistep_lr"]
    loaded = load("timm.scheduler", os.path.join(directory, "timm", "scheduler"), files)
    package = sys.modules["timm.scheduler"]
    for module in loaded.values():
        for name in dir(module):
            if name.endswith("Scheduler"):
                setattr(package, name, getattr(module, name))


def load_deepspeed(directory):
    # lr_schedules.py imports only a logger from the rest of DeepSpeed: give it Python's.
    utils = types.ModuleType("deepspeed.utils")
    utils.logger = logging.getLogger("deepspeed")
    sys.modules.setdefault("deepspeed", types.ModuleType("deepspeed"))
    sys.modules["deepspeed.utils"] = utils
    return load("deepspeed.runtime", os.path.join(directory, "deepspeed", "runtime"), ["lr_schedules"])["lr_schedules"]


def parameters():
    return [torch.nn.Parameter(torch.zeros(1))]


def momentum_of(group):
    if "betas" in group:
        return group["betas"][0]
    return group.get("momentum")


def run_python(code, stepping):
    """Runs exported Python on an optimizer built with another lr; returns lrs and momenta."""
    optimizer = torch.optim.SGD(parameters(), lr=0.5, momentum=0.9)
    scope = {"optimizer": optimizer}
    exec(compile(code, "<export>", "exec"), scope)  # the code nerva-lr printed, run as a user would
    scheduler = scope["scheduler"]
    lrs, momenta = [], []
    for k in range(STEPS):
        if stepping == "timm":
            scheduler.step(k)
        elif k > 0:
            scheduler.step()
        group = optimizer.param_groups[0]
        lrs.append(group["lr"])
        momenta.append(momentum_of(group))
    return lrs, momenta


def run_deepspeed(code, lr_schedules):
    """Builds the scheduler as DeepSpeed's engine does from the exported config, and steps it."""
    config = json.loads(code)
    block = config.get("optimizer")
    if block is None:
        optimizer = torch.optim.Adam(parameters(), lr=0.5)
    else:
        optimizer = getattr(torch.optim, block["type"])(parameters(), **block["params"])
    name, params = config["scheduler"]["type"], config["scheduler"]["params"]
    # engine.py _scheduler_from_config: DeepSpeed's own class, else torch's by the same name.
    scheduler_class = getattr(lr_schedules, name) if hasattr(lr_schedules, name) else getattr(torch.optim.lr_scheduler, name)
    scheduler = scheduler_class(optimizer, **params)
    lrs, momenta = [], []
    # torch's OneCycleLR is defined for its total_steps steps only (past them it extrapolates, then raises).
    for k in range(min(STEPS, params.get("total_steps", STEPS)) if name == "OneCycleLR" else STEPS):
        if k > 0:
            scheduler.step()
        group = optimizer.param_groups[0]
        lrs.append(group["lr"])
        momenta.append(momentum_of(group))
    return lrs, momenta


def main():
    load_transformers(os.environ["HF_SRC"])
    load_timm(os.environ["TIMM_SRC"])
    lr_schedules = load_deepspeed(os.environ["DEEPSPEED_SRC"])
    out = []
    for case in cases():
        target, code = case["target"], case["code"]
        if target == "deepspeed":
            lrs, momenta = run_deepspeed(code, lr_schedules)
        else:
            lrs, momenta = run_python(code, "timm" if target == "timm" else "torch")
        entry = {"spec": case["spec"], "target": target, "code": code, "values": lrs}
        if any(m is not None for m in momenta) and ("OneCycle" in case["spec"] or "CyclicLR" in case["spec"]):
            entry["momentum"] = momenta
        out.append(entry)
    json.dump({
        "torch": torch.__version__,
        "peers": {"transformers": os.environ.get("HF_VERSION", ""), "timm": os.environ.get("TIMM_COMMIT", ""),
                  "deepspeed": os.environ.get("DEEPSPEED_COMMIT", "")},
        "steps": STEPS,
        "cases": out,
    }, sys.stdout, indent=1)
    sys.stdout.write("\n")


main()
