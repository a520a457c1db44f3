#!/usr/bin/python3
"""Writes the peers' learning rates for nerva-lr's schedules named after them, as JSON on stdout.

Each case pairs a nerva-lr spec with the peer's own scheduler class, run on Debian's torch, and
records the lr in effect at each step. The peers' code is not part of nerva-lr: point this script
at checkouts of their repositories (only their scheduler files are loaded, as modules):

    TIMM_SRC=/path/to/pytorch-image-models  DEEPSPEED_SRC=/path/to/DeepSpeed \\
        /usr/bin/python3 scripts/peer_reference.py > test/fixtures/peers.json

Tests read the committed fixture file and need neither torch nor the peers.
"""
import importlib.util
import json
import os
import sys
import types
import warnings

import torch

warnings.filterwarnings("ignore")


def load(package, directory, modules):
    """Loads modules of `package` from `directory` without running the package's __init__."""
    parts = package.split(".")
    for i in range(1, len(parts) + 1):
        name = ".".join(parts[:i])
        if name not in sys.modules:
            module = types.ModuleType(name)
            module.__path__ = [directory] if i == len(parts) else []
            sys.modules[name] = module
    loaded = {}
    for module in modules:
        spec = importlib.util.spec_from_file_location(f"{package}.{module}", os.path.join(directory, f"{module}.py"))
        loaded[module] = importlib.util.module_from_spec(spec)
        sys.modules[f"{package}.{module}"] = loaded[module]
        spec.loader.exec_module(loaded[module])
    return loaded


def optimizer(lr):
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr, momentum=0.9)


CASES = []


def timm_case(spec, lr, epochs, make):
    """timm: the lr during epoch e is what scheduler.step(e) sets (timm's training loops call
    step(epoch + 1) after each epoch; the constructor sets epoch 0's)."""
    opt = optimizer(lr)
    sched = make(opt)
    values = []
    for e in range(epochs):
        sched.step(e)
        values.append(opt.param_groups[0]["lr"])
    CASES.append({"peer": "timm", "spec": spec, "values": values})


timm_dir = os.environ.get("TIMM_SRC")
if timm_dir:
    T = load("timm.scheduler", os.path.join(timm_dir, "timm", "scheduler"), ["scheduler", "cosine_lr", "tanh_lr", "poly_lr", "step_lr", "multistep_lr"])
    Cosine, Tanh, Poly = T["cosine_lr"].CosineLRScheduler, T["tanh_lr"].TanhLRScheduler, T["poly_lr"].PolyLRScheduler
    Step, MultiStep = T["step_lr"].StepLRScheduler, T["multistep_lr"].MultiStepLRScheduler
    timm_case("CosineLRScheduler(0.1, 10)", 0.1, 14, lambda o: Cosine(o, t_initial=10))
    timm_case("CosineLRScheduler(0.1, 10, lr_min=0.001, warmup_t=3, warmup_lr_init=0.01)", 0.1, 16,
              lambda o: Cosine(o, t_initial=10, lr_min=0.001, warmup_t=3, warmup_lr_init=0.01))
    timm_case("CosineLRScheduler(0.1, 8, warmup_t=4, warmup_lr_init=0.001, warmup_prefix=true)", 0.1, 16,
              lambda o: Cosine(o, t_initial=8, warmup_t=4, warmup_lr_init=0.001, warmup_prefix=True))
    timm_case("CosineLRScheduler(0.1, 5, lr_min=0.002, cycle_mul=2, cycle_decay=0.5, cycle_limit=3)", 0.1, 40,
              lambda o: Cosine(o, t_initial=5, lr_min=0.002, cycle_mul=2.0, cycle_decay=0.5, cycle_limit=3))
    timm_case("CosineLRScheduler(0.05, 6, cycle_limit=4, cycle_decay=0.8)", 0.05, 30,
              lambda o: Cosine(o, t_initial=6, cycle_limit=4, cycle_decay=0.8))
    timm_case("CosineLRScheduler(0.1, 12, k_decay=2, lr_min=0.01)", 0.1, 15, lambda o: Cosine(o, t_initial=12, k_decay=2.0, lr_min=0.01))
    timm_case("CosineLRScheduler(0.1, 4, cycle_mul=1.5, cycle_limit=5, warmup_t=2)", 0.1, 40,
              lambda o: Cosine(o, t_initial=4, cycle_mul=1.5, cycle_limit=5, warmup_t=2))
    timm_case("TanhLRScheduler(0.1, 20)", 0.1, 24, lambda o: Tanh(o, t_initial=20))
    timm_case("TanhLRScheduler(0.1, 10, lb=-5, ub=5, lr_min=0.001, cycle_limit=2, warmup_t=3, warmup_lr_init=0.01)", 0.1, 26,
              lambda o: Tanh(o, t_initial=10, lb=-5.0, ub=5.0, lr_min=0.001, cycle_limit=2, warmup_t=3, warmup_lr_init=0.01))
    timm_case("PolyLRScheduler(0.1, 10)", 0.1, 13, lambda o: Poly(o, t_initial=10))
    timm_case("PolyLRScheduler(0.1, 8, power=2, lr_min=0.005, cycle_mul=2, cycle_limit=3, k_decay=0.5, warmup_t=2, warmup_prefix=true)", 0.1, 60,
              lambda o: Poly(o, t_initial=8, power=2.0, lr_min=0.005, cycle_mul=2.0, cycle_limit=3, k_decay=0.5, warmup_t=2, warmup_prefix=True))
    timm_case("StepLRScheduler(0.1, 3, decay_rate=0.5)", 0.1, 12, lambda o: Step(o, decay_t=3, decay_rate=0.5))
    timm_case("StepLRScheduler(0.1, 2.5, decay_rate=0.3, warmup_t=3, warmup_lr_init=0.001)", 0.1, 14,
              lambda o: Step(o, decay_t=2.5, decay_rate=0.3, warmup_t=3, warmup_lr_init=0.001))
    timm_case("StepLRScheduler(0.1, 4, decay_rate=0.5, warmup_t=2, warmup_prefix=false)", 0.1, 12,
              lambda o: Step(o, decay_t=4, decay_rate=0.5, warmup_t=2, warmup_prefix=False))
    timm_case("timm.MultiStepLRScheduler(0.1, [3, 6, 6, 9], decay_rate=0.5)", 0.1, 12, lambda o: MultiStep(o, decay_t=[3, 6, 6, 9], decay_rate=0.5))
    timm_case("timm.MultiStepLRScheduler(0.1, [2, 5], decay_rate=0.1, warmup_t=2, warmup_lr_init=0.01)", 0.1, 10,
              lambda o: MultiStep(o, decay_t=[2, 5], decay_rate=0.1, warmup_t=2, warmup_lr_init=0.01))

json.dump({
    "torch": torch.__version__,
    "peers": {"timm": os.environ.get("TIMM_COMMIT", "")},
    "cases": CASES,
}, sys.stdout, indent=1)
sys.stdout.write("\n")
