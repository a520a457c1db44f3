#!/usr/bin/python3
"""Writes the learning rates of pytorch_warmup, pytorch_optimizer's lr_scheduler package and
Lightning Bolts' LinearWarmupCosineAnnealingLR, for nerva-lr's schedules named after them, as JSON
on stdout.

Each case pairs a nerva-lr spec with the peer's own code, run on Debian's torch, and records the lr
the optimizer uses in each optimizer step: after construction and t scheduler steps. The peers'
code is not part of nerva-lr: point this script at checkouts of their repositories (only their
scheduler files are loaded, as modules; their other imports get stand-ins):

    PYTORCH_WARMUP_SRC=/path/to/pytorch_warmup  PYTORCH_OPTIMIZER_SRC=/path/to/pytorch_optimizer \\
    BOLTS_SRC=/path/to/lightning-bolts \\
        /usr/bin/python3 scripts/peer_reference_warmup.py > test/fixtures/warmup-peers.json

(and PYTORCH_WARMUP_COMMIT, PYTORCH_OPTIMIZER_COMMIT, BOLTS_COMMIT to record which commits ran).

Tests read the committed fixture file and need neither torch nor the peers.
"""
import json
import os
import sys
import types
import warnings

import torch

from peer_loader import load

warnings.filterwarnings("ignore")

# pytorch_optimizer imports torch 2's name for the scheduler base class; torch 1.13 calls it _LRScheduler.
if not hasattr(torch.optim.lr_scheduler, "LRScheduler"):
    torch.optim.lr_scheduler.LRScheduler = torch.optim.lr_scheduler._LRScheduler


def sgd(lr):
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)


def adam(lr, beta2):
    return torch.optim.Adam([torch.nn.Parameter(torch.zeros(1))], lr=lr, betas=(0.9, beta2))


CASES = []


def plain_case(peer, spec, steps, make, lr=0.1):
    """The usual PyTorch loop: construct, then per optimizer step read the lr and call step()."""
    opt = sgd(lr)
    sched = make(opt)
    values = []
    for _ in range(steps):
        values.append(opt.param_groups[0]["lr"])
        sched.step()
    CASES.append({"peer": peer, "spec": spec, "values": values})


