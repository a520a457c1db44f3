#!/usr/bin/python3
"""Writes the peers' learning rates for nerva-lr's schedules named after them, as JSON on stdout.

Each case pairs a nerva-lr spec with the peer's own scheduler class, run on Debian's torch, and
records the lr in effect at each step. The peers' code is not part of nerva-lr: point this script
at checkouts of their repositories (only their scheduler files are loaded, as modules):

    TIMM_SRC=/path/to/pytorch-image-models  DEEPSPEED_SRC=/path/to/DeepSpeed \\
    HF_SRC=/path/to/transformers  FAIRSEQ_SRC=/path/to/fairseq \\
        /usr/bin/python3 scripts/peer_reference.py > test/fixtures/peers.json

(and TIMM_COMMIT, DEEPSPEED_COMMIT, HF_COMMIT, FAIRSEQ_COMMIT to record which commits ran).

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


NOISE = []


def timm_noise_case(spec, lr, epochs, pct, make, make_plain):
    """timm's noise comes from torch's generator, which nerva-lr does not reproduce: record the
    noisy and the plain values so a test can check where the noise applies and its bounds."""
    noisy, plain = [], []
    for sched_make, out in [(make, noisy), (make_plain, plain)]:
        opt = optimizer(lr)
        sched = sched_make(opt)
        for e in range(epochs):
            sched.step(e)
            out.append(opt.param_groups[0]["lr"])
    NOISE.append({"peer": "timm", "spec": spec, "noise_pct": pct, "values": noisy, "plain": plain})

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
    timm_noise_case("CosineLRScheduler(0.1, 30, warmup_t=3, noise_range_t=[5, 20], noise_pct=0.3, noise_seed=7)", 0.1, 30, 0.3,
                    lambda o: Cosine(o, t_initial=30, warmup_t=3, noise_range_t=(5, 20), noise_pct=0.3, noise_seed=7),
                    lambda o: Cosine(o, t_initial=30, warmup_t=3))
    timm_noise_case("StepLRScheduler(0.1, 4, decay_rate=0.5, noise_range_t=6)", 0.1, 20, 0.67,
                    lambda o: Step(o, decay_t=4, decay_rate=0.5, noise_range_t=6), lambda o: Step(o, decay_t=4, decay_rate=0.5))
    timm_case("StepLRScheduler(0.1, 3, decay_rate=0.5)", 0.1, 12, lambda o: Step(o, decay_t=3, decay_rate=0.5))
    timm_case("StepLRScheduler(0.1, 2.5, decay_rate=0.3, warmup_t=3, warmup_lr_init=0.001)", 0.1, 14,
              lambda o: Step(o, decay_t=2.5, decay_rate=0.3, warmup_t=3, warmup_lr_init=0.001))
    timm_case("StepLRScheduler(0.1, 4, decay_rate=0.5, warmup_t=2, warmup_prefix=false)", 0.1, 12,
              lambda o: Step(o, decay_t=4, decay_rate=0.5, warmup_t=2, warmup_prefix=False))
    timm_case("timm.MultiStepLRScheduler(0.1, [3, 6, 6, 9], decay_rate=0.5)", 0.1, 12, lambda o: MultiStep(o, decay_t=[3, 6, 6, 9], decay_rate=0.5))
    timm_case("timm.MultiStepLRScheduler(0.1, [2, 5], decay_rate=0.1, warmup_t=2, warmup_lr_init=0.01)", 0.1, 10,
              lambda o: MultiStep(o, decay_t=[2, 5], decay_rate=0.1, warmup_t=2, warmup_lr_init=0.01))

def deepspeed_case(spec, make, steps, adam=False):
    """DeepSpeed: the lr (and Adam's beta1, for OneCycle) after t calls of scheduler.step(),
    t = 0 .. steps-1, as DeepSpeed's engine calls it after each optimizer step."""
    params = [torch.nn.Parameter(torch.zeros(1))]
    opt = torch.optim.Adam(params, lr=0.1) if adam else torch.optim.SGD(params, lr=0.1)
    sched = make(opt)
    values, momentum = [], []
    for _ in range(steps):
        values.append(opt.param_groups[0]["lr"])
        momentum.append(opt.param_groups[0]["betas"][0] if adam else None)
        sched.step()
    CASES.append({"peer": "deepspeed", "spec": spec, "values": values, **({"momentum": momentum} if adam else {})})


deepspeed_dir = os.environ.get("DEEPSPEED_SRC")
if deepspeed_dir:
    # lr_schedules.py imports only a logger from the rest of DeepSpeed: give it Python's.
    import logging
    utils = types.ModuleType("deepspeed.utils")
    utils.logger = logging.getLogger("deepspeed")
    sys.modules.setdefault("deepspeed", types.ModuleType("deepspeed"))
    sys.modules["deepspeed.utils"] = utils
    D = load("deepspeed.runtime", os.path.join(deepspeed_dir, "deepspeed", "runtime"), ["lr_schedules"])["lr_schedules"]
    deepspeed_case("WarmupLR(warmup_min_lr=0.001, warmup_max_lr=0.1, warmup_num_steps=10)", lambda o: D.WarmupLR(o, 0.001, 0.1, 10), 15)
    deepspeed_case("WarmupLR(warmup_max_lr=0.05, warmup_num_steps=8, warmup_type=linear)", lambda o: D.WarmupLR(o, warmup_max_lr=0.05, warmup_num_steps=8, warmup_type="linear"), 12)
    deepspeed_case("WarmupLR(warmup_max_lr=0.05, warmup_num_steps=1)", lambda o: D.WarmupLR(o, warmup_max_lr=0.05, warmup_num_steps=1), 5)
    deepspeed_case("WarmupDecayLR(30, warmup_min_lr=0.001, warmup_max_lr=0.1, warmup_num_steps=10)", lambda o: D.WarmupDecayLR(o, 30, 0.001, 0.1, 10), 35)
    deepspeed_case("WarmupDecayLR(20, warmup_max_lr=0.1, warmup_num_steps=5, warmup_type=linear)", lambda o: D.WarmupDecayLR(o, 20, warmup_max_lr=0.1, warmup_num_steps=5, warmup_type="linear"), 25)
    deepspeed_case("WarmupCosineLR(0.1, 30, warmup_num_steps=10)", lambda o: D.WarmupCosineLR(o, 30, warmup_num_steps=10), 45)
    deepspeed_case("WarmupCosineLR(0.1, 20, warmup_min_ratio=0.1, warmup_num_steps=5, cos_min_ratio=0.01, warmup_type=linear)", lambda o: D.WarmupCosineLR(o, 20, 0.1, 5, 0.01, "linear"), 25)
    deepspeed_case("OneCycle(0.001, 0.1, cycle_first_step_size=10)", lambda o: D.OneCycle(o, 0.001, 0.1, cycle_first_step_size=10), 25, adam=True)
    deepspeed_case("OneCycle(0.001, 0.1, cycle_first_step_size=6, cycle_second_step_size=9, decay_lr_rate=0.5, decay_step_size=4, cycle_min_mom=0.85, cycle_max_mom=0.95, decay_mom_rate=0.01)",
                   lambda o: D.OneCycle(o, 0.001, 0.1, decay_lr_rate=0.5, cycle_first_step_size=6, cycle_second_step_size=9, decay_step_size=4,
                                        cycle_min_mom=0.85, cycle_max_mom=0.95, decay_mom_rate=0.01), 30, adam=True)
    deepspeed_case("LRRangeTest(lr_range_test_min_lr=0.001, lr_range_test_step_size=5, lr_range_test_step_rate=2)", lambda o: D.LRRangeTest(o, 0.001, 5, 2.0), 20)
    deepspeed_case("LRRangeTest(lr_range_test_min_lr=0.002, lr_range_test_step_size=3, lr_range_test_staircase=true)", lambda o: D.LRRangeTest(o, 0.002, 3, 1.0, True), 12)

def torch_case(peer, spec, lr, steps, make):
    """Schedulers built on torch's LambdaLR (transformers): the lr after t calls of step()."""
    opt = optimizer(lr)
    sched = make(opt)
    values = []
    for _ in range(steps):
        values.append(opt.param_groups[0]["lr"])
        sched.step()
    CASES.append({"peer": peer, "spec": spec, "values": values})


hf_dir = os.environ.get("HF_SRC")
if hf_dir:
    # optimization.py imports three things from the rest of transformers: give it stand-ins.
    import enum
    import logging
    pt_utils = types.ModuleType("transformers.trainer_pt_utils")
    pt_utils.LayerWiseDummyOptimizer = type("LayerWiseDummyOptimizer", (), {})
    pt_utils.LayerWiseDummyScheduler = type("LayerWiseDummyScheduler", (), {})
    trainer_utils = types.ModuleType("transformers.trainer_utils")
    trainer_utils.SchedulerType = enum.Enum("SchedulerType", {name.upper(): name for name in [
        "linear", "cosine", "cosine_with_restarts", "polynomial", "constant", "constant_with_warmup", "inverse_sqrt",
        "reduce_lr_on_plateau", "cosine_with_min_lr", "cosine_warmup_with_min_lr", "warmup_stable_decay"]} | {"REDUCE_ON_PLATEAU": "reduce_lr_on_plateau"}, type=str)
    utils = types.ModuleType("transformers.utils")
    utils.logging = types.SimpleNamespace(get_logger=logging.getLogger)
    sys.modules.update({"transformers.trainer_pt_utils": pt_utils, "transformers.trainer_utils": trainer_utils, "transformers.utils": utils})
    H = load("transformers", os.path.join(hf_dir, "src", "transformers"), ["optimization"])["optimization"]
    torch_case("transformers", "get_constant_schedule(0.1)", 0.1, 5, lambda o: H.get_constant_schedule(o))
    torch_case("transformers", "get_cosine_with_min_lr_schedule_with_warmup(0.1, 5, 30, min_lr_rate=0.1)", 0.1, 40,
               lambda o: H.get_cosine_with_min_lr_schedule_with_warmup(o, 5, 30, min_lr_rate=0.1))
    torch_case("transformers", "get_cosine_with_min_lr_schedule_with_warmup(0.1, 4, 24, num_cycles=1, min_lr=0.005)", 0.1, 30,
               lambda o: H.get_cosine_with_min_lr_schedule_with_warmup(o, 4, 24, num_cycles=1, min_lr=0.005))
    torch_case("transformers", "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(0.1, 5, 30, min_lr_rate=0.05)", 0.1, 35,
               lambda o: H.get_cosine_with_min_lr_schedule_with_warmup_lr_rate(o, 5, 30, min_lr_rate=0.05))
    torch_case("transformers", "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(0.1, 6, 30, min_lr=0.001, warmup_lr_rate=0.2)", 0.1, 35,
               lambda o: H.get_cosine_with_min_lr_schedule_with_warmup_lr_rate(o, 6, 30, min_lr=0.001, warmup_lr_rate=0.2))
    for kind, kwargs, text in [("linear", {}, ""), ("cosine", {}, ""), ("cosine_with_restarts", {"num_cycles": 2}, ", num_cycles=2"),
                               ("polynomial", {"power": 2.0, "lr_end": 1e-4}, ", power=2, lr_end=0.0001"), ("constant", {}, ""),
                               ("constant_with_warmup", {}, ""), ("inverse_sqrt", {}, ""), ("cosine_with_min_lr", {"min_lr_rate": 0.1}, ", min_lr_rate=0.1"),
                               ("cosine_warmup_with_min_lr", {"min_lr": 0.002}, ", min_lr=0.002"),
                               ("warmup_stable_decay", {"num_decay_steps": 10, "decay_type": "linear"}, ", num_decay_steps=10, decay_type=linear")]:
        torch_case("transformers", f"get_scheduler({kind}, 0.1, 5, 30{text})", 0.1, 36,
                   lambda o, kind=kind, kwargs=kwargs: H.get_scheduler(kind, o, num_warmup_steps=5, num_training_steps=30, scheduler_specific_kwargs=kwargs))

fairseq_dir = os.environ.get("FAIRSEQ_SRC")
if fairseq_dir:
    # The scheduler files import a little of the rest of fairseq and omegaconf: give them stand-ins,
    # then load fairseq's own base class and the two schedulers.
    omegaconf = types.ModuleType("omegaconf")
    omegaconf.II = lambda key: "${" + key + "}"
    fs_dataclass = types.ModuleType("fairseq.dataclass")
    fs_dataclass.FairseqDataclass = type("FairseqDataclass", (), {})
    fs_dataclass.__path__ = []
    fs_utils = types.ModuleType("fairseq.dataclass.utils")
    fs_utils.gen_parser_from_dataclass = lambda parser, dc: None

    class FairseqOptimizer:
        lr = None

        def set_lr(self, lr):
            self.lr = lr

        def get_lr(self):
            return self.lr

    fs_optim = types.ModuleType("fairseq.optim")
    fs_optim.FairseqOptimizer = FairseqOptimizer
    fs_optim.__path__ = []
    sys.modules.update({"omegaconf": omegaconf, "fairseq": types.ModuleType("fairseq"), "fairseq.dataclass": fs_dataclass,
                        "fairseq.dataclass.utils": fs_utils, "fairseq.optim": fs_optim})
    directory = os.path.join(fairseq_dir, "fairseq", "optim", "lr_scheduler")
    package = types.ModuleType("fairseq.optim.lr_scheduler")
    package.__path__ = [directory]
    package.register_lr_scheduler = lambda name, dataclass=None: (lambda cls: cls)
    sys.modules["fairseq.optim.lr_scheduler"] = package
    package.FairseqLRScheduler = load("fairseq.optim.lr_scheduler", directory, ["fairseq_lr_scheduler"])["fairseq_lr_scheduler"].FairseqLRScheduler
    F = load("fairseq.optim.lr_scheduler", directory, ["tri_stage_lr_scheduler", "inverse_square_root_schedule"])

    def fairseq_case(spec, steps, make):
        """fairseq: the lr during update t is what step_update(t) sets (its trainer calls it with the
        number of updates done before each update, from 0)."""
        sched = make(FairseqOptimizer())
        CASES.append({"peer": "fairseq", "spec": spec, "values": [sched.step_update(t) for t in range(steps)]})

    tri = F["tri_stage_lr_scheduler"]
    for spec, kwargs in [("tri_stage(0.1, 5, 10, 20, init_lr_scale=0.05, final_lr_scale=0.02)", dict(warmup_steps=5, hold_steps=10, decay_steps=20, init_lr_scale=0.05, final_lr_scale=0.02)),
                         ("tri_stage(0.002, 0, 3, 7)", dict(hold_steps=3, decay_steps=7)),
                         ("tri_stage(0.5, 4, 0, 6, init_lr_scale=0, final_lr_scale=0.5)", dict(warmup_steps=4, decay_steps=6, init_lr_scale=0, final_lr_scale=0.5))]:
        lr = float(spec.split("(")[1].split(",")[0])
        fairseq_case(spec, 45, lambda o, kwargs=kwargs, lr=lr: tri.TriStageLRSchedule(tri.TriStageLRScheduleConfig(lr=[lr], max_update=0, **kwargs), o))
    inv = F["inverse_square_root_schedule"]
    for spec, kwargs in [("inverse_sqrt(0.1, 4)", dict(warmup_updates=4)),
                         ("inverse_sqrt(0.0005, warmup_updates=10, warmup_init_lr=1e-07)", dict(warmup_updates=10, warmup_init_lr=1e-07)),
                         ("inverse_sqrt(0.001)", dict())]:
        lr = float(spec.split("(")[1].split(",")[0].rstrip(")"))
        steps = 4010 if kwargs == {} else 40
        fairseq_case(spec, steps, lambda o, kwargs=kwargs, lr=lr: inv.InverseSquareRootSchedule(inv.InverseSquareRootLRScheduleConfig(lr=[lr], **kwargs), o))

json.dump({
    "torch": torch.__version__,
    "peers": {"timm": os.environ.get("TIMM_COMMIT", ""), "deepspeed": os.environ.get("DEEPSPEED_COMMIT", ""), "transformers": os.environ.get("HF_COMMIT", ""),
              "fairseq": os.environ.get("FAIRSEQ_COMMIT", "")},
    "cases": CASES,
    "noise": NOISE,
}, sys.stdout, indent=1)
sys.stdout.write("\n")
