#!/usr/bin/python3
"""Writes PyTorch's learning rates for nerva-lr's PyTorch-named schedules, as JSON on stdout.

Each case pairs a nerva-lr spec with the same scheduler built in torch.optim.lr_scheduler, and
records the lr the optimizer holds after t calls of scheduler.step(), for t = 0 .. steps-1. For
ReduceLROnPlateau, row t is the lr during epoch t, after step(metric) for the epochs before it.

Run with Debian's python3-torch (apt-get install python3-torch):
    npm run fixtures        # = /usr/bin/python3 scripts/pytorch_reference.py > test/fixtures/pytorch.json
Tests read the committed fixture file; they never need torch.
"""
import json
import math
import sys
import warnings

import torch
from torch.optim import SGD
from torch.optim import lr_scheduler as S
from torch.optim.swa_utils import SWALR

warnings.filterwarnings("ignore")


def optimizer(lr):
    # Momentum is there because CyclicLR and OneCycleLR cycle it by default.
    return SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr, momentum=0.9)


def run(make, lr, steps, opt=None):
    """The lr after t steps, t = 0 .. steps-1, and the momentum (SGD) or beta1 (Adam) beside it."""
    opt = opt or optimizer(lr)
    sched = make(opt)
    values = []
    momentum = []
    for _ in range(steps):
        group = opt.param_groups[0]
        values.append(group["lr"])
        momentum.append(group["betas"][0] if "betas" in group else group.get("momentum"))
        sched.step()
    return values, momentum


def run_plateau(make, lr, metrics):
    opt = optimizer(lr)
    sched = make(opt)
    values = []
    for metric in metrics:
        values.append(opt.param_groups[0]["lr"])
        sched.step(metric)
    return values


CASES = []


def case(spec, lr, steps, make, momentum=False):
    """With momentum=True the case also records the momentum PyTorch cycles (OneCycleLR, CyclicLR)."""
    values, moments = run(make, lr, steps)
    CASES.append({"spec": spec, "values": values, **({"momentum": moments} if momentum else {})})


def case_adam(spec, lr, steps, make):
    """OneCycleLR with Adam: PyTorch cycles beta1 instead of momentum."""
    opt = torch.optim.Adam([torch.nn.Parameter(torch.zeros(1))], lr=lr, betas=(0.9, 0.999))
    values, moments = run(make, lr, steps, opt)
    CASES.append({"spec": spec, "optimizer": "Adam", "values": values, "momentum": moments})


def plateau(spec, lr, metrics, make):
    CASES.append({"spec": spec, "metrics": metrics, "values": run_plateau(make, lr, metrics)})


# StepLR
case("StepLR(0.1, step_size=3)", 0.1, 20, lambda o: S.StepLR(o, step_size=3))
case("StepLR(lr=0.1, step_size=3, gamma=0.5)", 0.1, 20, lambda o: S.StepLR(o, 3, gamma=0.5))
case("StepLR(1.0, 1, 0.9)", 1.0, 40, lambda o: S.StepLR(o, 1, 0.9))
# MultiStepLR: a repeated milestone counts twice; a milestone 0 applies from the start
case("MultiStepLR(0.1, [2, 5, 9])", 0.1, 15, lambda o: S.MultiStepLR(o, [2, 5, 9]))
case("MultiStepLR(0.1, [3, 3, 6], 0.5)", 0.1, 10, lambda o: S.MultiStepLR(o, [3, 3, 6], 0.5))
case("MultiStepLR(0.1, [0, 4], 0.5)", 0.1, 8, lambda o: S.MultiStepLR(o, [0, 4], 0.5))
# ConstantLR
case("ConstantLR(0.1)", 0.1, 10, lambda o: S.ConstantLR(o))
case("ConstantLR(0.1, factor=0.5, total_iters=3)", 0.1, 8, lambda o: S.ConstantLR(o, factor=0.5, total_iters=3))
case("ConstantLR(0.05, factor=1, total_iters=2)", 0.05, 5, lambda o: S.ConstantLR(o, factor=1.0, total_iters=2))
# LinearLR
case("LinearLR(0.1)", 0.1, 10, lambda o: S.LinearLR(o))
case("LinearLR(0.1, start_factor=0.1, total_iters=5)", 0.1, 10, lambda o: S.LinearLR(o, start_factor=0.1, total_iters=5))
case("LinearLR(0.1, start_factor=1, end_factor=0.1, total_iters=10)", 0.1, 15,
     lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=10))