warmup_dir = os.environ.get("PYTORCH_WARMUP_SRC")
if warmup_dir:
    W = load("pytorch_warmup", os.path.join(warmup_dir, "pytorch_warmup"), ["base", "untuned", "radam"])
    S = torch.optim.lr_scheduler

    def warmup_case(spec, steps, lr, make_warmup, make_inner=None, beta2=None):
        """pytorch_warmup's documented loop: the lr scheduler, then the warmup, built on the same
        optimizer; per optimizer step the optimizer uses the lr, then
        `with warmup.dampening(): lr_scheduler.step()` (with no scheduler, `pass`)."""
        opt = adam(lr, beta2) if beta2 is not None else sgd(lr)
        inner = make_inner(opt) if make_inner else None
        warm = make_warmup(opt)
        values, steps_seen = [], []
        for _ in range(steps):
            values.append(opt.param_groups[0]["lr"])
            # The warmup's step count at the step just taken: the dampening of step t uses last_step t.
            steps_seen.append(warm.last_step)
            with warm.dampening():
                if inner:
                    inner.step()
        assert steps_seen == list(range(steps)), "the dampening of optimizer step t counts t"
        CASES.append({"peer": "pytorch_warmup", "spec": spec, "values": values})

    B, U, R = W["base"], W["untuned"], W["radam"]
    warmup_case("pytorch_warmup.LinearWarmup(schedule=CosineAnnealingLR(0.1, 100), warmup_period=10)", 130, 0.1,
                lambda o: B.LinearWarmup(o, warmup_period=10), lambda o: S.CosineAnnealingLR(o, T_max=100))
    warmup_case("pytorch_warmup.LinearWarmup(lr=0.05, warmup_period=7)", 20, 0.05, lambda o: B.LinearWarmup(o, 7))
    warmup_case("pytorch_warmup.LinearWarmup(schedule=LinearLR(0.1, start_factor=1, end_factor=0.1, total_iters=50), warmup_period=15)", 70, 0.1,
                lambda o: B.LinearWarmup(o, 15), lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=50))
    warmup_case("pytorch_warmup.LinearWarmup(schedule=OneCycleLR(0.1, total_steps=200), warmup_period=30)", 200, 0.1,
                lambda o: B.LinearWarmup(o, 30), lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=200, cycle_momentum=False))
    warmup_case("pytorch_warmup.ExponentialWarmup(schedule=StepLR(0.1, 30, gamma=0.5), warmup_period=20)", 100, 0.1,
                lambda o: B.ExponentialWarmup(o, 20), lambda o: S.StepLR(o, 30, gamma=0.5))
    warmup_case("pytorch_warmup.ExponentialWarmup(lr=0.01, warmup_period=1)", 10, 0.01, lambda o: B.ExponentialWarmup(o, 1))
    warmup_case("pytorch_warmup.UntunedLinearWarmup(schedule=CosineAnnealingLR(0.001, 3000))", 3000, 0.001,
                lambda o: U.UntunedLinearWarmup(o), lambda o: S.CosineAnnealingLR(o, T_max=3000), beta2=0.999)
    warmup_case("pytorch_warmup.UntunedLinearWarmup(lr=0.1, beta2=0.99)", 250, 0.1, lambda o: U.UntunedLinearWarmup(o), beta2=0.99)
    warmup_case("pytorch_warmup.UntunedLinearWarmup(lr=0.1, beta2=0)", 6, 0.1, lambda o: U.UntunedLinearWarmup(o), beta2=0.0)
    warmup_case("pytorch_warmup.UntunedExponentialWarmup(schedule=ExponentialLR(0.01, 0.999))", 2500, 0.01,
                lambda o: U.UntunedExponentialWarmup(o), lambda o: S.ExponentialLR(o, 0.999), beta2=0.999)
    warmup_case("pytorch_warmup.UntunedExponentialWarmup(lr=0.1, beta2=0.98)", 300, 0.1, lambda o: U.UntunedExponentialWarmup(o), beta2=0.98)
    warmup_case("pytorch_warmup.RAdamWarmup(schedule=CosineAnnealingLR(0.001, 2000))", 2100, 0.001,
                lambda o: R.RAdamWarmup(o), lambda o: S.CosineAnnealingLR(o, T_max=2000), beta2=0.999)
    for beta2 in [0.61, 0.7, 0.9, 0.95, 0.98, 0.99, 0.9999]:
        warmup_case(f"pytorch_warmup.RAdamWarmup(lr=0.1, beta2={beta2})", 200, 0.1, lambda o: R.RAdamWarmup(o), beta2=beta2)

