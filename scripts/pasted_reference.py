#!/usr/bin/python3
"""Writes test/fixtures/pasted/index.json: real learning-rate snippets from public training code and
configs, each with the values the real code produces.

Every snippet is quoted from a public repository (see docs/pasted-sources.md) in `original`, as written
there. Where it uses variables of its program, `text` is the same snippet with those replaced by the
numbers listed in `substitutions`; the readers of nerva-lr read `text`. `options` holds what a user
must supply where the snippet leaves it open (the optimizer's lr, the steps per epoch, `--set`).

The values come from running the real code, never from nerva-lr:
  * PyTorch snippets run as Python on Debian's torch with a real optimizer over a dummy parameter:
    values[k] is optimizer.param_groups[0]['lr'] after k calls of scheduler.step() (metric-driven
    schedulers: scheduler.step(metrics[k - 1])).
  * Hugging Face calls run with transformers' own optimization.py (HF_SRC); TrainingArguments files
    become the get_scheduler call Trainer makes (see trainer_args_schedule below).
  * DeepSpeed configs run through DeepSpeed's own lr_schedules.py (DEEPSPEED_SRC), with the torch
    fallback of DeepSpeed's engine for other scheduler names.
  * timm args run through timm's own scheduler_factory.py (TIMM_SRC), stepped per epoch as train.py.
  * Keras and optax calls run the peers' own schedule files (KERAS_SRC, OPTAX_SRC) on NumPy in float64
    through the small stand-ins below (Keras and jax themselves are not installed here; they compute
    in float32, so their own output differs from these values by float32 rounding).

    TIMM_SRC=... DEEPSPEED_SRC=... HF_SRC=... KERAS_SRC=... OPTAX_SRC=... (and *_COMMIT) \\
        /usr/bin/python3 scripts/pasted_reference.py

Each peer directory is a checkout (or extract) of the peer's repository; only the schedule files are
loaded, as modules, by scripts/peer_loader.py.
"""
import contextlib
import importlib.util
import json
import math
import os
import sys
import types
import warnings

import numpy as np
import torch
import yaml

from peer_loader import load

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "test", "fixtures", "pasted")


def peer_dir(name):
    path = os.environ.get(f"{name}_SRC")
    if not path:
        sys.exit(f"pasted_reference.py: set {name}_SRC to a checkout of the peer (see the docstring)")
    return path


def peer_commit(name):
    return os.environ.get(f"{name}_COMMIT", "")


# ---------------------------------------------------------------------------------------------
# The snippets. `src` gives repo, path and (where the copy read had one) commit; `ref` names a tag.
# ---------------------------------------------------------------------------------------------
PT_EXAMPLES = dict(repo="pytorch/examples", commit="77f55b912142e11fcfdf5b530231fb9c52f181e8")
ACCELERATE = dict(repo="huggingface/accelerate", commit="16cb6eb80dd9aa8b4df1a63ef57863e455d53b83")
DEEPSPEED = dict(repo="microsoft/DeepSpeed", commit="38327e07f6cd39b63418f60cedd1651b0be3e7c3")
DS_EXAMPLES = dict(repo="microsoft/DeepSpeedExamples", commit="83757d9c937daabd1089a08051061706cb73900d")
BOLTS = dict(repo="Lightning-Universe/lightning-bolts", commit="34958a8892d42714edf02ba896fd5861ebb3cb7e")
PT_WARMUP = dict(repo="Tony-Y/pytorch_warmup", commit="ed598d3aefc232aeec7f342e039e06c2e0056251")
NEMO = dict(repo="NVIDIA/NeMo", commit="8cfedd7203462cb251a914e700e5605444277561")
TIMM = dict(repo="huggingface/pytorch-image-models", commit="aa4b5850c1543fa488abf260f18390eda46cf85d")
KERAS = dict(repo="keras-team/keras", commit="3422977a5e38fb2f7709aaa9a08e47f0c43d0f60")
OPTAX = dict(repo="google-deepmind/optax", commit="2edbcbe2390da13983b92cbef94ac0460ecde1c5")
HANDBOOK = dict(repo="huggingface/alignment-handbook", commit="925acdfe4b2b4e38c3dabd1851bc418f0b656351")
LLAMA_FACTORY = dict(repo="hiyouga/LLaMA-Factory", commit="ff6d4d12eeb035d6ce06805a5733dd7b29f2ac30")
TORCH_DOCS = dict(repo="pytorch/pytorch", path="torch/optim/lr_scheduler.py",
                  ref="v1.13.1, the copy Debian ships in python3-torch 1.13.1+dfsg-4 (docstring examples)")


def src(base, path=None, **extra):
    out = {k: v for k, v in base.items() if k != "path"}
    out["path"] = path or base["path"]
    out.update(extra)
    return out


SNIPPETS = []


def snippet(id, framework, source, original, text, exercises, fmt="python", setup=None, options=None,
            steps=None, at=None, metrics=None, substitutions=None, note=None, file=None, runner=None):
    SNIPPETS.append(dict(id=id, framework=framework, source=source, original=original, text=text,
                         exercises=exercises, format=fmt, setup=setup, options=options or {}, steps=steps,
                         at=at, metrics=metrics, substitutions=substitutions or {}, note=note, file=file,
                         runner=runner or framework))


def from_file(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        return f.read()


# --- PyTorch -----------------------------------------------------------------------------------
snippet("pt-imagenet-steplr", "pytorch", src(PT_EXAMPLES, "imagenet/main.py"),
        "optimizer = torch.optim.SGD(model.parameters(), args.lr,\n"
        "                            momentum=args.momentum,\n"
        "                            weight_decay=args.weight_decay)\n...\n"
        "scheduler = StepLR(optimizer, step_size=30, gamma=0.1)",
        "scheduler = StepLR(optimizer, step_size=30, gamma=0.1)",
        "bare StepLR (imported name), lr from the optimizer",
        setup="optimizer = torch.optim.SGD(model.parameters(), 0.1,\n"
              "                            momentum=0.9,\n"
              "                            weight_decay=1e-4)",
        options={"lr": 0.1}, steps=100,
        substitutions={"args.lr": 0.1, "args.momentum": 0.9, "args.weight_decay": 1e-4},
        note="the three values are the defaults of the script's own argument parser")

snippet("pt-mnist-steplr", "pytorch", src(PT_EXAMPLES, "mnist/main.py"),
        "optimizer = optim.Adadelta(model.parameters(), lr=args.lr)\n\n"
        "scheduler = StepLR(optimizer, step_size=1, gamma=args.gamma)",
        "scheduler = StepLR(optimizer, step_size=1, gamma=0.7)",
        "StepLR stepping every epoch, lr from an Adadelta optimizer",
        setup="optimizer = optim.Adadelta(model.parameters(), lr=1.0)",
        options={"lr": 1.0}, steps=15, substitutions={"args.lr": 1.0, "args.gamma": 0.7},
        note="1.0 and 0.7 are the defaults of the script's argument parser")

snippet("pt-accelerate-onecycle-epochs", "pytorch", src(ACCELERATE, "tests/test_scheduler.py"),
        "optimizer = torch.optim.AdamW(model.parameters(), lr=1.0)\n"
        "scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.01, steps_per_epoch=2, epochs=1)",
        "scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.01, steps_per_epoch=2, epochs=1)",
        "qualified OneCycleLR with epochs + steps_per_epoch (a 2-step cycle); momentum cycles (Adam beta1)",
        setup="optimizer = torch.optim.AdamW(model.parameters(), lr=1.0)", steps=2)

snippet("pt-accelerate-onecycle-cv", "pytorch", src(ACCELERATE, "examples/cv_example.py"),
        "optimizer = torch.optim.Adam(params=model.parameters(), lr=lr / 25)\n\n"
        "# Instantiate learning rate scheduler\n"
        "lr_scheduler = OneCycleLR(optimizer=optimizer, max_lr=lr, epochs=num_epochs, steps_per_epoch=len(train_dataloader))",
        "lr_scheduler = OneCycleLR(optimizer=optimizer, max_lr=0.03, epochs=3, steps_per_epoch=20)",
        "bare OneCycleLR with optimizer=optimizer as a keyword",
        setup="optimizer = torch.optim.Adam(params=model.parameters(), lr=0.03 / 25)", steps=60,
        substitutions={"lr": 0.03, "num_epochs": 3, "len(train_dataloader)": 20},
        note="lr 3e-2 and 3 epochs are the example's own config; 20 batches per epoch chosen")

snippet("pt-deepspeed-onecycle-total", "pytorch", src(DEEPSPEED, "tests/unit/runtime/test_ds_initialize.py"),
        "return OneCycleLR(optimizer, max_lr=0.01, total_steps=200)",
        "OneCycleLR(optimizer, max_lr=0.01, total_steps=200)",
        "OneCycleLR with total_steps", steps=200,
        substitutions={"return ": "(dropped: the call is the value a callable returns)"})

snippet("pt-openstl-onecycle", "pytorch", src(dict(repo="chengtan9907/OpenSTL"), "methods/optim_scheduler.py"),
        "optimizer = optim.Adam(model.parameters(), lr=lr)\n"
        "scheduler = optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr, total_steps=epoch * steps_per_epoch)",
        "scheduler = optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.001, total_steps=10 * 20)",
        "optim.lr_scheduler.X form; total_steps as a product",
        setup="optimizer = optim.Adam(model.parameters(), lr=0.001)", steps=200,
        substitutions={"lr": 0.001, "epoch": 10, "steps_per_epoch": 20})

snippet("pt-drone-onecycle-positional", "pytorch", src(dict(repo="ogigo/semantic_segmentation_drone_"), "optimizer.py"),
        "max_lr = 1e-3\nepoch = 15\n...\n"
        "optimizer = torch.optim.AdamW(model.parameters(), lr=max_lr, weight_decay=weight_decay)\n\n"
        "sched = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr, epochs=epoch,\n"
        "                                            steps_per_epoch=len(train_loader))",
        "sched = torch.optim.lr_scheduler.OneCycleLR(optimizer, 1e-3, epochs=15,\n"
        "                                            steps_per_epoch=10)",
        "positional max_lr, call continued on a second line",
        setup="optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)", steps=150,
        substitutions={"max_lr": 1e-3, "epoch": 15, "len(train_loader)": 10},
        note="max_lr and epoch are the file's own values; 10 batches per epoch chosen")

snippet("pt-eddy-onecycle-multiline", "pytorch", src(dict(repo="earth-artificial-intelligence/eddy_detection_geoweaver"),
                                                    "code/set_optmizer_and_scheduler.py"),
        "initial_lr = 1e-6\nmax_lr = 5e-4\n\n"
        "optimizer = torch.optim.Adam(model.parameters(), lr=max_lr)\n"
        "scheduler = torch.optim.lr_scheduler.OneCycleLR(\n"
        "    optimizer,\n"
        "    max_lr=max_lr,\n"
        "    steps_per_epoch=len(train_loader),\n"
        "    epochs=num_epochs,\n"
        "    div_factor=max_lr / initial_lr,\n"
        "    pct_start=0.3,\n"
        ")",
        "scheduler = torch.optim.lr_scheduler.OneCycleLR(\n"
        "    optimizer,\n"
        "    max_lr=5e-4,\n"
        "    steps_per_epoch=30,\n"
        "    epochs=10,\n"
        "    div_factor=5e-4 / 1e-6,\n"
        "    pct_start=0.3,\n"
        ")",
        "one argument per line with a trailing comma; div_factor as a quotient",
        setup="optimizer = torch.optim.Adam(model.parameters(), lr=5e-4)", steps=300,
        substitutions={"max_lr": 5e-4, "initial_lr": 1e-6, "len(train_loader)": 30, "num_epochs": 10},
        note="max_lr and initial_lr are the file's own values")

snippet("pt-f2p-cyclic-exp-range", "pytorch", src(dict(repo="foocker/F2P"), "K2P/solver/optimizer.py"),
        "scheduler = torch.optim.lr_scheduler.CyclicLR(optimizer, base_lr=0.001, max_lr=0.1,step_size_up=5,mode=\"exp_range\",gamma=0.85)",
        "scheduler = torch.optim.lr_scheduler.CyclicLR(optimizer, base_lr=0.001, max_lr=0.1,step_size_up=5,mode=\"exp_range\",gamma=0.85)",
        "CyclicLR exp_range, no spaces after commas; momentum cycles (SGD momentum)",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True)", steps=40,
        substitutions={"learning_rate (in the optimizer line)": 0.01},
        note="CyclicLR sets the lr itself; the file's optimizer line has lr=learning_rate (None there)")

