#!/usr/bin/python3
"""Writes Megatron-LM's and NeMo's learning rates for nerva-lr's megatron.* and nemo.* schedules,
as JSON on stdout.

Each case pairs a nerva-lr spec with the peer's own scheduler class, run on Debian's torch, and
records the lr the optimizer holds at each step t: after construction and t scheduler steps
(Megatron: t calls of step(increment=1), its constructor having called step(0); NeMo: t calls of
step(), torch's _LRScheduler having stepped once in its constructor). The peers' code is not part of
nerva-lr: point this script at their scheduler files, or at checkouts of their repositories (only
the scheduler file is loaded, its other imports get stand-ins):

    MEGATRON_SRC=/path/to/Megatron-LM  NEMO_SRC=/path/to/NeMo \\
    MEGATRON_COMMIT=<sha>  NEMO_COMMIT=<sha> \\
        /usr/bin/python3 scripts/peer_reference_llm.py > test/fixtures/llm-peers.json

Tests read the committed fixture file and need neither torch nor the peers.
"""
import importlib.util
import json
import logging
import os
import sys
import types
import warnings

import torch

warnings.filterwarnings("ignore")


def source_file(variable, inside):
    """The scheduler file named by an environment variable: the file itself, or inside a checkout."""
    path = os.environ.get(variable)
    if not path:
        return None
    return os.path.join(path, inside) if os.path.isdir(path) else path


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def stub(name, **attributes):
    module = types.ModuleType(name)
    module.__path__ = []
    module.__dict__.update(attributes)
    sys.modules[name] = module
    return module


def optimizer(lr):
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr, momentum=0.9)


CASES = []
# Parameters the peer's code fails on (an assert, a division by zero, a TypeError), and the
# exception it raises within the steps run: nerva-lr refuses each of these specs.
FAILURES = []


def failure(peer, spec, run):
    try:
        run()
    except Exception as error:  # the peer's own failure, whatever it is, is what is recorded
        FAILURES.append({"peer": peer, "spec": spec, "error": type(error).__name__})
        return
    raise SystemExit(f"{spec}: expected the peer to fail, it ran")