# ExponentialLR
case("ExponentialLR(0.1, 0.9)", 0.1, 60, lambda o: S.ExponentialLR(o, 0.9))
case("ExponentialLR(1.0, gamma=0.5)", 1.0, 30, lambda o: S.ExponentialLR(o, gamma=0.5))
# PolynomialLR
case("PolynomialLR(0.1)", 0.1, 8, lambda o: S.PolynomialLR(o))
case("PolynomialLR(0.1, total_iters=10, power=2)", 0.1, 14, lambda o: S.PolynomialLR(o, total_iters=10, power=2.0))
case("PolynomialLR(0.1, total_iters=6, power=0.5)", 0.1, 10, lambda o: S.PolynomialLR(o, total_iters=6, power=0.5))
# CosineAnnealingLR: periodic past T_max
case("CosineAnnealingLR(0.1, T_max=10)", 0.1, 45, lambda o: S.CosineAnnealingLR(o, T_max=10))
case("CosineAnnealingLR(0.1, T_max=7, eta_min=0.01)", 0.1, 30, lambda o: S.CosineAnnealingLR(o, T_max=7, eta_min=0.01))
# CosineAnnealingWarmRestarts
case("CosineAnnealingWarmRestarts(0.1, T_0=5)", 0.1, 23, lambda o: S.CosineAnnealingWarmRestarts(o, T_0=5))
case("CosineAnnealingWarmRestarts(0.1, T_0=3, T_mult=2, eta_min=0.001)", 0.1, 50,
     lambda o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001))
case("CosineAnnealingWarmRestarts(0.1, T_0=2, T_mult=3)", 0.1, 60, lambda o: S.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=3))
# CyclicLR
case("CyclicLR(0.01, 0.1, step_size_up=4)", 0.01, 30, lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=4), momentum=True)
case("CyclicLR(0.01, 0.1, step_size_up=3, step_size_down=5, mode=triangular2)", 0.01, 40,
     lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=3, step_size_down=5, mode="triangular2"), momentum=True)
case("CyclicLR(0.001, 0.1, step_size_up=5, mode=exp_range, gamma=0.9)", 0.001, 40,
     lambda o: S.CyclicLR(o, 0.001, 0.1, step_size_up=5, mode="exp_range", gamma=0.9), momentum=True)
case("CyclicLR(0.01, 0.1)", 0.01, 30, lambda o: S.CyclicLR(o, 0.01, 0.1), momentum=True)
# Momentum off: PyTorch leaves the optimizer's momentum alone
case("CyclicLR(0.01, 0.1, step_size_up=4, cycle_momentum=false)", 0.01, 12, lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=4, cycle_momentum=False), momentum=True)
case("CyclicLR(0.01, 0.1, step_size_up=3, base_momentum=0.7, max_momentum=0.95, mode=triangular2)", 0.01, 20,
     lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=3, base_momentum=0.7, max_momentum=0.95, mode="triangular2"), momentum=True)
# OneCycleLR, over its whole run (PyTorch raises after total_steps)
case("OneCycleLR(0.1, total_steps=20)", 0.1, 20, lambda o: S.OneCycleLR(o, 0.1, total_steps=20), momentum=True)
case("OneCycleLR(0.1, total_steps=30, anneal_strategy=linear)", 0.1, 30,
     lambda o: S.OneCycleLR(o, 0.1, total_steps=30, anneal_strategy="linear"), momentum=True)
case("OneCycleLR(0.1, total_steps=40, pct_start=0.25, three_phase=true)", 0.1, 40,
     lambda o: S.OneCycleLR(o, 0.1, total_steps=40, pct_start=0.25, three_phase=True), momentum=True)
case("OneCycleLR(0.5, total_steps=25, div_factor=10, final_div_factor=100, anneal_strategy=linear, three_phase=true)", 0.5, 25,
     lambda o: S.OneCycleLR(o, 0.5, total_steps=25, div_factor=10.0, final_div_factor=100.0,
                            anneal_strategy="linear", three_phase=True), momentum=True)