snippet("pt-f2p-cyclic-triangular2", "pytorch", src(dict(repo="foocker/F2P"), "K2P/solver/optimizer.py"),
        "scheduler = torch.optim.lr_scheduler.CyclicLR(optimizer, base_lr=0.001, max_lr=0.1,step_size_up=5,mode=\"triangular2\")",
        "scheduler = torch.optim.lr_scheduler.CyclicLR(optimizer, base_lr=0.001, max_lr=0.1,step_size_up=5,mode=\"triangular2\")",
        "CyclicLR triangular2",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True)", steps=40,
        substitutions={"learning_rate (in the optimizer line)": 0.01})

snippet("pt-torchdocs-cyclic", "pytorch", TORCH_DOCS,
        ">>> optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\n"
        ">>> scheduler = torch.optim.lr_scheduler.CyclicLR(optimizer, base_lr=0.01, max_lr=0.1)",
        "scheduler = torch.optim.lr_scheduler.CyclicLR(optimizer, base_lr=0.01, max_lr=0.1)",
        "CyclicLR with its defaults (step_size_up=2000): sampled steps",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)",
        at=[0, 1, 2, 500, 1000, 1999, 2000, 2001, 3000, 3999, 4000, 4001, 5000, 6000, 8000],
        substitutions={">>> ": "(doctest prompts dropped)"})

snippet("pt-f2p-plateau-max-verbose", "pytorch", src(dict(repo="foocker/F2P"), "K2P/solver/optimizer.py"),
        "optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate, momentum=0.9, nesterov=True)\n...\n"
        "scheduler = ReduceLROnPlateau(optimizer, mode='max', factor=0.1, patience=0, verbose=True)",
        "scheduler = ReduceLROnPlateau(optimizer, mode='max', factor=0.1, patience=0, verbose=True)",
        "ReduceLROnPlateau mode='max' with verbose=True; lr from the optimizer",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True)",
        options={"lr": 0.01}, steps=12,
        metrics=[0.50, 0.60, 0.60, 0.65, 0.64, 0.70, 0.70, 0.70, 0.71, 0.69, 0.72, 0.72],
        substitutions={"learning_rate": 0.01},
        note="metrics: an accuracy sequence chosen for the test ('max' mode)")

snippet("pt-lecture-plateau-metrics", "pytorch", src(dict(repo="yolunghiu/pytorch"),
                                                      "class/class5/05.学习率调整策略_reduce_on_plateau.py"),
        "LR = 0.1\n...\noptimizer = optim.SGD([weights], lr=LR, momentum=0.9)\n...\n"
        "factor = 0.1\nmode = \"min\"\npatience = 10\ncooldown = 10\nmin_lr = 1e-4\nverbose = True\n\n"
        "scheduler_lr = optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=factor, mode=mode, patience=patience,\n"
        "                                                    cooldown=cooldown, min_lr=min_lr, verbose=verbose)",
        "scheduler_lr = optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.1, mode=\"min\", patience=10,\n"
        "                                                    cooldown=10, min_lr=1e-4, verbose=True)",
        "ReduceLROnPlateau with cooldown and min_lr, the metric sequence of the source itself",
        setup="optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)", options={"lr": 0.1}, steps=80,
        metrics=[0.5] * 5 + [0.4] * 75,
        substitutions={"LR": 0.1, "factor": 0.1, "mode": "\"min\"", "patience": 10, "cooldown": 10, "min_lr": 1e-4,
                       "verbose": True, "[weights]": "model.parameters()"},
        note="all values from the file; metrics as its loop feeds them (0.5, then 0.4 from epoch 5 on)")

snippet("pt-divenirelrn-plateau", "pytorch", src(dict(repo="Divenirelrn/PytorchNN"), "lr_scheduler.py"),
        "scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode=\"min\", factor=0.1, patience=10)",
        "scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode=\"min\", factor=0.1, patience=10)",
        "qualified ReduceLROnPlateau; the lr is left to the user",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.1)", options={"lr": 0.1}, steps=40,
        metrics=[1.0 - 0.05 * min(k, 8) for k in range(40)],
        note="metrics: a loss that improves for 8 epochs, then stays flat (chosen)")

snippet("pt-torchdocs-plateau-positional-min", "pytorch", TORCH_DOCS,
        ">>> optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\n"
        ">>> scheduler = ReduceLROnPlateau(optimizer, 'min')",
        "scheduler = ReduceLROnPlateau(optimizer, 'min')",
        "ReduceLROnPlateau with the mode given positionally",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)", options={"lr": 0.1}, steps=60,
        metrics=[1.0 / (1 + min(k, 5)) for k in range(60)],
        substitutions={">>> ": "(doctest prompts dropped)"},
        note="metrics: a loss that improves for 5 epochs, then stays flat (chosen)")

snippet("pt-torchdocs-lambda-095", "pytorch", TORCH_DOCS,
        ">>> # Assuming optimizer has two groups.\n"
        ">>> lambda1 = lambda epoch: epoch // 30\n"
        ">>> lambda2 = lambda epoch: 0.95 ** epoch\n...\n"
        ">>> scheduler = LambdaLR(optimizer, lr_lambda=[lambda1, lambda2])",
        "scheduler = LambdaLR(optimizer, lr_lambda=lambda epoch: 0.95 ** epoch)",
        "LambdaLR with the `0.95 ** epoch` lambda",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.05)", options={"lr": 0.05}, steps=60,
        substitutions={"lr_lambda=[lambda1, lambda2]": "lr_lambda=lambda epoch: 0.95 ** epoch (the second group's "
                                                       "lambda inlined; one parameter group)"})

snippet("pt-torchdocs-lambda-floordiv", "pytorch", TORCH_DOCS,
        ">>> lambda1 = lambda epoch: epoch // 30\n...\n"
        ">>> scheduler = LambdaLR(optimizer, lr_lambda=[lambda1, lambda2])",
        "scheduler = LambdaLR(optimizer, lr_lambda=lambda epoch: epoch // 30)",
        "LambdaLR with a floor-division lambda",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.05)", options={"lr": 0.05}, steps=100,
        substitutions={"lr_lambda=[lambda1, lambda2]": "lr_lambda=lambda epoch: epoch // 30 (the first group's "
                                                       "lambda inlined; one parameter group)"})

snippet("pt-torchdocs-multiplicative", "pytorch", TORCH_DOCS,
        ">>> lmbda = lambda epoch: 0.95\n...\n>>> scheduler = MultiplicativeLR(optimizer, lr_lambda=lmbda)",
        "scheduler = MultiplicativeLR(optimizer, lr_lambda=lambda epoch: 0.95)",
        "MultiplicativeLR with a constant lambda",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.05)", options={"lr": 0.05}, steps=40,
        substitutions={"lmbda": "lambda epoch: 0.95 (inlined)"})

snippet("pt-playground-multiplicative", "pytorch", src(dict(repo="nazish-qamar/pytorch-playground"), "scheduler.py"),
        "learning_rate = 0.01\n...\noptimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)\n...\n"
        "lambda1 = lambda epoch: 0.95\nscheduler = lr_scheduler.MultiplicativeLR(optimizer, lambda1)",
        "scheduler = lr_scheduler.MultiplicativeLR(optimizer, lambda epoch: 0.95)",
        "lr_scheduler.X form (module imported as lr_scheduler), positional lambda",
        setup="optimizer = torch.optim.Adam(model.parameters(), lr=0.01)", options={"lr": 0.01}, steps=40,
        substitutions={"learning_rate": 0.01, "lambda1": "lambda epoch: 0.95 (inlined)"})

snippet("pt-tutorial-lambda-linear", "pytorch", src(dict(repo="andreypudov/pytorch-tutorial"), "24_adjust_the_learning_rate.py"),
        "lr = 0.1\n...\noptimizer = torch.optim.SGD(model.parameters(), lr = lr)\n\n"
        "lambda1 = lambda epoch: epoch / 10\nscheduler = lr_scheduler.LambdaLR(optimizer, lr_lambda = lambda1)",
        "scheduler = lr_scheduler.LambdaLR(optimizer, lr_lambda = lambda epoch: epoch / 10)",
        "LambdaLR with spaces around `=`, a linear lambda",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr = 0.1)", options={"lr": 0.1}, steps=30,
        substitutions={"lr": 0.1, "lambda1": "lambda epoch: epoch / 10 (inlined)"})

snippet("pt-stat234-lambda-np", "pytorch", src(dict(repo="hahakumquat/stat234-project"), "utils/learning_rate_annealing.py"),
        "learning_rate_annealer = lambda epoch: max(np.exp(-epoch / 8 - 2), 0.00025)\n"
        "scheduler = LambdaLR(optimizer, \n                     lr_lambda=learning_rate_annealer)",
        "scheduler = LambdaLR(optimizer, \n                     lr_lambda=lambda epoch: max(np.exp(-epoch / 8 - 2), 0.00025))",
        "LambdaLR with np.exp and max() in the lambda",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=1.0)", options={"lr": 1.0}, steps=60,
        substitutions={"learning_rate_annealer": "its lambda, inlined"},
        note="the file builds no optimizer; lr 1.0 chosen")

snippet("pt-accelerate-lambda-linear", "pytorch", src(ACCELERATE, "tests/test_scheduler.py"),
        "optimizer = torch.optim.AdamW(model.parameters(), lr=1.0)\n"
        "scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=lambda n: 1 - n / 10)",
        "scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=lambda n: 1 - n / 10)",
        "lambda with a parameter named n; goes negative after step 10 as written",
        setup="optimizer = torch.optim.AdamW(model.parameters(), lr=1.0)", options={"lr": 1.0}, steps=11)

snippet("pt-accelerate-lambda-pow", "pytorch", src(ACCELERATE, "src/accelerate/test_utils/scripts/test_sync.py"),
        "opt = AdamW(params=model.parameters(), lr=1e-3)\n...\n"
        "sched = LambdaLR(opt, lr_lambda=lambda epoch: epoch**0.65)",
        "sched = LambdaLR(opt, lr_lambda=lambda epoch: epoch**0.65)",
        "optimizer named opt; `**` with a fractional power",
        setup="opt = AdamW(params=model.parameters(), lr=1e-3)", options={"lr": 1e-3}, steps=20)

snippet("pt-warmup-lambda-const", "pytorch", src(PT_WARMUP, "examples/plots/warmup_schedule.py"),
        "optimizer = torch.optim.Adam([{'params': p}], lr=1.0, betas=(0.9, beta2))\n"
        "lr_scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=lambda step: 1.0)",
        "lr_scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=lambda step: 1.0)",
        "`lambda step:` parameter name, constant factor",
        setup="optimizer = torch.optim.Adam(model.parameters(), lr=1.0, betas=(0.9, 0.999))", options={"lr": 1.0}, steps=5,
        substitutions={"[{'params': p}]": "model.parameters()", "beta2": 0.999})

snippet("pt-plasticity-cawr-last-epoch", "pytorch", src(dict(repo="rmbl88/keras-plasticity"), "test.py"),
        "optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "lr_sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=3, T_mult=2, eta_min=0.001, last_epoch=-1)",
        "lr_sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=3, T_mult=2, eta_min=0.001, last_epoch=-1)",
        "CosineAnnealingWarmRestarts with last_epoch=-1",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.1)", options={"lr": 0.1}, steps=50)

snippet("pt-s4-cawr-positional", "pytorch", src(dict(repo="KarlUlbaek/Deep-Learning-with-State-Spaces-for-Efficient-Sequence-Modeling"),
                                               "code/src/s4_playground/cosinetest.py"),
        "opt = torch.optim.AdamW(tmp().parameters(), lr=3e-3)\n"
        "scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, 1, 2)",
        "scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, 1, 2)",
        "optimizer named opt; T_0 and T_mult positional",
        setup="opt = torch.optim.AdamW(model.parameters(), lr=3e-3)", options={"lr": 3e-3}, steps=50,
        substitutions={"tmp().parameters()": "model.parameters()"})

snippet("pt-warmup-readme-cawr", "pytorch", src(PT_WARMUP, "README.md"),
        "lr_scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=10, T_mult=2)",
        "lr_scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=10, T_mult=2)",
        "CosineAnnealingWarmRestarts from a README code block",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.1)", options={"lr": 0.1}, steps=80,
        note="the README leaves the optimizer open; lr 0.1 chosen")

snippet("pt-bolts-igpt-cosine-optim", "pytorch", src(BOLTS, "src/pl_bolts/models/vision/image_gpt/igpt_module.py"),
        "optim = torch.optim.Adam(self.gpt.parameters(), lr=self.hparams.learning_rate)\n...\n"
        "sched = torch.optim.lr_scheduler.CosineAnnealingLR(optim, self.hparams.steps)",
        "sched = torch.optim.lr_scheduler.CosineAnnealingLR(optim, 40)",
        "optimizer named optim (which shadows torch.optim in that file); T_max positional",
        setup="optim = torch.optim.Adam(model.parameters(), lr=0.01)", options={"lr": 0.01}, steps=50,
        substitutions={"self.hparams.steps": 40, "self.hparams.learning_rate": 0.01,
                       "self.gpt.parameters()": "model.parameters()"})

