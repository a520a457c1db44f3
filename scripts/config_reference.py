#!/usr/bin/python3
"""Writes, as JSON on stdout, what DeepSpeed's and timm's own code build from the config files in
test/fixtures/configs/: the lr at each step, and timm's num_epochs. nerva-lr/configs must read the
same files into the same values (test/configs-peers.test.ts).

    TIMM_SRC=/path/to/pytorch-image-models DEEPSPEED_SRC=/path/to/DeepSpeed \\
    TIMM_COMMIT=... DEEPSPEED_COMMIT=... \\
        /usr/bin/python3 scripts/config_reference.py > test/fixtures/configs.json

DeepSpeed: the engine's _scheduler_from_config (lr_schedules.<type> if DeepSpeed has it, else
torch.optim.lr_scheduler.<type>, params as keyword arguments) on an optimizer built with the
config's optimizer.params.lr; the lr after t calls of step(). timm: train.py's
create_scheduler_v2(optimizer, **scheduler_kwargs(args, decreasing_metric), updates_per_epoch), the
lr after step(e) (per epoch) or step_update(u) (per update), as train.py calls them.
"""
import argparse
import json
import logging
import os
import sys
import types
import warnings

import torch
import yaml

from peer_loader import load

warnings.filterwarnings("ignore")
HERE = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "configs")
CASES = []


def sgd(lr):
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr, momentum=0.9)


utils = types.ModuleType("deepspeed.utils")
utils.logger = logging.getLogger("deepspeed")
sys.modules.setdefault("deepspeed", types.ModuleType("deepspeed"))
sys.modules["deepspeed.utils"] = utils
D = load("deepspeed.runtime", os.path.join(os.environ["DEEPSPEED_SRC"], "deepspeed", "runtime"), ["lr_schedules"])["lr_schedules"]


def deepspeed(file, steps, lr=None, set_params=None):
    config = json.load(open(os.path.join(HERE, file)))
    block = config["scheduler"]
    params = dict(block.get("params", {}), **(set_params or {}))
    lr = config.get("optimizer", {}).get("params", {}).get("lr", lr if lr is not None else 0.1)
    opt = sgd(lr)
    cls = getattr(D, block["type"]) if hasattr(D, block["type"]) else getattr(torch.optim.lr_scheduler, block["type"])
    sched = cls(opt, **params)
    values = []
    for _ in range(steps):
        values.append(opt.param_groups[0]["lr"])
        sched.step()
    CASES.append({"file": file, "options": {k: v for k, v in {"lr": None, "set": set_params}.items() if v}, "values": values})


T = load("timm.scheduler", os.path.join(os.environ["TIMM_SRC"], "timm", "scheduler"),
         ["scheduler", "cosine_lr", "tanh_lr", "poly_lr", "step_lr", "multistep_lr", "plateau_lr", "scheduler_factory"])
factory = T["scheduler_factory"]
# train.py's parser defaults for the keys scheduler_kwargs reads (keys a file leaves out).
TRAIN_DEFAULTS = dict(sched="cosine", epochs=300, decay_epochs=90, decay_milestones=[90, 180, 270], warmup_epochs=5, cooldown_epochs=0,
                      patience_epochs=10, decay_rate=0.1, min_lr=0, warmup_lr=1e-5, warmup_prefix=False, lr_noise=None, lr_noise_pct=0.67,
                      lr_noise_std=1.0, seed=42, lr_cycle_mul=1.0, lr_cycle_decay=0.5, lr_cycle_limit=1, lr_k_decay=1.0, eval_metric="top1",
                      sched_on_updates=False, lr=None)


def timm(file, steps, lr=None, steps_per_epoch=0):
    given = yaml.safe_load(open(os.path.join(HERE, file)))
    # train.py sets the file's values as argparse defaults, and argparse converts a string default
    # with the option's type: PyYAML reads `1e-6` as a string, train.py gets float("1e-6").
    for key, value in given.items():
        if isinstance(value, str) and isinstance(TRAIN_DEFAULTS.get(key), (int, float)) and not isinstance(TRAIN_DEFAULTS.get(key), bool):
            given[key] = float(value)
    args = argparse.Namespace(**dict(TRAIN_DEFAULTS, **given))
    if lr is not None:
        args.lr = lr
    opt = sgd(args.lr)
    sched, num_epochs = factory.create_scheduler_v2(opt, **factory.scheduler_kwargs(args, decreasing_metric=args.eval_metric == "loss"),
                                                    updates_per_epoch=steps_per_epoch)
    values = []
    for t in range(steps):
        if args.sched_on_updates:
            if t > 0:
                sched.step_update(t)
        else:
            sched.step(t)
        values.append(opt.param_groups[0]["lr"])
    options = {k: v for k, v in {"lr": lr, "stepsPerEpoch": steps_per_epoch or None}.items() if v is not None}
    CASES.append({"file": file, "options": options, "values": values, "num_epochs": num_epochs})


deepspeed("deepspeed-megatron-gpt2-scheduler.json", 15)
deepspeed("deepspeed-warmup-cosine.json", 45)
deepspeed("deepspeed-torch-fallback.json", 30)
timm("timm-step-args.yaml", 16)
timm("timm-cosine-cycles-args.yaml", 50)
timm("timm-mobileone-args.yaml", 40, lr=0.4, steps_per_epoch=3)

json.dump({"torch": torch.__version__, "peers": {"timm": os.environ.get("TIMM_COMMIT"), "deepspeed": os.environ.get("DEEPSPEED_COMMIT")}, "cases": CASES},
          sys.stdout, indent=1)
print()