megatron_file = source_file("MEGATRON_SRC", os.path.join("megatron", "core", "optimizer_param_scheduler.py"))
if megatron_file:
    # The file imports one logging helper from the rest of Megatron-LM.
    stub("megatron")
    stub("megatron.core")
    stub("megatron.core.utils", log_single_rank=lambda logger, level, message: None)
    M = load("megatron.core.optimizer_param_scheduler", megatron_file)

    def megatron_case(spec, steps, **kwargs):
        """The lr after construction (Megatron's step(0)) and t calls of step(increment=1)."""
        opt = optimizer(1.0)
        # Weight decay held constant: only the lr part is compared.
        sched = M.OptimizerParamScheduler(opt, start_wd=0.0, end_wd=0.0, wd_incr_steps=1, wd_incr_style="constant", **kwargs)
        values = []
        for _ in range(steps):
            values.append(opt.param_groups[0]["lr"])
            sched.step(increment=1)
        CASES.append({"peer": "megatron", "spec": spec, "values": values})

    def megatron_text(kwargs):
        words = {"lr_decay_style", "lr_wsd_decay_style"}
        text = ", ".join(f'{k}="{v}"' if k in words and "-" in v else f"{k}={v}" for k, v in kwargs.items())
        return f"megatron.OptimizerParamScheduler({text})"

    def megatron(steps, **kwargs):
        megatron_case(megatron_text(kwargs), steps, **kwargs)

    def megatron_failure(steps, **kwargs):
        failure("megatron", megatron_text(kwargs), lambda: megatron_case("", steps, **kwargs))

    megatron_failure(20, init_lr=0.0, max_lr=0.01, min_lr=0.1, lr_warmup_steps=0, lr_decay_steps=10, lr_decay_style="linear")
    megatron_failure(20, init_lr=0.2, max_lr=0.1, min_lr=0.0, lr_warmup_steps=5, lr_decay_steps=10, lr_decay_style="linear")
    megatron_failure(20, init_lr=0.0, max_lr=0.1, min_lr=0.0, lr_warmup_steps=10, lr_decay_steps=10, lr_decay_style="cosine")
    megatron_failure(20, init_lr=0.0, max_lr=0.1, min_lr=0.0, lr_warmup_steps=2, lr_decay_steps=10, lr_decay_style="WSD")

    megatron(120, init_lr=0.0, max_lr=0.1, min_lr=0.001, lr_warmup_steps=10, lr_decay_steps=100, lr_decay_style="linear")
    megatron(3000, init_lr=0.0, max_lr=0.0003, min_lr=3e-05, lr_warmup_steps=100, lr_decay_steps=2500, lr_decay_style="linear")
    megatron(250, init_lr=0.01, max_lr=0.1, min_lr=0.001, lr_warmup_steps=20, lr_decay_steps=200, lr_decay_style="cosine")
    megatron(2200, init_lr=0.0, max_lr=0.0006, min_lr=6e-05, lr_warmup_steps=0, lr_decay_steps=2000, lr_decay_style="cosine")
    megatron(60, init_lr=0.0, max_lr=0.1, min_lr=0.0, lr_warmup_steps=12.5, lr_decay_steps=50, lr_decay_style="linear")
    megatron(60, init_lr=0.001, max_lr=0.1, min_lr=0.01, lr_warmup_steps=10, lr_decay_steps=40, lr_decay_style="constant")
    megatron(40, init_lr=0.0, max_lr=0.1, min_lr=0.05, lr_warmup_steps=0, lr_decay_steps=20, lr_decay_style="constant")
    megatron(2200, init_lr=0.0, max_lr=0.01, min_lr=0.0001, lr_warmup_steps=100, lr_decay_steps=2000, lr_decay_style="inverse-square-root")
    megatron(80, init_lr=0.0, max_lr=0.1, min_lr=0.002, lr_warmup_steps=0, lr_decay_steps=60, lr_decay_style="inverse-square-root")
    for style in ["exponential", "linear", "cosine", "minus_sqrt"]:
        megatron(130, init_lr=0.0, max_lr=0.1, min_lr=0.01, lr_warmup_steps=10, lr_decay_steps=100, lr_decay_style="WSD", wsd_decay_steps=30, lr_wsd_decay_style=style)
    megatron(2100, init_lr=0.0, max_lr=0.001, min_lr=0.0, lr_warmup_steps=50, lr_decay_steps=2000, lr_decay_style="WSD", wsd_decay_steps=400, lr_wsd_decay_style="minus_sqrt")
    megatron(120, init_lr=0.0, max_lr=0.1, min_lr=0.0, lr_warmup_steps=10, lr_decay_steps=100, lr_decay_style="WSD", wsd_decay_steps=95, lr_wsd_decay_style="linear")
    megatron(40, init_lr=0.0, max_lr=0.1, min_lr=0.0, lr_warmup_steps=0, lr_decay_steps=30, lr_decay_style="WSD", wsd_decay_steps=0, lr_wsd_decay_style="cosine")