snippet("pt-bolts-segmentation-cosine-opt", "pytorch", src(BOLTS, "src/pl_bolts/models/vision/segmentation.py"),
        "opt = torch.optim.Adam(self.net.parameters(), lr=self.lr)\n"
        "sch = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=10)",
        "sch = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=10)",
        "optimizer named opt; lr from the optimizer",
        setup="opt = torch.optim.Adam(model.parameters(), lr=0.01)", options={"lr": 0.01}, steps=25,
        substitutions={"self.lr": 0.01, "self.net.parameters()": "model.parameters()"},
        note="0.01 is the module's own default lr")

snippet("pt-bolts-finetuner-cosine-comment", "pytorch", src(BOLTS, "src/pl_bolts/models/self_supervised/ssl_finetuner.py"),
        "optimizer = torch.optim.SGD(\n"
        "    self.linear_layer.parameters(),\n"
        "    lr=self.learning_rate,\n"
        "    nesterov=self.nesterov,\n"
        "    momentum=0.9,\n"
        "    weight_decay=self.weight_decay,\n"
        ")\n...\n"
        "scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(\n"
        "    optimizer,\n"
        "    self.epochs,\n"
        "    eta_min=self.final_lr,  # total epochs to run\n"
        ")",
        "scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(\n"
        "    optimizer,\n"
        "    100,\n"
        "    eta_min=0.0,  # total epochs to run\n"
        ")",
        "multi-line call with a comment inside the arguments",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.1, nesterov=False, momentum=0.9, weight_decay=1e-6)",
        options={"lr": 0.1}, steps=110,
        substitutions={"self.epochs": 100, "self.final_lr": 0.0, "self.learning_rate": 0.1, "self.nesterov": False,
                       "self.weight_decay": 1e-6},
        note="epochs, final_lr, learning_rate and nesterov are the module's own defaults")

snippet("pt-bolts-finetuner-multistep-tuple", "pytorch", src(BOLTS, "src/pl_bolts/models/self_supervised/ssl_finetuner.py"),
        "scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, self.decay_epochs, gamma=self.gamma)",
        "scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, (60, 80), gamma=0.1)",
        "MultiStepLR with positional milestones given as a tuple",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.1, nesterov=False, momentum=0.9, weight_decay=1e-6)",
        options={"lr": 0.1}, steps=100, substitutions={"self.decay_epochs": "(60, 80)", "self.gamma": 0.1},
        note="(60, 80) and 0.1 are the module's own defaults")

snippet("pt-warmup-cifar-multistep-multiline", "pytorch", src(PT_WARMUP, "examples/cifar10/main.py"),
        "steps_per_epoch = len(train_loader)\n"
        "lr_scheduler = optim.lr_scheduler.MultiStepLR(\n"
        "    optimizer,\n"
        "    milestones=[i * steps_per_epoch for i in args.milestones])",
        "lr_scheduler = optim.lr_scheduler.MultiStepLR(\n"
        "    optimizer,\n"
        "    milestones=[50, 75])",
        "multi-line MultiStepLR, default gamma",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.1)", options={"lr": 0.1}, steps=90,
        substitutions={"[i * steps_per_epoch for i in args.milestones]": "[50, 75] (steps_per_epoch 5, milestones [10, 15])"})

snippet("pt-warmup-emnist-cosine-multiline", "pytorch", src(PT_WARMUP, "examples/emnist/main.py"),
        "optimizer = optim.AdamW(model.parameters(), lr=args.lr,\n"
        "                        betas=(0.9, args.beta2),\n"
        "                        weight_decay=args.wd)\n"
        "num_steps = len(train_loader) * args.epochs\n"
        "lr_scheduler = optim.lr_scheduler.CosineAnnealingLR(\n"
        "    optimizer, T_max=num_steps, eta_min=args.lr_min)",
        "lr_scheduler = optim.lr_scheduler.CosineAnnealingLR(\n"
        "    optimizer, T_max=100, eta_min=1e-5)",
        "multi-line CosineAnnealingLR with eta_min",
        setup="optimizer = optim.AdamW(model.parameters(), lr=0.01,\n"
              "                        betas=(0.9, 0.999),\n"
              "                        weight_decay=0.01)",
        options={"lr": 0.01}, steps=120,
        substitutions={"num_steps": 100, "args.lr_min": 1e-5, "args.lr": 0.01, "args.beta2": 0.999, "args.wd": 0.01})

snippet("pt-delfini-multistep", "pytorch", src(dict(repo="luciantin-ml/delfini"), "lib/lrScheduler.py"),
        "scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[30, 80], gamma=0.1)",
        "scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[30, 80], gamma=0.1)",
        "qualified MultiStepLR; the lr is left to the user",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.05)", options={"lr": 0.05}, steps=100,
        note="the file builds no optimizer; lr 0.05 chosen")

snippet("pt-myleaning-multistep-comment", "pytorch", src(dict(repo="Mr-ZeroBugs/MyLeaning"), "pytorch/technique/scheduler/multiStep.py"),
        "lr = 0.1\n...\noptimizer = torch.optim.Adam(model.parameters(), lr=lr)\n"
        "scheduler = lr_scheduler.MultiStepLR(optimizer, milestones=[1,4], gamma=0.1) #meaning in epoch 1,4 : lr *= 0.1",
        "scheduler = lr_scheduler.MultiStepLR(optimizer, milestones=[1,4], gamma=0.1) #meaning in epoch 1,4 : lr *= 0.1",
        "a trailing # comment after the call",
        setup="optimizer = torch.optim.Adam(model.parameters(), lr=0.1)", options={"lr": 0.1}, steps=8,
        substitutions={"lr": 0.1})

snippet("pt-lrcurve-cosine", "pytorch", src(dict(repo="PresageBoat/LRCurve"), "lr_curve/lr_cosine_curve.py"),
        "optimizer = optim.SGD(params=model.parameters(), lr=0.05)\n"
        "scheduler = lr_scheduler.CosineAnnealingLR(optimizer,T_max=20)",
        "scheduler = lr_scheduler.CosineAnnealingLR(optimizer,T_max=20)",
        "CosineAnnealingLR past T_max (it rises again)",
        setup="optimizer = optim.SGD(params=model.parameters(), lr=0.05)", options={"lr": 0.05}, steps=100)

snippet("pt-smartheart-cosine-expression", "pytorch", src(dict(repo="mliu2023/SmartHeartPipeline"), "config.py"),
        "warmup_epochs = 10\ntotal_epochs = 100\nlr = 1e-3\n...\n"
        "optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=1e-5)\n"
        "cosine_scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, total_epochs-warmup_epochs)",
        "cosine_scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, 100-10)",
        "T_max as a difference",
        setup="optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)", options={"lr": 1e-3}, steps=95,
        substitutions={"total_epochs": 100, "warmup_epochs": 10, "lr": 1e-3}, note="all values are the file's own")

snippet("pt-mycode-linearlr", "pytorch", src(dict(repo="chinacpp/my-code"), "学习率优化策略/06-LinearLR.py"),
        "optimizer = optim.SGD(model_parameters, lr=0.1)\n...\n"
        "scheduler = LinearLR(optimizer=optimizer, start_factor=0.001, end_factor=0.10, total_iters=50)",
        "scheduler = LinearLR(optimizer=optimizer, start_factor=0.001, end_factor=0.10, total_iters=50)",
        "LinearLR with optimizer= keyword and an end_factor below 1",
        setup="optimizer = optim.SGD(model.parameters(), lr=0.1)", options={"lr": 0.1}, steps=60,
        substitutions={"model_parameters": "model.parameters()"})

snippet("pt-mycode-sequential", "pytorch", src(dict(repo="chinacpp/my-code"), "学习率优化策略/10-SequentialLR.py"),
        "optimizer = optim.SGD(model_parameters, lr=0.1)\n...\n"
        "scheduler1 = ExponentialLR(optimizer=optimizer, gamma=0.9)\n"
        "scheduler2 = StepLR(optimizer=optimizer, step_size=10, gamma=0.1)\n"
        "scheduler = SequentialLR(optimizer, schedulers=[scheduler1, scheduler2], milestones=[20])",
        "scheduler = SequentialLR(optimizer, schedulers=[ExponentialLR(optimizer=optimizer, gamma=0.9), "
        "StepLR(optimizer=optimizer, step_size=10, gamma=0.1)], milestones=[20])",
        "SequentialLR with nested children that repeat the optimizer",
        setup="optimizer = optim.SGD(model.parameters(), lr=0.1)", options={"lr": 0.1}, steps=60,
        substitutions={"scheduler1, scheduler2": "their constructor calls, inlined",
                       "model_parameters": "model.parameters()"})

snippet("pt-thesis-sequential-constant", "pytorch", src(dict(repo="piotrhm/master-thesis"), "src/utils/optimization.py"),
        "def get_constant_with_exponential_lr(\n    optimizer,\n    factor=0.1,\n    total_iters_first=5,\n"
        "    gamma=0.9,\n    milestones=[2]\n):\n"
        "    scheduler1 = ConstantLR(optimizer, factor=factor, total_iters=total_iters_first)\n"
        "    scheduler2 = ExponentialLR(optimizer, gamma=gamma)\n\n"
        "    return SequentialLR(optimizer, schedulers=[scheduler1, scheduler2], milestones=milestones)",
        "SequentialLR(optimizer, schedulers=[ConstantLR(optimizer, factor=0.1, total_iters=5), "
        "ExponentialLR(optimizer, gamma=0.9)], milestones=[2])",
        "SequentialLR whose milestone cuts the first child short",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.1)", options={"lr": 0.1}, steps=20,
        substitutions={"factor, total_iters_first, gamma, milestones": "the function's defaults",
                       "scheduler1, scheduler2": "their constructor calls, inlined"})

snippet("pt-sgb-sequential-qualified", "pytorch", src(dict(repo="BeiBei-Clic/SGB-EF_Rebase"), "src/utils/lr_scheduler.py"),
        "warmup_scheduler = torch.optim.lr_scheduler.LinearLR(\n"
        "    optimizer, start_factor=1e-10, end_factor=1.0, total_iters=warmup_epochs\n)\n"
        "cosine_scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(\n"
        "    optimizer, T_max=epochs - warmup_epochs, eta_min=min_lr\n)\n"
        "return torch.optim.lr_scheduler.SequentialLR(\n"
        "    optimizer,\n    schedulers=[warmup_scheduler, cosine_scheduler],\n    milestones=[warmup_epochs]\n)",
        "torch.optim.lr_scheduler.SequentialLR(\n"
        "    optimizer,\n"
        "    schedulers=[torch.optim.lr_scheduler.LinearLR(\n"
        "    optimizer, start_factor=1e-10, end_factor=1.0, total_iters=5\n), "
        "torch.optim.lr_scheduler.CosineAnnealingLR(\n"
        "    optimizer, T_max=50 - 5, eta_min=1e-5\n)],\n"
        "    milestones=[5]\n)",
        "qualified SequentialLR, multi-line, with qualified nested children (linear warmup, cosine)",
        setup="optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)", options={"lr": 1e-3}, steps=55,
        substitutions={"warmup_scheduler, cosine_scheduler": "their constructor calls, inlined", "epochs": 50,
                       "warmup_epochs": 5, "min_lr": 1e-5, "return ": "(dropped)"})

snippet("pt-mlcommons-sequential", "pytorch", src(dict(repo="mlcommons/algorithmic-efficiency"), "target_setting_runs/cosine_warmup.py"),
        "warmup = LinearLR(\n      optimizer,\n      start_factor=1e-10,\n      end_factor=1.,\n"
        "      total_iters=hyperparameters.warmup_steps)\n"
        "cosine_steps = max(hyperparameters.num_steps - hyperparameters.warmup_steps,\n                     1)\n"
        "cosine_decay = CosineAnnealingLR(optimizer, T_max=cosine_steps)\n"
        "return SequentialLR(\n      optimizer,\n      schedulers=[warmup, cosine_decay],\n"
        "      milestones=[hyperparameters.warmup_steps])",
        "SequentialLR(\n      optimizer,\n      schedulers=[LinearLR(\n      optimizer,\n      start_factor=1e-10,\n"
        "      end_factor=1.,\n      total_iters=10), CosineAnnealingLR(optimizer, T_max=90)],\n"
        "      milestones=[10])",
        "SequentialLR of LinearLR (end_factor=1. with a trailing dot) and CosineAnnealingLR",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.1)", options={"lr": 0.1}, steps=100,
        substitutions={"hyperparameters.warmup_steps": 10, "cosine_steps": 90, "hyperparameters.num_steps": 100,
                       "warmup, cosine_decay": "their constructor calls, inlined", "return ": "(dropped)"})