optimizer_dir = os.environ.get("PYTORCH_OPTIMIZER_SRC")
if optimizer_dir:
    root = os.path.join(optimizer_dir, "pytorch_optimizer")
    base = load("pytorch_optimizer.base", os.path.join(root, "base"), ["exception", "scheduler"])
    P = load("pytorch_optimizer.lr_scheduler", os.path.join(root, "lr_scheduler"), ["chebyshev", "cosine_anealing", "linear_warmup", "rex", "wsd"])
    peer = "pytorch_optimizer"
    Rex = P["rex"].REXScheduler
    for spec, steps, kwargs in [("REXScheduler(total_steps=5, max_lr=1, min_lr=0)", 8, dict(total_steps=5, max_lr=1.0, min_lr=0.0)),
                                ("REXScheduler(100, max_lr=0.1, min_lr=0.001)", 120, dict(total_steps=100, max_lr=0.1, min_lr=0.001)),
                                ("REXScheduler(2000)", 2100, dict(total_steps=2000)),
                                ("REXScheduler(0, max_lr=0.1, min_lr=0.01)", 5, dict(total_steps=0, max_lr=0.1, min_lr=0.01))]:
        plain_case(peer, f"pytorch_optimizer.{spec}", steps, lambda o, kwargs=kwargs: Rex(o, **kwargs))
    Cawr = P["cosine_anealing"].CosineAnnealingWarmupRestarts
    for spec, steps, kwargs in [("CosineAnnealingWarmupRestarts(10, 1, max_lr=0.001, min_lr=1e-06, warmup_steps=5, gamma=1)", 40, dict(first_cycle_steps=10, cycle_mult=1.0, max_lr=1e-3, min_lr=1e-6, warmup_steps=5, gamma=1.0)),
                                ("CosineAnnealingWarmupRestarts(20, 1.5, max_lr=0.1, min_lr=0.001, warmup_steps=4, gamma=0.8)", 300, dict(first_cycle_steps=20, cycle_mult=1.5, max_lr=0.1, min_lr=0.001, warmup_steps=4, gamma=0.8)),
                                ("CosineAnnealingWarmupRestarts(50, 2, max_lr=0.1, min_lr=0)", 2500, dict(first_cycle_steps=50, cycle_mult=2.0, max_lr=0.1, min_lr=0.0)),
                                ("CosineAnnealingWarmupRestarts(7, 1.3, max_lr=0.05, min_lr=0.001, warmup_steps=2)", 400, dict(first_cycle_steps=7, cycle_mult=1.3, max_lr=0.05, min_lr=0.001, warmup_steps=2)),
                                ("CosineAnnealingWarmupRestarts(10, 0.5, max_lr=0.1, min_lr=0.01, warmup_steps=3, gamma=0.9)", 60, dict(first_cycle_steps=10, cycle_mult=0.5, max_lr=0.1, min_lr=0.01, warmup_steps=3, gamma=0.9)),
                                ("CosineAnnealingWarmupRestarts(100)", 250, dict(first_cycle_steps=100))]:
        plain_case(peer, f"pytorch_optimizer.{spec}", steps, lambda o, kwargs=kwargs: Cawr(o, **kwargs))
    L = P["linear_warmup"]
    recipe = dict(t_max=10, max_lr=1e-2, min_lr=1e-4, init_lr=1e-3, warmup_steps=5)
    for name, cls in [("LinearScheduler", L.LinearScheduler), ("CosineScheduler", L.CosineScheduler), ("PolyScheduler", L.PolyScheduler)]:
        plain_case(peer, f"pytorch_optimizer.{name}(10, 0.01, min_lr=0.0001, init_lr=0.001, warmup_steps=5)", 30, lambda o, cls=cls: cls(o, **recipe))
    plain_case(peer, "pytorch_optimizer.LinearScheduler(2000, 0.1, min_lr=0.01)", 2500, lambda o: L.LinearScheduler(o, t_max=2000, max_lr=0.1, min_lr=0.01))
    plain_case(peer, "pytorch_optimizer.CosineScheduler(2000, 0.1, min_lr=0.001, warmup_steps=100)", 4500, lambda o: L.CosineScheduler(o, t_max=2000, max_lr=0.1, min_lr=0.001, warmup_steps=100))
    plain_case(peer, "pytorch_optimizer.CosineScheduler(100, 0.1, min_lr=0.01, warmup_steps=150)", 400, lambda o: L.CosineScheduler(o, t_max=100, max_lr=0.1, min_lr=0.01, warmup_steps=150))
    plain_case(peer, "pytorch_optimizer.PolyScheduler(100, 0.001, min_lr=0.0001, warmup_steps=10, poly_order=0.9)", 2100, lambda o: L.PolyScheduler(o, poly_order=0.9, t_max=100, max_lr=0.001, min_lr=0.0001, warmup_steps=10))
    plain_case(peer, "pytorch_optimizer.PolyScheduler(50, 0.1, poly_order=2)", 60, lambda o: L.PolyScheduler(o, poly_order=2.0, t_max=50, max_lr=0.1))
    cheb = P["chebyshev"].get_chebyshev_schedule
    for lr, epochs, warm, steps in [(0.001, 16, False, 20), (0.1, 100, False, 130), (0.1, 2000, False, 2100), (0.1, 1, False, 4), (0.1, 2, False, 4),
                                    (0.1, 3, False, 6), (0.1, 4, False, 6), (0.1, 5, False, 10), (0.1, 9, False, 20), (0.1, 17, False, 40), (0.1, 10, True, 12)]:
        text = f"pytorch_optimizer.get_chebyshev_schedule({lr}, {epochs}{', is_warmup=true' if warm else ''})"
        plain_case(peer, text, steps, lambda o, epochs=epochs, warm=warm: cheb(o, epochs, is_warmup=warm), lr=lr)
    wsd = P["wsd"].get_wsd_schedule
    for kind in ["cosine", "1-sqrt", "1-square", "linear"]:
        plain_case(peer, f'pytorch_optimizer.get_wsd_schedule(0.001, 2, 2, 3, min_lr_ratio=0.1, cooldown_type="{kind}")', 10,
                   lambda o, kind=kind: wsd(o, 2, 2, 3, min_lr_ratio=0.1, cooldown_type=kind), lr=0.001)
        plain_case(peer, f'pytorch_optimizer.get_wsd_schedule(0.1, 100, 1000, 900, min_lr_ratio=0.01, num_cycles=1, cooldown_type="{kind}")', 2100,
                   lambda o, kind=kind: wsd(o, 100, 1000, 900, min_lr_ratio=0.01, num_cycles=1.0, cooldown_type=kind))
    plain_case(peer, "pytorch_optimizer.get_wsd_schedule(0.1, 0, 5, 10)", 20, lambda o: wsd(o, 0, 5, 10))
    plain_case(peer, "pytorch_optimizer.get_wsd_schedule(0.1, 5, 0, 0, min_lr_ratio=0.2)", 10, lambda o: wsd(o, 5, 0, 0, min_lr_ratio=0.2))