# SequentialLR: each child restarts at its milestone
case("SequentialLR(0.1, [LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=15)], [5])", 0.1, 21,
     lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=5), S.CosineAnnealingLR(o, T_max=15)], [5]))
case("SequentialLR(0.1, [ConstantLR(factor=0.5, total_iters=2), ExponentialLR(gamma=0.9), StepLR(step_size=2, gamma=0.5)], [3, 8])",
     0.1, 16,
     lambda o: S.SequentialLR(o, [S.ConstantLR(o, factor=0.5, total_iters=2), S.ExponentialLR(o, gamma=0.9),
                                  S.StepLR(o, step_size=2, gamma=0.5)], [3, 8]))
case("SequentialLR(0.1, [LinearLR(start_factor=0.01, total_iters=4), CosineAnnealingWarmRestarts(T_0=4, T_mult=2)], [4])",
     0.1, 30,
     lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.01, total_iters=4),
                                  S.CosineAnnealingWarmRestarts(o, T_0=4, T_mult=2)], [4]))
# ChainedScheduler: the product of the children's factors
case("ChainedScheduler(1.0, [ConstantLR(factor=0.1, total_iters=2), ExponentialLR(gamma=0.9)])", 1.0, 12,
     lambda o: S.ChainedScheduler([S.ConstantLR(o, factor=0.1, total_iters=2), S.ExponentialLR(o, gamma=0.9)]))
case("ChainedScheduler(0.1, [LinearLR(start_factor=0.2, total_iters=4), StepLR(step_size=3, gamma=0.5), MultiStepLR(milestones=[5, 7])])",
     0.1, 12,
     lambda o: S.ChainedScheduler([S.LinearLR(o, start_factor=0.2, total_iters=4), S.StepLR(o, 3, gamma=0.5),
                                   S.MultiStepLR(o, [5, 7])]))
case("ChainedScheduler(0.1, [CosineAnnealingLR(T_max=10), LinearLR(start_factor=0.5, total_iters=3)])", 0.1, 11,
     lambda o: S.ChainedScheduler([S.CosineAnnealingLR(o, T_max=10), S.LinearLR(o, start_factor=0.5, total_iters=3)]))
# ReduceLROnPlateau: metric-driven
plateau("ReduceLROnPlateau(0.1, factor=0.5, patience=2)", 0.1, [1, 0.9, 0.95, 0.93, 0.92],
        lambda o: S.ReduceLROnPlateau(o, factor=0.5, patience=2))
LOSSES = [1.0, 0.8, 0.81, 0.82, 0.79, 0.79, 0.80, 0.81, 0.82, 0.83, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76, 0.77, 0.78,
          0.79, 0.80, 0.81, 0.82, 0.83, 0.84, 0.85]
plateau("ReduceLROnPlateau(0.1, patience=1)", 0.1, LOSSES, lambda o: S.ReduceLROnPlateau(o, patience=1))
plateau("ReduceLROnPlateau(0.1, factor=0.5, patience=1, cooldown=2, min_lr=0.01)", 0.1, LOSSES,
        lambda o: S.ReduceLROnPlateau(o, factor=0.5, patience=1, cooldown=2, min_lr=0.01))
plateau("ReduceLROnPlateau(0.1, mode=max, factor=0.5, patience=0, threshold=0.05, threshold_mode=abs)", 0.1,
        [0.5, 0.52, 0.6, 0.61, 0.7, 0.7, 0.76, 0.8, 0.8, 0.9],
        lambda o: S.ReduceLROnPlateau(o, mode="max", factor=0.5, patience=0, threshold=0.05, threshold_mode="abs"))
plateau("ReduceLROnPlateau(0.1, mode=max, threshold=0.1, patience=1)", 0.1,
        [0.5, 0.52, 0.6, 0.61, 0.7, 0.7, 0.76, 0.8, 0.8, 0.9, 0.9, 0.9],
        lambda o: S.ReduceLROnPlateau(o, mode="max", threshold=0.1, patience=1))
plateau("ReduceLROnPlateau(1e-7, factor=0.5, patience=0, eps=1e-7)", 1e-7, [1, 2, 3, 4, 5],
        lambda o: S.ReduceLROnPlateau(o, factor=0.5, patience=0, eps=1e-7))