snippet("pt-torchdocs-sequential", "pytorch", TORCH_DOCS,
        ">>> # Assuming optimizer uses lr = 1. for all groups\n"
        ">>> # lr = 0.1     if epoch == 0\n>>> # lr = 0.1     if epoch == 1\n>>> # lr = 0.9     if epoch == 2\n"
        ">>> # lr = 0.81    if epoch == 3\n>>> # lr = 0.729   if epoch == 4\n...\n"
        ">>> scheduler1 = ConstantLR(self.opt, factor=0.1, total_iters=2)\n"
        ">>> scheduler2 = ExponentialLR(self.opt, gamma=0.9)\n"
        ">>> scheduler = SequentialLR(self.opt, schedulers=[scheduler1, scheduler2], milestones=[2])",
        "scheduler = SequentialLR(self.opt, schedulers=[ConstantLR(self.opt, factor=0.1, total_iters=2), "
        "ExponentialLR(self.opt, gamma=0.9)], milestones=[2])",
        "optimizer as an attribute (self.opt) in parent and children",
        setup="self.opt = torch.optim.SGD(model.parameters(), lr=1.0)", options={"lr": 1.0}, steps=10,
        substitutions={"scheduler1, scheduler2": "their constructor calls, inlined", ">>> ": "(doctest prompts dropped)"},
        note="the docstring's comment says 0.9 at epoch 2; torch 1.13 itself gives 1.0 there (the restarted "
             "ExponentialLR starts from the base lr), and these values are torch's")

snippet("pt-torchdocs-chained", "pytorch", TORCH_DOCS,
        ">>> # Assuming optimizer uses lr = 1. for all groups\n"
        ">>> # lr = 0.09     if epoch == 0\n>>> # lr = 0.081    if epoch == 1\n>>> # lr = 0.729    if epoch == 2\n"
        ">>> # lr = 0.6561   if epoch == 3\n>>> # lr = 0.59049  if epoch >= 4\n...\n"
        ">>> scheduler1 = ConstantLR(self.opt, factor=0.1, total_iters=2)\n"
        ">>> scheduler2 = ExponentialLR(self.opt, gamma=0.9)\n"
        ">>> scheduler = ChainedScheduler([scheduler1, scheduler2])",
        "scheduler = ChainedScheduler([ConstantLR(self.opt, factor=0.1, total_iters=2), ExponentialLR(self.opt, gamma=0.9)])",
        "ChainedScheduler with nested children (no optimizer of its own)",
        setup="self.opt = torch.optim.SGD(model.parameters(), lr=1.0)", options={"lr": 1.0}, steps=10,
        substitutions={"scheduler1, scheduler2": "their constructor calls, inlined", ">>> ": "(doctest prompts dropped)"},
        note="the docstring's comments (0.09, 0.081, 0.729, 0.6561, 0.59049) do not match torch 1.13 itself, which gives "
             "0.1, 0.09, 0.81, 0.729, 0.6561, ...: the comments are one step ahead and miss ConstantLR's restore at "
             "total_iters; torch's values are recorded")

snippet("pt-torchdocs-linearlr", "pytorch", TORCH_DOCS,
        ">>> # Assuming optimizer uses lr = 0.05 for all groups\n"
        ">>> # lr = 0.025    if epoch == 0\n>>> # lr = 0.03125  if epoch == 1\n>>> # lr = 0.0375   if epoch == 2\n"
        ">>> # lr = 0.04375  if epoch == 3\n>>> # lr = 0.05    if epoch >= 4\n...\n"
        ">>> scheduler = LinearLR(self.opt, start_factor=0.5, total_iters=4)",
        "scheduler = LinearLR(self.opt, start_factor=0.5, total_iters=4)",
        "LinearLR on self.opt; documented values agree",
        setup="self.opt = torch.optim.SGD(model.parameters(), lr=0.05)", options={"lr": 0.05}, steps=8,
        substitutions={">>> ": "(doctest prompts dropped)"})

snippet("pt-torchdocs-polynomiallr", "pytorch", TORCH_DOCS,
        ">>> # Assuming optimizer uses lr = 0.001 for all groups\n"
        ">>> # lr = 0.001     if epoch == 0\n>>> # lr = 0.00075   if epoch == 1\n>>> # lr = 0.00050   if epoch == 2\n"
        ">>> # lr = 0.00025   if epoch == 3\n>>> # lr = 0.0       if epoch >= 4\n...\n"
        ">>> scheduler = PolynomialLR(self.opt, total_iters=4, power=1.0)",
        "scheduler = PolynomialLR(self.opt, total_iters=4, power=1.0)",
        "PolynomialLR on self.opt",
        setup="self.opt = torch.optim.SGD(model.parameters(), lr=0.001)", options={"lr": 0.001}, steps=8,
        substitutions={">>> ": "(doctest prompts dropped)"})

snippet("pt-kb-polynomiallr-power", "pytorch", src(dict(repo="darttusin/Knowledge-base-RAG"),
                                                   "data/dataset/optim/torch.optim.lr_scheduler.PolynomialLR.md"),
        ">>> # Assuming optimizer uses lr = 0.05 for all groups\n...\n"
        ">>> scheduler = PolynomialLR(optimizer, total_iters=50, power=0.9)",
        "scheduler = PolynomialLR(optimizer, total_iters=50, power=0.9)",
        "PolynomialLR with a fractional power",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.05)", options={"lr": 0.05}, steps=60,
        substitutions={">>> ": "(doctest prompts dropped)"})

snippet("pt-torchdocs-onecycle", "pytorch", TORCH_DOCS,
        ">>> optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\n"
        ">>> scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.01, steps_per_epoch=len(data_loader), epochs=10)",
        "scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.01, steps_per_epoch=8, epochs=10)",
        "OneCycleLR with SGD momentum cycling",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)", steps=80,
        substitutions={"len(data_loader)": 8, ">>> ": "(doctest prompts dropped)"})

snippet("pt-nemo-vits-exponential", "pytorch", src(NEMO, "nemo/collections/tts/models/vits.py"),
        "scheduler_g = torch.optim.lr_scheduler.ExponentialLR(optim_g, gamma=sched_config.lr_decay)",
        "scheduler_g = torch.optim.lr_scheduler.ExponentialLR(optim_g, gamma=0.999875)",
        "optimizer named optim_g; ExponentialLR",
        setup="optim_g = torch.optim.AdamW(model.parameters(), lr=2e-4)", options={"lr": 2e-4}, steps=50,
        substitutions={"sched_config.lr_decay": 0.999875}, note="lr and decay chosen (the model's configs hold them)")

snippet("pt-accelerate-docs-steplr", "pytorch", src(ACCELERATE, "docs/source/usage_guides/checkpoint.md"),
        "my_scheduler = torch.optim.lr_scheduler.StepLR(my_optimizer, step_size=1, gamma=0.99)",
        "my_scheduler = torch.optim.lr_scheduler.StepLR(my_optimizer, step_size=1, gamma=0.99)",
        "optimizer named my_optimizer",
        setup="my_optimizer = torch.optim.SGD(model.parameters(), lr=0.1)", options={"lr": 0.1}, steps=30,
        note="the guide leaves the optimizer open; lr 0.1 chosen")

snippet("pt-bolts-boring-steplr-default-gamma", "pytorch", src(BOLTS, "tests/helpers/boring_model.py"),
        "optimizer = torch.optim.SGD(self.layer.parameters(), lr=0.1)\n"
        "lr_scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1)",
        "lr_scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1)",
        "StepLR with its default gamma",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.1)", options={"lr": 0.1}, steps=6,
        substitutions={"self.layer.parameters()": "model.parameters()"})

snippet("pt-oracle-sequential-onecycle-restarts", "pytorch", src(dict(repo="nielsenchristianole/mlops_oracle_mnist"),
                                                                 "src/oracle_mnist/schedular/sarpiv_scheduler.py"),
        "lr_cosine = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(\n"
        "    optimizer=optimizer,\n"
        "    T_0=int(lr_half_period),\n"
        "    T_mult=int(lr_mult_period),\n"
        "    eta_min=float(lr_min)\n)\n"
        "lr_super = torch.optim.lr_scheduler.OneCycleLR(\n"
        "    optimizer=optimizer,\n"
        "    max_lr=float(lr_warmup_max),\n"
        "    total_steps=int(lr_warmup_period),\n)\n"
        "lr_scheduler = torch.optim.lr_scheduler.SequentialLR(\n"
        "    optimizer=optimizer,\n"
        "    schedulers=[lr_super, lr_cosine], # type: ignore\n"
        "    milestones=[int(lr_warmup_period)],\n)",
        "lr_scheduler = torch.optim.lr_scheduler.SequentialLR(\n"
        "    optimizer=optimizer,\n"
        "    schedulers=[torch.optim.lr_scheduler.OneCycleLR(\n"
        "    optimizer=optimizer,\n"
        "    max_lr=float(0.01),\n"
        "    total_steps=int(20),\n), torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(\n"
        "    optimizer=optimizer,\n"
        "    T_0=int(10),\n"
        "    T_mult=int(2),\n"
        "    eta_min=float(1e-5)\n)], # type: ignore\n"
        "    milestones=[int(20)],\n)",
        "SequentialLR of OneCycleLR and CosineAnnealingWarmRestarts, every argument by keyword, int()/float() around "
        "values, a comment inside the call",
        setup="optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)", options={"lr": 0.01}, steps=60,
        substitutions={"lr_half_period": 10, "lr_mult_period": 2, "lr_min": 1e-5, "lr_warmup_max": 0.01,
                       "lr_warmup_period": 20, "lr_super, lr_cosine": "their constructor calls, inlined"},
        note="construction order matters in torch: written inline, OneCycleLR is built first and sets the group's "
             "initial_lr to max_lr / div_factor = 0.0004, which CosineAnnealingWarmRestarts then takes as its base lr "
             "(the values here, for `text`); the source builds the cosine first, so there it restarts from 0.01. "
             "OneCycleLR also cycles SGD's momentum during its 20 steps (not recorded: the parent does not cycle it)")

# --- Hugging Face --------------------------------------------------------------------------------
snippet("hf-accelerate-linear-warmup", "transformers", src(ACCELERATE, "examples/nlp_example.py"),
        "optimizer = AdamW(params=model.parameters(), lr=lr)\n\n"
        "# Instantiate scheduler\n"
        "lr_scheduler = get_linear_schedule_with_warmup(\n"
        "    optimizer=optimizer,\n"
        "    num_warmup_steps=100,\n"
        "    num_training_steps=(len(train_dataloader) * num_epochs) // gradient_accumulation_steps,\n"
        ")",
        "lr_scheduler = get_linear_schedule_with_warmup(\n"
        "    optimizer=optimizer,\n"
        "    num_warmup_steps=100,\n"
        "    num_training_steps=(230 * 3) // 1,\n"
        ")",
        "get_linear_schedule_with_warmup, keyword arguments, floor-divided step count",
        setup="optimizer = AdamW(params=model.parameters(), lr=2e-5)", options={"lr": 2e-5}, steps=700,
        at=[0, 1, 50, 99, 100, 101, 200, 400, 600, 689, 690, 691, 699],
        substitutions={"lr": 2e-5, "len(train_dataloader)": 230, "num_epochs": 3, "gradient_accumulation_steps": 1},
        note="lr 2e-5 and 3 epochs are the example's own config; 230 batches chosen")

snippet("hf-accelerate-constant", "transformers", src(ACCELERATE, "examples/by_feature/gradient_accumulation_for_autoregressive_models.py"),
        "optimizer = AdamW(params=model.parameters(), lr=lr)\n\n"
        "# Instantiate scheduler\nlr_scheduler = get_constant_schedule(\n    optimizer=optimizer,\n)",
        "lr_scheduler = get_constant_schedule(\n    optimizer=optimizer,\n)",
        "get_constant_schedule with a trailing comma",
        setup="optimizer = AdamW(params=model.parameters(), lr=2e-5)", options={"lr": 2e-5}, steps=10,
        substitutions={"lr": 2e-5}, note="2e-5 is the example's own config")

snippet("hf-sentiment-linear-product", "transformers", src(dict(repo="Bala-Yarabikki/sentiment_analysis_test1"), "src/performance_metrics.py"),
        "optimizer = AdamW(model.parameters(),\n                  lr=1e-5,\n                  eps=1e-8)\n\nepochs = 5\n\n"
        "scheduler = get_linear_schedule_with_warmup(optimizer,\n"
        "                                            num_warmup_steps=0,\n"
        "                                            num_training_steps=len(dataloader_train)*epochs)",
        "scheduler = get_linear_schedule_with_warmup(optimizer,\n"
        "                                            num_warmup_steps=0,\n"
        "                                            num_training_steps=20*5)",
        "no warmup; steps as a product",
        setup="optimizer = AdamW(model.parameters(),\n                  lr=1e-5,\n                  eps=1e-8)",
        options={"lr": 1e-5}, steps=105, substitutions={"len(dataloader_train)": 20, "epochs": 5},
        note="epochs 5 is the file's own; 20 batches chosen")