bolts_dir = os.environ.get("BOLTS_SRC")
if bolts_dir:
    # lr_scheduler.py imports one decorator from the rest of Bolts: give it one that changes nothing.
    stability = types.ModuleType("pl_bolts.utils.stability")
    stability.under_review = lambda: (lambda obj: obj)
    sys.modules.update({"pl_bolts": types.ModuleType("pl_bolts"), "pl_bolts.utils": types.ModuleType("pl_bolts.utils"), "pl_bolts.utils.stability": stability})
    Bolts = load("pl_bolts.optimizers", os.path.join(bolts_dir, "src", "pl_bolts", "optimizers"), ["lr_scheduler"])["lr_scheduler"].LinearWarmupCosineAnnealingLR
    for spec, lr, steps, kwargs in [("LinearWarmupCosineAnnealingLR(0.02, 10, 40)", 0.02, 100, dict(warmup_epochs=10, max_epochs=40)),
                                    ("LinearWarmupCosineAnnealingLR(0.1, 5, 2000, warmup_start_lr=0.001, eta_min=0.0001)", 0.1, 4500, dict(warmup_epochs=5, max_epochs=2000, warmup_start_lr=0.001, eta_min=0.0001)),
                                    ("LinearWarmupCosineAnnealingLR(0.1, 0, 50, warmup_start_lr=0.01, eta_min=0.001)", 0.1, 150, dict(warmup_epochs=0, max_epochs=50, warmup_start_lr=0.01, eta_min=0.001)),
                                    ("LinearWarmupCosineAnnealingLR(0.1, 1, 20, warmup_start_lr=0.05)", 0.1, 50, dict(warmup_epochs=1, max_epochs=20, warmup_start_lr=0.05)),
                                    ("LinearWarmupCosineAnnealingLR(0.1, 10, 5)", 0.1, 40, dict(warmup_epochs=10, max_epochs=5)),
                                    ("LinearWarmupCosineAnnealingLR(0.1, 3, 30, warmup_start_lr=0.2, eta_min=0.01)", 0.1, 70, dict(warmup_epochs=3, max_epochs=30, warmup_start_lr=0.2, eta_min=0.01))]:
        plain_case("pl_bolts", f"pl_bolts.{spec}", steps, lambda o, kwargs=kwargs: Bolts(o, **kwargs), lr=lr)

json.dump({
    "torch": torch.__version__,
    "peers": {"pytorch_warmup": os.environ.get("PYTORCH_WARMUP_COMMIT", ""), "pytorch_optimizer": os.environ.get("PYTORCH_OPTIMIZER_COMMIT", ""),
              "pl_bolts": os.environ.get("BOLTS_COMMIT", "")},
    "cases": CASES,
}, sys.stdout, indent=1)
sys.stdout.write("\n")