nemo_file = source_file("NEMO_SRC", os.path.join("nemo", "core", "optim", "lr_scheduler.py"))
if nemo_file:
    # lr_scheduler.py imports hydra, omegaconf and a little of the rest of NeMo, none of which its
    # scheduler classes use: give them stand-ins.
    stub("hydra")
    stub("omegaconf", DictConfig=dict, OmegaConf=type("OmegaConf", (), {}))
    stub("nemo")
    stub("nemo.core")
    stub("nemo.core.optim")
    stub("nemo.core.config", SchedulerParams=object, get_scheduler_config=None, register_scheduler_params=None)
    stub("nemo.utils", logging=logging.getLogger("nemo"))
    stub("nemo.utils.model_utils", maybe_update_config_version=None)
    N = load("nemo.core.optim.lr_scheduler", nemo_file)

    def nemo_run(name, steps, lr, kwargs):
        """The lr after construction and t calls of step(), as a PyTorch training loop runs it."""
        opt = optimizer(lr)
        sched = getattr(N, name)(opt, **kwargs)
        values = []
        for _ in range(steps):
            values.append(opt.param_groups[0]["lr"])
            sched.step()
        return values

    def nemo_text(name, lr, kwargs):
        text = ", ".join([f"lr={lr}"] + [f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in kwargs.items()])
        return f"nemo.{name}({text})"

    def nemo(name, steps, lr=0.1, **kwargs):
        CASES.append({"peer": "nemo", "spec": nemo_text(name, lr, kwargs), "values": nemo_run(name, steps, lr, kwargs)})

    def nemo_failure(name, steps, lr=0.1, **kwargs):
        failure("nemo", nemo_text(name, lr, kwargs), lambda: nemo_run(name, steps, lr, kwargs))

    nemo_failure("WarmupPolicy", 10, warmup_steps=5, warmup_ratio=0.1, max_steps=50)
    nemo_failure("WarmupPolicy", 10, warmup_ratio=0.1)
    nemo_failure("WarmupHoldPolicy", 10, hold_steps=5, hold_ratio=0.1, max_steps=50)
    nemo_failure("WarmupHoldPolicy", 10, warmup_steps=2, hold_steps=3)
    nemo_failure("CosineAnnealing", 10, lr=0.01, max_steps=50, min_lr=0.1)
    nemo_failure("CosineAnnealing", 10, warmup_steps=5, constant_steps=10, max_steps=50, min_lr=0.1)
    nemo_failure("CosineAnnealing", 10, constant_steps=50, max_steps=50)
    nemo_failure("CosineAnnealing", 10, constant_steps=5, constant_ratio=0.1, max_steps=50)
    nemo_failure("NoamAnnealing", 10, lr=0.01, d_model=8, min_lr=0.1)
    nemo_failure("NoamHoldAnnealing", 20, hold_steps=10, max_steps=50)
    nemo_failure("T5InverseSquareRootAnnealing", 10, constant_ratio=0.1, max_steps=50)
    nemo_failure("T5InverseSquareRootAnnealing", 10, max_steps=50)
    nemo_failure("T5InverseSquareRootAnnealing", 10, constant_steps=0, max_steps=50)
    nemo_failure("WarmupHoldAnnealLinear", 40, warmup_steps=10, hold_steps=20, max_steps=30)
    nemo_failure("WarmupHoldAnnealOneMinusSquareRoot", 30, hold_steps=20, max_steps=20)
    nemo_failure("PolynomialHoldDecayAnnealing", 30, warmup_steps=5, hold_steps=10, max_steps=15)

    nemo("WarmupPolicy", 30, warmup_steps=5, max_steps=20)
    nemo("WarmupPolicy", 30, warmup_ratio=0.25, max_steps=20, min_lr=0.001)
    nemo("WarmupPolicy", 20, warmup_steps=4)
    nemo("WarmupPolicy", 10, max_steps=5, min_lr=0.02)
    nemo("WarmupHoldPolicy", 30, warmup_steps=5, hold_steps=5, max_steps=20, min_lr=0.001)
    nemo("WarmupHoldPolicy", 60, warmup_ratio=0.1, hold_ratio=0.2, max_steps=50)
    nemo("WarmupHoldPolicy", 40, warmup_steps=4, hold_steps=30, max_steps=20, min_lr=0.01)
    nemo("WarmupHoldPolicy", 20, hold_steps=5, max_steps=10, min_lr=0.005)
    nemo("SquareAnnealing", 120, warmup_steps=10, max_steps=100)
    nemo("SquareAnnealing", 60, max_steps=50, min_lr=0.001)
    nemo("SquareAnnealing", 2100, lr=0.001, warmup_ratio=0.05, max_steps=2000, min_lr=1e-06)
    nemo("SquareRootAnnealing", 120, warmup_steps=10, max_steps=100, min_lr=0.001)
    nemo("SquareRootAnnealing", 60, max_steps=50)
    nemo("CosineAnnealing", 120, warmup_steps=10, max_steps=100, min_lr=0.0001)
    nemo("CosineAnnealing", 60, max_steps=50)
    nemo("CosineAnnealing", 120, warmup_steps=10, constant_steps=20, max_steps=100, min_lr=0.0001)
    nemo("CosineAnnealing", 2100, lr=0.0003, warmup_ratio=0.05, constant_ratio=0.1, max_steps=2000, min_lr=3e-05)
    nemo("CosineAnnealing", 60, constant_steps=10, max_steps=50, min_lr=0.01)
    nemo("CosineAnnealing", 40, warmup_steps=10, max_steps=30, min_lr=0.1)
    nemo("NoamAnnealing", 2500, lr=1.0, d_model=512, warmup_steps=1000, min_lr=1e-05)
    nemo("NoamAnnealing", 30, lr=2.0, d_model=256)
    nemo("NoamAnnealing", 60, lr=5.0, d_model=144, warmup_ratio=0.2, max_steps=50, min_lr=0.01)
    nemo("NoamHoldAnnealing", 120, warmup_steps=10, hold_steps=20, max_steps=100, min_lr=0.0001)
    nemo("NoamHoldAnnealing", 120, warmup_steps=10, max_steps=100, decay_rate=1.0, min_lr=0.005)
    nemo("NoamHoldAnnealing", 2100, lr=0.002, warmup_ratio=0.05, hold_ratio=0.3, max_steps=2000, decay_rate=0.5, min_lr=1e-05)
    nemo("WarmupAnnealing", 60, warmup_steps=10, max_steps=50, min_lr=0.01)
    nemo("WarmupAnnealing", 40, max_steps=30)
    nemo("InverseSquareRootAnnealing", 120, warmup_steps=10, max_steps=100, min_lr=0.05)
    nemo("InverseSquareRootAnnealing", 40, max_steps=30)
    nemo("T5InverseSquareRootAnnealing", 2100, lr=0.001, constant_steps=100, max_steps=2000, min_lr=0.0001)
    nemo("T5InverseSquareRootAnnealing", 30, lr=0.3, constant_steps=4, max_steps=20)
    nemo("PolynomialDecayAnnealing", 70, warmup_steps=10, max_steps=60, power=2.0, min_lr=0.001)
    nemo("PolynomialDecayAnnealing", 70, warmup_steps=10, max_steps=60, power=1.0, cycle=True)
    nemo("PolynomialDecayAnnealing", 60, max_steps=50, power=0.5)
    nemo("PolynomialHoldDecayAnnealing", 70, warmup_steps=5, hold_steps=10, max_steps=60, power=2.0, min_lr=0.001)
    nemo("PolynomialHoldDecayAnnealing", 70, warmup_steps=10, max_steps=60, power=1.0, cycle=True)
    nemo("PolynomialHoldDecayAnnealing", 70, warmup_steps=10, max_steps=60, power=1.5)
    nemo("PolynomialHoldDecayAnnealing", 70, hold_steps=15, max_steps=60, power=3.0, min_lr=0.002)
    nemo("PolynomialHoldDecayAnnealing", 2100, lr=0.001, warmup_ratio=0.02, hold_ratio=0.1, max_steps=2000, power=2.0, cycle=True, min_lr=1e-05)
    nemo("WarmupHoldAnnealOneMinusSquareRoot", 120, warmup_steps=10, hold_steps=20, max_steps=100, min_lr=0.001)
    nemo("WarmupHoldAnnealOneMinusSquareRoot", 60, warmup_steps=10, max_steps=50)
    nemo("WarmupHoldAnnealOneMinusSquareRoot", 60, hold_steps=10, max_steps=50, min_lr=0.001)
    nemo("WarmupHoldAnnealOneMinusSquareRoot", 2100, lr=0.001, warmup_ratio=0.01, hold_ratio=0.6, max_steps=2000, min_lr=1e-05)
    nemo("WarmupHoldAnnealLinear", 120, warmup_steps=10, hold_steps=20, max_steps=100, min_lr=0.01)
    nemo("WarmupHoldAnnealLinear", 60, warmup_steps=10, max_steps=50)
    nemo("WarmupHoldAnnealLinear", 60, hold_steps=10, max_steps=40, min_lr=0.02)

json.dump({
    "torch": torch.__version__,
    "peers": {"megatron": os.environ.get("MEGATRON_COMMIT", ""), "nemo": os.environ.get("NEMO_COMMIT", "")},
    "cases": CASES,
    "failures": FAILURES,
}, sys.stdout, indent=1)
sys.stdout.write("\n")