snippet("hf-tps-linear-positional-int", "transformers", src(dict(repo="h3z/tps-may"), "src/train/schedulers.py"),
        "num_training_steps = int(epochs * len(train_dataloader))\n\n"
        "return get_linear_schedule_with_warmup(\n"
        "    optimizer, int(0.1 * num_training_steps), num_training_steps\n)",
        "get_linear_schedule_with_warmup(\n    optimizer, int(0.1 * 200), 200\n)",
        "positional warmup and total steps; int() around a product",
        setup="optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)", options={"lr": 1e-3}, steps=205,
        substitutions={"num_training_steps": 200, "return ": "(dropped)"})

snippet("hf-qwen-cosine-cycles", "transformers", src(dict(repo="dma2077/qwen_classify"), "training/lr_scheduler.py"),
        "return get_cosine_schedule_with_warmup(\n"
        "    optimizer,\n"
        "    num_warmup_steps=num_warmup_steps,\n"
        "    num_training_steps=num_training_steps,\n"
        "    num_cycles=0.5,\n"
        ")",
        "get_cosine_schedule_with_warmup(\n"
        "    optimizer,\n"
        "    num_warmup_steps=10,\n"
        "    num_training_steps=100,\n"
        "    num_cycles=0.5,\n"
        ")",
        "get_cosine_schedule_with_warmup with num_cycles",
        setup="optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)", options={"lr": 1e-4}, steps=110,
        substitutions={"num_warmup_steps": 10, "num_training_steps": 100, "return ": "(dropped)"})

snippet("hf-biobert-polynomial", "transformers", src(dict(repo="lruczu/learning"), "natural_language_processing/biobert/training/scheduler.py"),
        "return get_polynomial_decay_schedule_with_warmup(\n"
        "    optimizer=optimizer,\n"
        "    num_warmup_steps=int(0.1 * n_steps),\n"
        "    num_training_steps=n_steps,\n"
        ")",
        "get_polynomial_decay_schedule_with_warmup(\n"
        "    optimizer=optimizer,\n"
        "    num_warmup_steps=int(0.1 * 100),\n"
        "    num_training_steps=100,\n"
        ")",
        "get_polynomial_decay_schedule_with_warmup with its default lr_end and power",
        setup="optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)", options={"lr": 5e-5}, steps=110,
        substitutions={"n_steps": 100, "return ": "(dropped)"})

snippet("hf-dschat-get-scheduler", "transformers", src(DS_EXAMPLES, "applications/DeepSpeed-Chat/training/step1_supervised_finetuning/main.py"),
        "lr_scheduler = get_scheduler(\n"
        "    name=args.lr_scheduler_type,\n"
        "    optimizer=optimizer,\n"
        "    num_warmup_steps=args.num_warmup_steps,\n"
        "    num_training_steps=args.num_train_epochs * num_update_steps_per_epoch,\n"
        ")",
        "lr_scheduler = get_scheduler(\n"
        "    name=\"cosine\",\n"
        "    optimizer=optimizer,\n"
        "    num_warmup_steps=10,\n"
        "    num_training_steps=2 * 50,\n"
        ")",
        "get_scheduler with name= keyword",
        setup="optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.95))", options={"lr": 1e-3}, steps=105,
        substitutions={"args.lr_scheduler_type": "\"cosine\"", "args.num_warmup_steps": 10, "args.num_train_epochs": 2,
                       "num_update_steps_per_epoch": 50, "args.learning_rate": 1e-3})

snippet("hf-accelerate-docs-get-scheduler", "transformers", src(ACCELERATE, "docs/source/usage_guides/deepspeed.md"),
        "lr_scheduler = get_scheduler(\n"
        "    name=args.lr_scheduler_type,\n"
        "    optimizer=optimizer,\n"
        "    num_warmup_steps=args.num_warmup_steps,\n"
        "    num_training_steps=args.max_train_steps,\n"
        ")",
        "lr_scheduler = get_scheduler(\n"
        "    name=\"linear\",\n"
        "    optimizer=optimizer,\n"
        "    num_warmup_steps=20,\n"
        "    num_training_steps=200,\n"
        ")",
        "get_scheduler linear",
        setup="optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)", options={"lr": 5e-5}, steps=210,
        substitutions={"args.lr_scheduler_type": "\"linear\"", "args.num_warmup_steps": 20, "args.max_train_steps": 200,
                       "args.learning_rate": 5e-5})

for id_, source, exercises, options, at, note in [
    ("hf-args-zephyr-sft", src(HANDBOOK, "recipes/zephyr-7b-beta/sft/config_full.yaml"),
     "TrainingArguments YAML: cosine, warmup_ratio, num_train_epochs with max_steps -1", {"stepsPerEpoch": 200}, None,
     "1 epoch; the steps per epoch depend on the data (200 chosen)"),
    ("hf-args-smollm3-mid", src(HANDBOOK, "recipes/smollm3/sft/mid.yaml"),
     "TrainingArguments YAML: cosine_with_min_lr with lr_scheduler_kwargs.min_lr_rate", {"stepsPerEpoch": 40}, None,
     "5 epochs; the steps per epoch depend on the data (40 chosen)"),
    ("hf-args-zephyr-141b-orpo", src(HANDBOOK, "recipes/zephyr-141b-A35b/orpo/config_full.yaml"),
     "TrainingArguments YAML: inverse_sqrt with warmup_steps (ORPOTrainer builds Trainer's scheduler)",
     {"stepsPerEpoch": 100}, [0, 1, 50, 99, 100, 101, 150, 200, 250, 299], "3 epochs; 100 steps per epoch chosen"),
    ("hf-args-llamafactory-qwen3-lora", src(LLAMA_FACTORY, "examples/train_lora/qwen3_lora_sft.yaml"),
     "TrainingArguments YAML (LLaMA-Factory): cosine, warmup_ratio, float num_train_epochs", {"stepsPerEpoch": 25}, None,
     "3.0 epochs; 25 optimizer steps per epoch chosen (1000 samples, batch 1 x 8 accumulation would give 125)"),
    ("hf-args-llamafactory-qwen3-fsdp2", src(LLAMA_FACTORY, "examples/ascend/qwen3_full_sft_fsdp2.yaml"),
     "TrainingArguments YAML (LLaMA-Factory): max_steps 500 sets the span", {}, None,
     "max_steps 500 needs no steps per epoch"),
]:
    text = from_file(id_ + ".yaml")
    snippet(id_, "transformers", source, text, text, exercises, fmt="yaml", options=options, at=at, note=note,
            file=id_ + ".yaml", runner="transformers-args")

# --- DeepSpeed -----------------------------------------------------------------------------------
for id_, source, exercises, options, steps, at, note in [
    ("ds-torch-compile-z2", src(DEEPSPEED, "tests/torch_compile/ds_config_z2.json"),
     "whole ds_config: WarmupLR (log warmup) with optimizer.params.lr", {}, None,
     [0, 1, 2, 10, 100, 500, 999, 1000, 1001, 1500], None),
    ("ds-megatron-func-scheduler", src(DEEPSPEED, "tests/model/Megatron_GPT2/ds_config_func_scheduler.json"),
     "whole ds_config without an optimizer block: WarmupLR sets its own lr", {}, 15, None, None),
    ("ds-trainml-zero3-auto", src(dict(repo="trainML/alpaca-llm-fine-tuning-example", commit="ec241b0317f3c4e758e59bf7c42e011b8f6cb38c"),
                                  "ds_config_zero3.json"),
     "whole ds_config with \"auto\" everywhere: values come from --set",
     {"set": {"warmup_min_lr": 0, "warmup_max_lr": 2e-5, "warmup_num_steps": 30, "lr": 2e-5}}, 40, None,
     "the \"auto\" values are what HF Trainer fills in; these are chosen"),
    ("ds-transformers-zero2-auto", src(dict(repo="huggingface/transformers", commit="00e12e7c54598e50e7bef1540db3408f81916de1"),
                                       "tests/deepspeed/ds_config_zero2.json"),
     "whole ds_config (transformers' test config) with \"auto\" scheduler params",
     {"set": {"warmup_min_lr": 1e-6, "warmup_max_lr": 1e-4, "warmup_num_steps": 8, "lr": 1e-4}}, 12, None,
     "the \"auto\" values are chosen"),
]:
    text = from_file(id_ + ".json")
    snippet(id_, "deepspeed", source, text, text, exercises, fmt="json", options=options, steps=steps, at=at,
            note=note, file=id_ + ".json")

snippet("ds-docs-onecycle-fragment", "deepspeed", src(DEEPSPEED, "docs/_tutorials/one-cycle.md"),
        "\"scheduler\": {\n"
        "    \"type\": \"OneCycle\",\n"
        "    \"params\": {\n"
        "        \"cycle_first_step_size\": 1000,\n"
        "        \"cycle_first_stair_count\": 500,\n"
        "        \"cycle_second_step_size\": 1000,\n"
        "        \"cycle_second_stair_count\": 500,\n"
        "        \"decay_step_size\": 1000,\n"
        "        \"cycle_min_lr\": 0.0001,\n"
        "        \"cycle_max_lr\": 0.0010,\n"
        "        \"decay_lr_rate\": 0.001,\n"
        "        \"cycle_min_mom\": 0.85,\n"
        "        \"cycle_max_mom\": 0.99,\n"
        "        \"decay_mom_rate\": 0.0\n"
        "    }\n"
        "}",
        None, "a \"scheduler\": {...} fragment: OneCycle with staircases, momentum cycling", fmt="json",
        at=[0, 1, 2, 499, 500, 501, 999, 1000, 1001, 1499, 1500, 1501, 1999, 2000, 2001, 2500, 3000, 3001, 5000])

snippet("ds-docs-lrrt-fragment", "deepspeed", src(DEEPSPEED, "docs/_tutorials/lrrt.md"),
        "\"scheduler\": {\n"
        "    \"type\": \"LRRangeTest\",\n"
        "    \"params\": {\n"
        "        \"lr_range_test_min_lr\": 0.0001,\n"
        "        \"lr_range_test_step_size\": 200,\n"
        "        \"lr_range_test_step_rate\": 5,\n"
        "        \"lr_range_test_staircase\": false\n"
        "    }\n"
        "}",
        None, "a \"scheduler\": {...} fragment: LRRangeTest", fmt="json", at=[0, 1, 100, 199, 200, 201, 400, 1000])

snippet("ds-docs-config-json-fragment", "deepspeed", src(DEEPSPEED, "docs/_pages/config-json.md"),
        " \"scheduler\": {\n"
        "      \"type\": \"WarmupLR\",\n"
        "      \"params\": {\n"
        "          \"warmup_min_lr\": 0,\n"
        "          \"warmup_max_lr\": 0.001,\n"
        "          \"warmup_num_steps\": 1000\n"
        "      }\n"
        "  }",
        None, "the fragment from DeepSpeed's config reference (leading space)", fmt="json",
        at=[0, 1, 3, 10, 100, 999, 1000, 2000])

snippet("ds-hana-last-batch-iteration", "deepspeed", src(dict(repo="IDEA-Research/hana"), "config/deepspeed.py"),
        "\"scheduler\": {\n"
        "    \"type\": \"WarmupLR\",\n"
        "    \"params\": {\n"
        "        \"last_batch_iteration\": -1,\n"
        "        \"warmup_min_lr\": 0,\n"
        "        \"warmup_max_lr\": 1e-4,\n"
        "        \"warmup_num_steps\": 10000,\n"
        "    },\n"
        "},",
        "\"scheduler\": {\n"
        "    \"type\": \"WarmupLR\",\n"
        "    \"params\": {\n"
        "        \"last_batch_iteration\": -1,\n"
        "        \"warmup_min_lr\": 0,\n"
        "        \"warmup_max_lr\": 1e-4,\n"
        "        \"warmup_num_steps\": 10000\n"
        "    }\n"
        "}",
        "a scheduler fragment with last_batch_iteration: -1 (from a Python dict)", fmt="json",
        at=[0, 1, 2, 10, 100, 1000, 9999, 10000, 10001, 20000],
        substitutions={"trailing commas": "(removed: JSON; the source is a Python dict)"})