plateau("ReduceLROnPlateau(0.1, mode=min, threshold=0.1, threshold_mode=abs, patience=2)", 0.1,
        [1.0, 0.95, 0.85, 0.84, 0.83, 0.8, 0.74, 0.7, 0.69, 0.68, 0.67],
        lambda o: S.ReduceLROnPlateau(o, threshold=0.1, threshold_mode="abs", patience=2))

# LambdaLR with its factor as nerva-lr's expression text, evaluated here by Python itself
NAMES = {"min": min, "max": max, "abs": abs, "floor": math.floor, "ceil": math.ceil, "exp": math.exp, "log": math.log,
         "sqrt": math.sqrt, "sin": math.sin, "cos": math.cos, "tanh": math.tanh, "pi": math.pi, "e": math.e}


def lam(expression):
    return lambda step: eval(expression, {"__builtins__": {}}, {**NAMES, "epoch": step, "t": step, "step": step})


for expr, lr, steps in [("0.95 ** epoch", 0.1, 30), ("min(1, (t + 1) / 10)", 0.1, 15),
                        ("0.5 * (1 + cos(pi * min(step, 20) / 20))", 0.05, 25), ("1 / sqrt(max(1, epoch))", 0.1, 12),
                        ("(epoch % 4 + 1) / 4", 0.2, 10), ("-2 ** 2 + 5 - 3 * 0.5 ** -1 + 8", 0.1, 3),
                        ("exp(-0.1 * t) * abs(sin(t) + tanh(t) + log(t + 1) + log(t + 8, 2) + floor(t / 3) + ceil(t / 3))", 0.01, 12)]:
    case(f'LambdaLR({lr}, lr_lambda="{expr}")', lr, steps, lambda o, expr=expr: S.LambdaLR(o, lam(expr)))

# MultiplicativeLR with its factor as expression text
for expr, lr, steps in [("0.95", 0.1, 20), ("0.9 + 0.1 * 0.5 ** epoch", 0.1, 20), ("1 - 0.5 / (step + 1)", 0.2, 15), ("max(0.5, 1 - t / 20)", 0.1, 25)]:
    case(f'MultiplicativeLR({lr}, lr_lambda="{expr}")', lr, steps, lambda o, expr=expr: S.MultiplicativeLR(o, lam(expr)))

# SWALR (torch.optim.swa_utils)
case("SWALR(0.1, 0.01, anneal_epochs=5)", 0.1, 12, lambda o: SWALR(o, swa_lr=0.01, anneal_epochs=5))
case("SWALR(0.1, 0.01, anneal_epochs=4, anneal_strategy=linear)", 0.1, 10, lambda o: SWALR(o, swa_lr=0.01, anneal_epochs=4, anneal_strategy="linear"))
case("SWALR(0.05, 0.2, anneal_epochs=3)", 0.05, 8, lambda o: SWALR(o, swa_lr=0.2, anneal_epochs=3))
case("SWALR(0.1, 0.01, anneal_epochs=0)", 0.1, 5, lambda o: SWALR(o, swa_lr=0.01, anneal_epochs=0))
case("SWALR(0.1, 0.03)", 0.1, 14, lambda o: SWALR(o, swa_lr=0.03))

# OneCycleLR with Adam (beta1 cycles) and with its own momentum bounds
case_adam("OneCycleLR(0.1, total_steps=30)", 0.1, 30, lambda o: S.OneCycleLR(o, 0.1, total_steps=30))
case_adam("OneCycleLR(0.1, total_steps=30, base_momentum=0.8, max_momentum=0.9, three_phase=true, pct_start=0.2)", 0.1, 30,
          lambda o: S.OneCycleLR(o, 0.1, total_steps=30, base_momentum=0.8, max_momentum=0.9, three_phase=True, pct_start=0.2))
case("OneCycleLR(0.1, total_steps=20, cycle_momentum=false)", 0.1, 20, lambda o: S.OneCycleLR(o, 0.1, total_steps=20, cycle_momentum=False), momentum=True)

json.dump({
    "generator": "scripts/pytorch_reference.py",
    "torch": torch.__version__,
    "meaning": "values[t] = optimizer lr after t calls of scheduler.step()",
    "cases": CASES,
}, sys.stdout, indent=1)
sys.stdout.write("\n")