snippet("ds-test-warmup-cosine", "deepspeed", src(DEEPSPEED, "tests/unit/runtime/test_lr_schedulers.py"),
        "opt_lr = 0.0015\n"
        "config_dict = {\n"
        "    \"train_batch_size\": 2,\n"
        "    \"steps_per_print\": 1,\n"
        "    \"optimizer\": {\n"
        "        \"type\": \"Adam\",\n"
        "        \"params\": {\n"
        "            \"lr\": opt_lr\n"
        "        },\n"
        "    },\n"
        "    \"scheduler\": {\n"
        "        \"type\": WARMUP_COSINE_LR,\n"
        "        \"params\": {\n"
        "            TOTAL_NUM_STEPS: total_num_steps,\n"
        "            WARMUP_MIN_RATIO: warmup_min_ratio,\n"
        "            WARMUP_NUM_STEPS: warmup_num_steps,\n"
        "            COS_MIN_RATIO: cos_min_ratio,\n"
        "        }\n"
        "    },\n"
        "    \"gradient_clipping\": 1.0\n"
        "}",
        "{\n"
        "    \"train_batch_size\": 2,\n"
        "    \"steps_per_print\": 1,\n"
        "    \"optimizer\": {\n"
        "        \"type\": \"Adam\",\n"
        "        \"params\": {\n"
        "            \"lr\": 0.0015\n"
        "        }\n"
        "    },\n"
        "    \"scheduler\": {\n"
        "        \"type\": \"WarmupCosineLR\",\n"
        "        \"params\": {\n"
        "            \"total_num_steps\": 100,\n"
        "            \"warmup_min_ratio\": 0.2,\n"
        "            \"warmup_num_steps\": 10,\n"
        "            \"cos_min_ratio\": 0.1\n"
        "        }\n"
        "    },\n"
        "    \"gradient_clipping\": 1.0\n"
        "}",
        "WarmupCosineLR with the lr from optimizer.params.lr", fmt="json", steps=110,
        substitutions={"opt_lr": 0.0015, "constants": "DeepSpeed's names for them (WARMUP_COSINE_LR = \"WarmupCosineLR\", ...)",
                       "total_num_steps, warmup_min_ratio, warmup_num_steps, cos_min_ratio": "the test's first parameter set",
                       "trailing commas": "(removed: JSON)"})

snippet("ds-test-warmup-decay", "deepspeed", src(DEEPSPEED, "tests/unit/runtime/test_lr_schedulers.py"),
        "config_dict = {\n"
        "    \"train_batch_size\": 2,\n"
        "    \"steps_per_print\": 1,\n"
        "    \"optimizer\": {\n"
        "        \"type\": \"Adam\",\n"
        "        \"params\": {\n"
        "            \"lr\": 0.00015\n"
        "        },\n"
        "    },\n"
        "    \"scheduler\": {\n"
        "        \"type\": WARMUP_DECAY_LR,\n"
        "        \"params\": {\n"
        "            WARMUP_MIN_LR: 0.1,\n"
        "            WARMUP_MAX_LR: 0.2,\n"
        "            WARMUP_NUM_STEPS: warmup_num_steps,\n"
        "            TOTAL_NUM_STEPS: warmup_num_steps * 2,\n"
        "            WARMUP_TYPE: warmup_type\n"
        "        }\n"
        "    },\n"
        "    \"gradient_clipping\": 1.0\n"
        "}",
        "{\n"
        "    \"train_batch_size\": 2,\n"
        "    \"steps_per_print\": 1,\n"
        "    \"optimizer\": {\n"
        "        \"type\": \"Adam\",\n"
        "        \"params\": {\n"
        "            \"lr\": 0.00015\n"
        "        }\n"
        "    },\n"
        "    \"scheduler\": {\n"
        "        \"type\": \"WarmupDecayLR\",\n"
        "        \"params\": {\n"
        "            \"warmup_min_lr\": 0.1,\n"
        "            \"warmup_max_lr\": 0.2,\n"
        "            \"warmup_num_steps\": 15,\n"
        "            \"total_num_steps\": 30,\n"
        "            \"warmup_type\": \"log\"\n"
        "        }\n"
        "    },\n"
        "    \"gradient_clipping\": 1.0\n"
        "}",
        "WarmupDecayLR with log warmup", fmt="json", steps=35,
        substitutions={"constants": "DeepSpeed's names for them", "warmup_num_steps": "15 (one of the test's parameters)",
                       "warmup_type": "\"log\" (WARMUP_LOG_RATE)", "trailing commas": "(removed: JSON)"})

# --- timm (args as train.py saves them in args.yaml) ----------------------------------------------
TIMM_DOCS = src(TIMM, "hfdocs/source/training_script.mdx")
for id_, cli, text, exercises in [
    ("timm-seresnet34-cosine",
     "./distributed_train.sh 4 --data-dir /data/imagenet --model seresnet34 --sched cosine --epochs 150 --warmup-epochs 5 "
     "--lr 0.4 --reprob 0.5 --remode pixel --batch-size 256 --amp -j 4",
     "sched: cosine\nepochs: 150\nwarmup_epochs: 5\nlr: 0.4\n",
     "cosine with warmup; other keys take train.py's defaults"),
    ("timm-efficientnet-b2-step",
     "./distributed_train.sh 2 --data-dir /imagenet/ --model efficientnet_b2 -b 128 --sched step --epochs 450 "
     "--decay-epochs 2.4 --decay-rate .97 --opt rmsproptf --opt-eps .001 -j 8 --warmup-lr 1e-6 --weight-decay 1e-5 "
     "--drop 0.3 --drop-path 0.2 --model-ema --model-ema-decay 0.9999 --aa rand-m9-mstd0.5 --remode pixel --reprob 0.2 "
     "--amp --lr .016",
     "sched: step\nepochs: 450\ndecay_epochs: 2.4\ndecay_rate: 0.97\nwarmup_lr: 1.0e-06\nlr: 0.016\n",
     "step decay every 2.4 epochs with warmup_lr"),
    ("timm-resnext50-cosine",
     "./distributed_train.sh 8 --data-dir /imagenet --model resnext50_32x4d --lr 0.6 --warmup-epochs 5 --epochs 240 "
     "--weight-decay 1e-4 --sched cosine --reprob 0.4 --recount 3 --remode pixel --aa rand-m7-mstd0.5-inc1 -b 192 -j 6 "
     "--amp --dist-bn reduce",
     "lr: 0.6\nwarmup_epochs: 5\nepochs: 240\nsched: cosine\n",
     "cosine, keys in the order of the command line"),
]:
    snippet(id_, "timm", TIMM_DOCS, cli, text, exercises, fmt="yaml", runner="timm-args",
            substitutions={"command line": "its scheduler flags written as the keys train.py saves in args.yaml "
                                           "(--warmup-epochs -> warmup_epochs); the other flags left out"})

# --- Keras ------------------------------------------------------------------------------------------
KERAS_SCHEDULES = "keras/src/optimizers/schedules/learning_rate_schedule.py"
snippet("keras-guide-exponential-staircase", "keras", src(KERAS, "guides/training_with_built_in_methods.py"),
        "initial_learning_rate = 0.1\n"
        "lr_schedule = keras.optimizers.schedules.ExponentialDecay(\n"
        "    initial_learning_rate, decay_steps=100000, decay_rate=0.96, staircase=True\n)",
        "lr_schedule = keras.optimizers.schedules.ExponentialDecay(\n"
        "    0.1, decay_steps=100000, decay_rate=0.96, staircase=True\n)",
        "ExponentialDecay with staircase, first argument positional",
        at=[0, 1, 99999, 100000, 100001, 250000, 1000000], substitutions={"initial_learning_rate": 0.1})

snippet("keras-jax-demo-exponential-positional", "keras", src(KERAS, "examples/demo_jax_distributed.py"),
        "lr = keras.optimizers.schedules.ExponentialDecay(0.01, STEPS_PER_EPOCH, 0.6)",
        "lr = keras.optimizers.schedules.ExponentialDecay(0.01, 312, 0.6)",
        "ExponentialDecay fully positional (smooth)", at=[0, 1, 100, 311, 312, 313, 624, 1000, 3120],
        substitutions={"STEPS_PER_EPOCH": "312 (its definition: len(train_labels) // BATCH_SIZE = 60000 // 192)"})

snippet("keras-bert-polynomial", "keras", src(KERAS, "benchmarks/model_benchmark/bert_benchmark.py"),
        "lr = keras.optimizers.schedules.PolynomialDecay(\n"
        "    5e-4,\n"
        "    decay_steps=train_ds.cardinality() * FLAGS.epochs,\n"
        "    end_learning_rate=0.0,\n)",
        "lr = keras.optimizers.schedules.PolynomialDecay(\n"
        "    5e-4,\n"
        "    decay_steps=100 * 2,\n"
        "    end_learning_rate=0.0,\n)",
        "PolynomialDecay to 0, multi-line", steps=220,
        substitutions={"train_ds.cardinality()": 100, "FLAGS.epochs": 2})

snippet("keras-docs-piecewise", "keras", src(KERAS, KERAS_SCHEDULES),
        "boundaries = [100000, 110000]\n"
        "values = [1.0, 0.5, 0.1]\n"
        "learning_rate_fn = keras.optimizers.schedules.PiecewiseConstantDecay(\n"
        "    boundaries, values)",
        "learning_rate_fn = keras.optimizers.schedules.PiecewiseConstantDecay(\n"
        "    [100000, 110000], [1.0, 0.5, 0.1])",
        "PiecewiseConstantDecay (value changes after the boundary step)",
        at=[0, 1, 99999, 100000, 100001, 109999, 110000, 110001, 200000],
        substitutions={"boundaries": "[100000, 110000]", "values": "[1.0, 0.5, 0.1]"})

snippet("keras-docs-cosine-warmup", "keras", src(KERAS, KERAS_SCHEDULES),
        "decay_steps = 1000\n"
        "initial_learning_rate = 0\n"
        "warmup_steps = 1000\n"
        "target_learning_rate = 0.1\n"
        "lr_warmup_decayed_fn = keras.optimizers.schedules.CosineDecay(\n"
        "    initial_learning_rate, decay_steps, warmup_target=target_learning_rate,\n"
        "    warmup_steps=warmup_steps\n)",
        "lr_warmup_decayed_fn = keras.optimizers.schedules.CosineDecay(\n"
        "    0, 1000, warmup_target=0.1,\n"
        "    warmup_steps=1000\n)",
        "CosineDecay with linear warmup to warmup_target",
        at=[0, 1, 500, 999, 1000, 1001, 1500, 1999, 2000, 2001, 3000],
        substitutions={"decay_steps": 1000, "initial_learning_rate": 0, "warmup_steps": 1000, "target_learning_rate": 0.1})

snippet("keras-docs-cosine", "keras", src(KERAS, KERAS_SCHEDULES),
        "decay_steps = 1000\ninitial_learning_rate = 0.1\n"
        "lr_decayed_fn = keras.optimizers.schedules.CosineDecay(\n    initial_learning_rate, decay_steps)",
        "lr_decayed_fn = keras.optimizers.schedules.CosineDecay(\n    0.1, 1000)",
        "CosineDecay without warmup", at=[0, 1, 250, 500, 750, 999, 1000, 1001, 2000],
        substitutions={"decay_steps": 1000, "initial_learning_rate": 0.1})

snippet("keras-docs-cosine-restarts", "keras", src(KERAS, KERAS_SCHEDULES),
        "first_decay_steps = 1000\n"
        "lr_decayed_fn = (\n"
        "    keras.optimizers.schedules.CosineDecayRestarts(\n"
        "        initial_learning_rate,\n"
        "        first_decay_steps))",
        "lr_decayed_fn = (\n"
        "    keras.optimizers.schedules.CosineDecayRestarts(\n"
        "        0.1,\n"
        "        1000))",
        "CosineDecayRestarts with its defaults (t_mul 2), wrapped in parentheses",
        at=[0, 1, 500, 999, 1000, 1001, 2000, 2999, 3000, 3001, 5000, 7000, 7001],
        substitutions={"initial_learning_rate": "0.1 (left undefined in the docstring)", "first_decay_steps": 1000})

snippet("keras-docs-inverse-time", "keras", src(KERAS, KERAS_SCHEDULES),
        "initial_learning_rate = 0.1\ndecay_steps = 1.0\ndecay_rate = 0.5\n"
        "learning_rate_fn = keras.optimizers.schedules.InverseTimeDecay(\n"
        "    initial_learning_rate, decay_steps, decay_rate)",
        "learning_rate_fn = keras.optimizers.schedules.InverseTimeDecay(\n    0.1, 1.0, 0.5)",
        "InverseTimeDecay", steps=40,
        substitutions={"initial_learning_rate": 0.1, "decay_steps": 1.0, "decay_rate": 0.5})

# --- optax ---------------------------------------------------------------------------------------
snippet("optax-getting-started-exponential", "optax", src(OPTAX, "docs/getting_started.ipynb"),
        "start_learning_rate = 1e-1\n...\n"
        "scheduler = optax.exponential_decay(\n"
        "    init_value=start_learning_rate,\n"
        "    transition_steps=1000,\n"
        "    decay_rate=0.99)",
        "scheduler = optax.exponential_decay(\n"
        "    init_value=1e-1,\n"
        "    transition_steps=1000,\n"
        "    decay_rate=0.99)",
        "exponential_decay (smooth)", at=[0, 1, 500, 1000, 5000, 10000, 100000],
        substitutions={"start_learning_rate": 1e-1})

snippet("optax-getting-started-warmup-cosine", "optax", src(OPTAX, "docs/getting_started.ipynb"),
        "schedule = optax.warmup_cosine_decay_schedule(\n"
        "  init_value=0.0,\n"
        "  peak_value=1.0,\n"
        "  warmup_steps=50,\n"
        "  decay_steps=1_000,\n"
        "  end_value=0.0,\n)",
        "schedule = optax.warmup_cosine_decay_schedule(\n"
        "  init_value=0.0,\n"
        "  peak_value=1.0,\n"
        "  warmup_steps=50,\n"
        "  decay_steps=1_000,\n"
        "  end_value=0.0,\n)",
        "warmup_cosine_decay_schedule; `1_000` digit separator",
        at=[0, 1, 25, 49, 50, 51, 100, 500, 999, 1000, 1001, 1200])

snippet("optax-getting-started-polynomial", "optax", src(OPTAX, "docs/getting_started.ipynb"),
        "schedule_fn = optax.polynomial_schedule(\n"
        "    init_value=1., end_value=0., power=1, transition_steps=5)\n\n"
        "for step_count in range(6):\n"
        "  print(schedule_fn(step_count))  # [1., 0.8, 0.6, 0.4, 0.2, 0.]",
        "schedule_fn = optax.polynomial_schedule(\n"
        "    init_value=1., end_value=0., power=1, transition_steps=5)",
        "polynomial_schedule; documented values 1, 0.8, ..., 0", steps=8)

snippet("optax-cifar-linear-onecycle", "optax", src(OPTAX, "examples/cifar10_resnet.ipynb"),
        "iter_per_epoch_train = info.splits[\"train\"].num_examples // BATCH_SIZE\n"
        "lr_schedule = optax.linear_onecycle_schedule(\n"
        "    MAX_EPOCHS * iter_per_epoch_train, PEAK_LR\n)",
        "lr_schedule = optax.linear_onecycle_schedule(\n"
        "    50 * 390, 0.12\n)",
        "linear_onecycle_schedule, positional",
        at=[0, 1, 1000, 5849, 5850, 5851, 10000, 16574, 16575, 16576, 19000, 19499, 19500, 19501, 25000],
        substitutions={"MAX_EPOCHS": 50, "iter_per_epoch_train": "390 (50000 CIFAR-10 training images // BATCH_SIZE 128)",
                       "PEAK_LR": 0.12}, note="MAX_EPOCHS, BATCH_SIZE and PEAK_LR are the notebook's own")

snippet("optax-gradient-accumulation-piecewise", "optax", src(OPTAX, "examples/gradient_accumulation.ipynb"),
        "learning_rate_schedule = optax.piecewise_constant_schedule(\n"
        "    init_value=1.0,\n"
        "    boundaries_and_scales={\n"
        "        0: 1e-4,\n"
        "        1: 1e-1,\n"
        "    },\n)",
        "learning_rate_schedule = optax.piecewise_constant_schedule(\n"
        "    init_value=1.0,\n"
        "    boundaries_and_scales={\n"
        "        0: 1e-4,\n"
        "        1: 1e-1,\n"
        "    },\n)",
        "piecewise_constant_schedule with a dict over several lines (a boundary at 0)", steps=5)

snippet("optax-docs-piecewise", "optax", src(OPTAX, "optax/schedules/_schedule.py"),
        ">>> sched = optax.piecewise_constant_schedule(\n"
        "...     init_value=1.0, boundaries_and_scales={100: 0.1, 200: 0.01})\n"
        ">>> print(sched(50))   # before first boundary\n1.0\n"
        ">>> print(sched(150))  # after first boundary\n0.1\n"
        ">>> print(sched(250))  # after second boundary\n0.001",
        "sched = optax.piecewise_constant_schedule(\n"
        "    init_value=1.0, boundaries_and_scales={100: 0.1, 200: 0.01})",
        "piecewise_constant_schedule with a dict (scales multiply)",
        at=[0, 50, 99, 100, 101, 150, 199, 200, 201, 250],
        substitutions={">>> / ...": "(doctest prompts dropped)"})

snippet("optax-docs-linear", "optax", src(OPTAX, "optax/schedules/_schedule.py"),
        ">>> schedule_fn = optax.linear_schedule(\n"
        "...    init_value=1.0, end_value=0.01, transition_steps=100)",
        "schedule_fn = optax.linear_schedule(\n"
        "   init_value=1.0, end_value=0.01, transition_steps=100)",
        "linear_schedule", steps=110, substitutions={">>> / ...": "(doctest prompts dropped)"})

snippet("optax-test-join-constants", "optax", src(OPTAX, "optax/schedules/_join_test.py"),
        "my_schedule = _join.join_schedules(\n"
        "    schedules=[\n"
        "        _schedule.constant_schedule(1.0),\n"
        "        _schedule.constant_schedule(2.0),\n"
        "        _schedule.constant_schedule(1.0),\n"
        "    ],\n"
        "    boundaries=[3, 6],\n)",
        "my_schedule = optax.join_schedules(\n"
        "    schedules=[\n"
        "        optax.constant_schedule(1.0),\n"
        "        optax.constant_schedule(2.0),\n"
        "        optax.constant_schedule(1.0),\n"
        "    ],\n"
        "    boundaries=[3, 6],\n)",
        "join_schedules of constant schedules", steps=10,
        substitutions={"_join., _schedule.": "optax. (the test imports the modules; optax exports the same functions)"})

snippet("optax-mlcommons-join-cosine", "optax", src(dict(repo="mlcommons/algorithmic-efficiency"), "target_setting_runs/cosine_warmup.py"),
        "warmup_fn = optax.linear_schedule(\n"
        "    init_value=0.,\n"
        "    end_value=hyperparameters.learning_rate,\n"
        "    transition_steps=hyperparameters.warmup_steps)\n"
        "cosine_steps = max(hyperparameters.num_steps - hyperparameters.warmup_steps,\n                   1)\n"
        "cosine_fn = optax.cosine_decay_schedule(\n"
        "    init_value=hyperparameters.learning_rate, decay_steps=cosine_steps)\n"
        "schedule_fn = optax.join_schedules(\n"
        "    schedules=[warmup_fn, cosine_fn],\n"
        "    boundaries=[hyperparameters.warmup_steps])",
        "schedule_fn = optax.join_schedules(\n"
        "    schedules=[optax.linear_schedule(\n"
        "    init_value=0.,\n"
        "    end_value=0.1,\n"
        "    transition_steps=10), optax.cosine_decay_schedule(\n"
        "    init_value=0.1, decay_steps=90)],\n"
        "    boundaries=[10])",
        "join_schedules of a linear warmup and a cosine decay", steps=105,
        substitutions={"hyperparameters.learning_rate": 0.1, "hyperparameters.warmup_steps": 10, "cosine_steps": 90,
                       "warmup_fn, cosine_fn": "their constructor calls, inlined"})

snippet("optax-whisper-join-bare-names", "optax", src(dict(repo="alonbebchuk/whisper-small-werewolf"), "src/training/lr_schedule.py"),
        "from optax import linear_schedule, join_schedules\n...\n"
        "warmup_fn = linear_schedule(init_value=0.0, end_value=base_lr, transition_steps=warmup_steps)\n"
        "decay_fn = linear_schedule(init_value=base_lr, end_value=0.0, transition_steps=decay_steps)\n\n"
        "schedule_fn = join_schedules(schedules=[warmup_fn, decay_fn], boundaries=[warmup_steps])",
        "schedule_fn = join_schedules(schedules=[linear_schedule(init_value=0.0, end_value=3e-4, transition_steps=20), "
        "linear_schedule(init_value=3e-4, end_value=0.0, transition_steps=80)], boundaries=[20])",
        "names imported from optax, used bare", steps=105,
        substitutions={"base_lr": 3e-4, "warmup_steps": 20, "decay_steps": "80 (total_steps 100 - warmup_steps)",
                       "warmup_fn, decay_fn": "their constructor calls, inlined"})


# ---------------------------------------------------------------------------------------------
# Runners
# ---------------------------------------------------------------------------------------------
def sample_steps(entry):
    return entry["at"] if entry["at"] is not None else list(range(entry["steps"]))


def run_torch_scheduler(scheduler, optimizer, entry):
    """The lr (and beta1/momentum where the scheduler cycles it) after k calls of step()."""
    wanted = sample_steps(entry)
    metrics = entry.get("metrics")
    values, momentum = {}, {}
    cycles_momentum = getattr(scheduler, "cycle_momentum", False)
    group = optimizer.param_groups[0]
    for k in range(max(wanted) + 1):
        if k > 0:
            if metrics is not None:
                scheduler.step(metrics[k - 1])
            else:
                scheduler.step()
        if k in wanted:
            values[k] = group["lr"]
            if cycles_momentum:
                momentum[k] = group["betas"][0] if "betas" in group else group["momentum"]
    return [values[k] for k in wanted], ([momentum[k] for k in wanted] if cycles_momentum else None)


def python_namespace(extra=None):
    from torch.optim import lr_scheduler
    ns = {"torch": torch, "optim": torch.optim, "lr_scheduler": lr_scheduler, "nn": torch.nn, "math": math, "np": np,
          "numpy": np, "model": torch.nn.Linear(2, 1), "self": types.SimpleNamespace(), "AdamW": torch.optim.AdamW}
    ns.update({name: getattr(lr_scheduler, name) for name in dir(lr_scheduler) if name[0].isupper()})
    ns.update(extra or {})
    return ns


def find_instance(ns, kind):
    for value in list(ns.values()) + list(vars(ns["self"]).values()):
        if isinstance(value, kind):
            return value
    return None


def run_python(entry, extra=None):
    ns = python_namespace(extra)
    exec(entry["setup"] or "optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)", ns)
    code = entry["text"].strip()
    try:  # a bare call (the value a function returns) is bound to a name to run it
        compile(code, "<snippet>", "eval")
        code = "_scheduler = (" + code + "\n)"
    except SyntaxError:
        pass
    exec(code, ns)
    scheduler = find_instance(ns, (torch.optim.lr_scheduler._LRScheduler, torch.optim.lr_scheduler.ReduceLROnPlateau))
    optimizer = scheduler.optimizer
    return run_torch_scheduler(scheduler, optimizer, entry)


def hf_module():
    import enum
    import logging
    pt_utils = types.ModuleType("transformers.trainer_pt_utils")
    pt_utils.LayerWiseDummyOptimizer = type("LayerWiseDummyOptimizer", (), {})
    pt_utils.LayerWiseDummyScheduler = type("LayerWiseDummyScheduler", (), {})
    trainer_utils = types.ModuleType("transformers.trainer_utils")
    trainer_utils.SchedulerType = enum.Enum("SchedulerType", {name.upper(): name for name in [
        "linear", "cosine", "cosine_with_restarts", "polynomial", "constant", "constant_with_warmup", "inverse_sqrt",
        "reduce_lr_on_plateau", "cosine_with_min_lr", "cosine_warmup_with_min_lr", "warmup_stable_decay"]}
                                            | {"REDUCE_ON_PLATEAU": "reduce_lr_on_plateau"}, type=str)
    utils = types.ModuleType("transformers.utils")
    utils.logging = types.SimpleNamespace(get_logger=logging.getLogger)
    sys.modules.update({"transformers.trainer_pt_utils": pt_utils, "transformers.trainer_utils": trainer_utils,
                        "transformers.utils": utils})
    return load("transformers", os.path.join(peer_dir("HF"), "src", "transformers"), ["optimization"])["optimization"]


def run_transformers(entry, H):
    functions = {name: getattr(H, name) for name in dir(H) if name.startswith("get_")}
    functions["transformers"] = types.SimpleNamespace(**functions)
    return run_python(entry, functions)


def trainer_args_schedule(entry, H):
    """What Trainer builds from TrainingArguments (transformers' training_args.py and trainer.py):
    num_training_steps = max_steps if > 0, else ceil(num_train_epochs * updates per epoch);
    warmup = warmup_steps if > 0, else ceil(num_training_steps * warmup_ratio);
    get_scheduler(lr_scheduler_type, optimizer(lr=learning_rate), warmup, num_training_steps, lr_scheduler_kwargs)."""
    args = yaml.safe_load(entry["text"])
    lr = float(args.get("learning_rate", 5e-5))
    max_steps = int(args.get("max_steps", -1))
    total = max_steps if max_steps > 0 else math.ceil(float(args.get("num_train_epochs", 3.0)) * entry["options"]["stepsPerEpoch"])
    warmup_steps = int(args.get("warmup_steps", 0))
    warmup = warmup_steps if warmup_steps > 0 else math.ceil(total * float(args.get("warmup_ratio", 0.0)))
    optimizer = torch.optim.AdamW(torch.nn.Linear(2, 1).parameters(), lr=lr)
    scheduler = H.get_scheduler(args.get("lr_scheduler_type", "linear"), optimizer, num_warmup_steps=warmup,
                                num_training_steps=total, scheduler_specific_kwargs=args.get("lr_scheduler_kwargs") or {})
    if entry["at"] is None:
        entry["steps"] = total + 5
    entry["derived"] = {"num_training_steps": total, "num_warmup_steps": warmup}
    return run_torch_scheduler(scheduler, optimizer, entry)


def deepspeed_module():
    import logging
    ds_utils = types.ModuleType("deepspeed.utils")
    ds_utils.logger = logging.getLogger("deepspeed")
    sys.modules.setdefault("deepspeed", types.ModuleType("deepspeed"))
    sys.modules["deepspeed.utils"] = ds_utils
    return load("deepspeed.runtime", os.path.join(peer_dir("DEEPSPEED"), "deepspeed", "runtime"), ["lr_schedules"])["lr_schedules"]


def run_deepspeed(entry, D):
    """As DeepSpeed's engine: the scheduler class of DeepSpeed named by scheduler.type, else torch's of
    that name, built as cls(optimizer, **params) and stepped once after every optimizer step."""
    text = entry["text"] or entry["original"]
    config = json.loads(text if text.lstrip().startswith("{") else "{" + text + "}")
    settings = entry["options"].get("set", {})
    params = {k: settings.get(k, v) if v == "auto" else v for k, v in config["scheduler"].get("params", {}).items()}
    lr = (config.get("optimizer", {}).get("params", {}).get("lr", 0.001))
    lr = settings.get("lr", lr) if lr == "auto" else lr
    optimizer = torch.optim.Adam([torch.nn.Parameter(torch.zeros(1))], lr=lr)
    kind = config["scheduler"]["type"]
    cls = getattr(D, kind, None) or getattr(torch.optim.lr_scheduler, kind)
    scheduler = cls(optimizer, **params)
    wanted = sample_steps(entry)
    values, momentum = {}, {}
    for k in range(max(wanted) + 1):
        if k > 0:
            scheduler.step()
        if k in wanted:
            values[k] = optimizer.param_groups[0]["lr"]
            momentum[k] = optimizer.param_groups[0]["betas"][0]
    cycles = kind == "OneCycle"
    return [values[k] for k in wanted], ([momentum[k] for k in wanted] if cycles else None)


TIMM_TRAIN_DEFAULTS = dict(  # timm train.py's argument parser defaults for the scheduler's arguments
    sched="cosine", sched_on_updates=False, lr=None, lr_base=0.1, lr_noise=None, lr_noise_pct=0.67, lr_noise_std=1.0,
    lr_cycle_mul=1.0, lr_cycle_decay=0.5, lr_cycle_limit=1, lr_k_decay=1.0, warmup_lr=1e-5, min_lr=0, epochs=300,
    decay_milestones=[90, 180, 270], decay_epochs=90, warmup_epochs=5, warmup_prefix=False, cooldown_epochs=0,
    patience_epochs=10, decay_rate=0.1, seed=42, eval_metric="top1")


def timm_module():
    names = ["scheduler", "cosine_lr", "multistep_lr", "plateau_lr", "poly_lr", "step_lr", "tanh_lr", "scheduler_factory"]
    return load("timm.scheduler", os.path.join(peer_dir("TIMM"), "timm", "scheduler"), names)["scheduler_factory"]


def run_timm(entry, T):
    """As timm's train.py: create_scheduler_v2(optimizer, **scheduler_kwargs(args)) with the optimizer built at
    args.lr; the lr during epoch 0 is what the constructor sets, after epoch e train.py calls step(e + 1)."""
    args = types.SimpleNamespace(**{**TIMM_TRAIN_DEFAULTS, **yaml.safe_load(entry["text"])})
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=args.lr, momentum=0.9)
    scheduler, num_epochs = T.create_scheduler_v2(optimizer, **T.scheduler_kwargs(args), updates_per_epoch=0)
    values = []
    for epoch in range(num_epochs):
        if epoch > 0:
            scheduler.step(epoch)
        values.append(optimizer.param_groups[0]["lr"])
    entry["steps"] = num_epochs
    entry["derived"] = {"num_epochs": num_epochs}
    return values, None


def keras_module():
    """Keras' own learning_rate_schedule.py on NumPy float64: `ops` maps to NumPy, the export decorator
    and serialization helpers are stand-ins (unused when evaluating a schedule)."""
    ops = types.ModuleType("keras.src.ops")
    to64 = lambda x, dtype=None: np.asarray(x, dtype=np.float64)  # noqa: E731
    ops.convert_to_tensor = to64
    ops.cast = lambda x, dtype=None: np.asarray(x, dtype=np.float64)
    ops.array = lambda x, dtype=None: np.asarray(x, dtype=np.float64)
    ops.name_scope = lambda name: contextlib.nullcontext()
    ops.cond = lambda pred, true_fn, false_fn: true_fn() if bool(pred) else false_fn()
    for name in ["add", "ceil", "cos", "divide", "equal", "floor", "log", "minimum", "multiply", "power", "subtract", "where"]:
        setattr(ops, name, getattr(np, name))
    api_export = types.ModuleType("keras.src.api_export")
    api_export.keras_export = lambda *a, **k: (lambda obj: obj)
    saving = types.ModuleType("keras.src.saving")
    saving.serialization_lib = types.SimpleNamespace()
    src_pkg = types.ModuleType("keras.src")
    src_pkg.ops, src_pkg.__path__ = ops, []
    sys.modules.update({"keras": types.ModuleType("keras"), "keras.src": src_pkg, "keras.src.ops": ops,
                        "keras.src.api_export": api_export, "keras.src.saving": saving})
    path = os.path.join(peer_dir("KERAS"), "keras", "src", "optimizers", "schedules", "learning_rate_schedule.py")
    spec = importlib.util.spec_from_file_location("keras_learning_rate_schedule", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def optax_module():
    """optax's own _schedule.py and _join.py on NumPy float64 (jax.numpy -> numpy)."""
    jax = types.ModuleType("jax")
    jax.numpy = np
    jax.typing = types.SimpleNamespace(ArrayLike=object)
    jax.tree = types.SimpleNamespace(map=lambda f, tree: type(tree)(f(x) for x in tree))
    absl = types.ModuleType("absl")
    absl.logging = types.SimpleNamespace(info=lambda *a, **k: None)
    base = types.ModuleType("optax._src.base")
    base.Schedule = object
    src_pkg = types.ModuleType("optax._src")
    src_pkg.base, src_pkg.__path__ = base, []
    sys.modules.update({"jax": jax, "jax.numpy": np, "absl": absl, "absl.logging": absl.logging,
                        "optax": types.ModuleType("optax"), "optax._src": src_pkg, "optax._src.base": base})
    sys.modules["optax"].__path__ = []
    loaded = load("optax.schedules", os.path.join(peer_dir("OPTAX"), "optax", "schedules"), ["_join", "_schedule"])
    functions = {name: getattr(loaded["_schedule"], name) for name in dir(loaded["_schedule"]) if not name.startswith("_")
                 and callable(getattr(loaded["_schedule"], name))}
    functions["join_schedules"] = loaded["_join"].join_schedules
    return functions


def run_schedule_text(entry, ns):
    """Keras and optax: runs the text and evaluates the schedule it binds at each sampled step."""
    before = set(ns)
    exec(entry["text"], ns)
    schedule = [value for name, value in ns.items() if name not in before and not name.startswith("__")][-1]
    return [float(schedule(k)) for k in sample_steps(entry)], None


PEER_OF_RUNNER = {"pytorch": "torch", "transformers": "transformers", "transformers-args": "transformers",
                  "deepspeed": "deepspeed", "timm-args": "timm", "keras": "keras", "optax": "optax"}


def reference_record(entry, H, D, T, K, O, commits, conventions):
    """Runs one snippet in the real code and returns its fixture entry."""
    runner = entry["runner"]
    if runner == "pytorch":
        values, momentum = run_python(entry)
    elif runner == "transformers":
        values, momentum = run_transformers(entry, H)
    elif runner == "transformers-args":
        values, momentum = trainer_args_schedule(entry, H)
    elif runner == "deepspeed":
        values, momentum = run_deepspeed(entry, D)
    elif runner == "timm-args":
        values, momentum = run_timm(entry, T)
    elif runner == "keras":
        values, momentum = run_schedule_text(entry, {"keras": types.SimpleNamespace(optimizers=types.SimpleNamespace(schedules=K))})
    elif runner == "optax":
        values, momentum = run_schedule_text(entry, {"optax": types.SimpleNamespace(**O), **O})
    else:
        raise ValueError(runner)
    values = [float(v) for v in values]
    assert all(math.isfinite(v) for v in values), entry["id"]
    record = {
        "id": entry["id"], "framework": entry["framework"], "source": entry["source"], "original": entry["original"],
        "text": entry["text"] if entry["text"] is not None else entry["original"], "format": entry["format"],
        "exercises": entry["exercises"], "substitutions": entry["substitutions"], "options": entry["options"],
    }
    if entry["file"]:
        record["file"] = entry["file"]
    if entry["note"]:
        record["note"] = entry["note"]
    if entry["metrics"] is not None:
        record["metrics"] = entry["metrics"][: entry["steps"] - 1]
    if entry.get("derived"):
        record["derived"] = entry["derived"]
    record["steps"] = entry["steps"] if entry["at"] is None else max(entry["at"]) + 1
    if entry["at"] is not None:
        record["at"] = entry["at"]
    record["values"] = values
    if momentum is not None:
        record["momentum"] = [float(m) for m in momentum]
    peer = PEER_OF_RUNNER[runner]
    record["reference"] = {"runner": runner, "peer": peer, "peerVersion": commits[peer], "convention": conventions[runner]}
    return record


def main():
    H, D, T = hf_module(), deepspeed_module(), timm_module()
    K, O = keras_module(), optax_module()
    commits = {"transformers": peer_commit("HF"), "deepspeed": peer_commit("DEEPSPEED"), "timm": peer_commit("TIMM"),
               "keras": peer_commit("KERAS"), "optax": peer_commit("OPTAX"), "torch": torch.__version__}
    conventions = {
        "pytorch": "values[i] = optimizer.param_groups[0]['lr'] after steps[i] calls of scheduler.step() "
                   "(ReduceLROnPlateau: scheduler.step(metrics[k - 1]) for the k-th call), torch " + torch.__version__,
        "transformers": "transformers' optimization.py; values[i] = lr after steps[i] calls of scheduler.step()",
        "transformers-args": "Trainer: num_training_steps = max_steps if > 0 else ceil(num_train_epochs * stepsPerEpoch) "
                             "(stepsPerEpoch = optimizer updates per epoch); warmup = warmup_steps if > 0 else "
                             "ceil(num_training_steps * warmup_ratio); get_scheduler(..., scheduler_specific_kwargs="
                             "lr_scheduler_kwargs); values[i] = lr after steps[i] calls of step()",
        "deepspeed": "DeepSpeed's lr_schedules.py (torch.optim.lr_scheduler for other names, as the engine); "
                     "values[i] = lr after steps[i] calls of step(), one per optimizer step; momentum = Adam beta1",
        "timm-args": "timm's create_scheduler_v2(optimizer, **scheduler_kwargs(args)) with train.py's parser defaults "
                     "for keys the file leaves out; values[e] = lr during epoch e (constructor for e = 0, then step(e)); "
                     "steps = the num_epochs the factory returns",
        "keras": "keras' learning_rate_schedule.py evaluated on NumPy float64: values[i] = schedule(steps[i]), the lr "
                 "of the optimizer's (steps[i] + 1)-th update; Keras itself computes in float32",
        "optax": "optax's _schedule.py/_join.py evaluated on NumPy float64: values[i] = schedule(steps[i]), the lr of "
                 "the (steps[i] + 1)-th update; jax itself computes in float32",
    }
    out = []
    with contextlib.redirect_stdout(sys.stderr):  # verbose=True snippets print as they step
        for entry in SNIPPETS:
            out.append(reference_record(entry, H, D, T, K, O, commits, conventions))
    ids = [r["id"] for r in out]
    assert len(ids) == len(set(ids)), "duplicate ids"
    with open(os.path.join(FIXTURES, "index.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False, allow_nan=False)
        f.write("\n")
    counts = {}
    for r in out:
        counts[r["framework"]] = counts.get(r["framework"], 0) + 1
    print(f"wrote {len(out)} snippets to test/fixtures/pasted/index.json: {counts}")


if __name__ == "__main__":
    main()
