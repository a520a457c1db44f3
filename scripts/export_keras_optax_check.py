"""Runs code that `nerva-lr export --to keras|optax` prints, with STAND-IN modules (neither Keras nor
optax/JAX is installed here).

THE MODULES BELOW ARE STAND-INS, NOT KERAS, JAX OR OPTAX. `keras.ops` and `jax.numpy` are a few
functions backed by numpy (float64); keras.optimizers.schedules' classes and optax's constructors
are written here from the formulas in Keras' and optax's sources (docs/export-keras-optax-tfjs.md
lists them). The generated code runs verbatim; what this checks is that code, not Keras or optax.

Input (stdin): a JSON list of {"target": "keras"|"optax", "code": str, "steps": int}.
Output (stdout): a JSON list of the values schedule(0), ..., schedule(steps - 1) for each.
"""
import json
import math
import sys
import types

import numpy as np


def module(name, **members):
    m = types.ModuleType(name)
    m.__dict__.update(members)
    sys.modules[name] = m
    return m


# --- keras.ops and jax.numpy stand-ins: numpy, float64 -------------------------------------------
def cast(x, dtype):
    return np.asarray(x, dtype=np.float64 if dtype in ("float64", np.float64) else dtype)


def asarray(x, dtype=None):
    return np.asarray(x, dtype=dtype)


NUMPY_OPS = dict(
    where=np.where, minimum=np.minimum, maximum=np.maximum, floor_divide=np.floor_divide, mod=np.mod,
    abs=np.abs, floor=np.floor, ceil=np.ceil, exp=np.exp, log=np.log, sqrt=np.sqrt, sin=np.sin,
    cos=np.cos, tanh=np.tanh, log2=np.log2, log10=np.log10, power=np.power, sign=np.sign,
    trunc=np.trunc, less=np.less, less_equal=np.less_equal, greater=np.greater,
    greater_equal=np.greater_equal, equal=np.equal, not_equal=np.not_equal,
    logical_and=np.logical_and, logical_or=np.logical_or, logical_not=np.logical_not,
    full_like=lambda x, v: np.full_like(np.asarray(x, dtype=np.float64), v), float64=np.float64,
)

ops = module("keras.ops", cast=cast, **NUMPY_OPS)


# --- keras.optimizers.schedules stand-ins: Keras 3's formulas -------------------------------------
class LearningRateSchedule:
    def __call__(self, step):
        raise NotImplementedError


class ExponentialDecay(LearningRateSchedule):
    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name="ExponentialDecay"):
        self.a = (initial_learning_rate, decay_steps, decay_rate, staircase)

    def __call__(self, step):
        lr, steps, rate, stairs = self.a
        p = float(step) / steps
        return lr * rate ** (math.floor(p) if stairs else p)


class InverseTimeDecay(LearningRateSchedule):
    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name="InverseTimeDecay"):
        self.a = (initial_learning_rate, decay_steps, decay_rate, staircase)

    def __call__(self, step):
        lr, steps, rate, stairs = self.a
        p = float(step) / steps
        return lr / (1 + rate * (math.floor(p) if stairs else p))


class PolynomialDecay(LearningRateSchedule):
    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False, name="PolynomialDecay"):
        self.a = (initial_learning_rate, decay_steps, end_learning_rate, power, cycle)

    def __call__(self, step):
        lr, steps, end, power, cycle = self.a
        step = float(step)
        if cycle:
            steps = steps * (1.0 if step == 0 else math.ceil(step / steps))
        else:
            step = min(step, steps)
        return (lr - end) * (1 - step / steps) ** power + end


class PiecewiseConstantDecay(LearningRateSchedule):
    def __init__(self, boundaries, values, name="PiecewiseConstantDecay"):
        assert len(values) == len(boundaries) + 1
        self.boundaries, self.values = boundaries, values

    def __call__(self, step):
        for boundary, value in zip(self.boundaries, self.values):
            if step <= boundary:
                return value
        return self.values[-1]


class CosineDecay(LearningRateSchedule):
    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay", warmup_target=None, warmup_steps=0):
        self.a = (initial_learning_rate, decay_steps, alpha, warmup_target, warmup_steps)

    def decay(self, step, steps, start):
        alpha = self.a[2]
        return start * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * step / steps)) + alpha)

    def __call__(self, step):
        lr, steps, alpha, target, warmup = self.a
        step = float(step)
        if target is None:
            return self.decay(min(step, steps), steps, lr)
        step = min(step, steps + warmup)
        if step < warmup:
            return (target - lr) * (step / warmup) + lr
        return self.decay(step - warmup, steps, target)


class CosineDecayRestarts(LearningRateSchedule):
    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0, name="SGDRDecay"):
        self.a = (initial_learning_rate, first_decay_steps, t_mul, m_mul, alpha)

    def __call__(self, step):
        lr, first, t_mul, m_mul, alpha = self.a
        fraction = float(step) / first
        if t_mul == 1.0:
            restart = math.floor(fraction)
            fraction -= restart
        else:
            restart = math.floor(math.log(1.0 - fraction * (1.0 - t_mul)) / math.log(t_mul))
            done = (1.0 - t_mul ** restart) / (1.0 - t_mul)
            fraction = (fraction - done) / t_mul ** restart
        cosine = 0.5 * m_mul ** restart * (1.0 + math.cos(math.pi * fraction))
        return lr * ((1 - alpha) * cosine + alpha)


schedules = module(
    "keras.optimizers.schedules", LearningRateSchedule=LearningRateSchedule, ExponentialDecay=ExponentialDecay,
    InverseTimeDecay=InverseTimeDecay, PolynomialDecay=PolynomialDecay, PiecewiseConstantDecay=PiecewiseConstantDecay,
    CosineDecay=CosineDecay, CosineDecayRestarts=CosineDecayRestarts,
)
optimizers = module("keras.optimizers", schedules=schedules)
module("keras", ops=ops, optimizers=optimizers)

jnp = module("jax.numpy", asarray=asarray, **NUMPY_OPS)
module("jax", numpy=jnp)


# --- optax stand-ins: optax's formulas (optax/schedules/_schedule.py, _join.py) -------------------
def constant_schedule(value):
    return lambda count: value


def polynomial_schedule(init_value, end_value, power, transition_steps, transition_begin=0):
    def schedule(count):
        count = min(max(count - transition_begin, 0), transition_steps)
        return (init_value - end_value) * (1 - count / transition_steps) ** power + end_value
    return schedule


def linear_schedule(init_value, end_value, transition_steps, transition_begin=0):
    return polynomial_schedule(init_value, end_value, 1, transition_steps, transition_begin)


def exponential_decay(init_value, transition_steps, decay_rate, transition_begin=0, staircase=False, end_value=None):
    def schedule(count):
        since = count - transition_begin
        p = since / transition_steps
        if staircase:
            p = math.floor(p)
        value = init_value if since <= 0 else init_value * decay_rate ** p
        if end_value is not None:
            value = max(value, end_value) if decay_rate < 1 else min(value, end_value)
        return value
    return schedule


def cosine_decay_schedule(init_value, decay_steps, alpha=0.0, exponent=1.0):
    def schedule(count):
        count = min(count, decay_steps)
        cosine = 0.5 * (1 + math.cos(math.pi * count / decay_steps))
        return init_value * ((1 - alpha) * cosine ** exponent + alpha)
    return schedule


def join_schedules(schedules, boundaries):
    def schedule(step):
        output = schedules[0](step)
        for boundary, piece in zip(boundaries, schedules[1:]):
            output = output if step < boundary else piece(step - boundary)
        return output
    return schedule


def warmup_cosine_decay_schedule(init_value, peak_value, warmup_steps, decay_steps, end_value=0.0, exponent=1.0):
    alpha = 0.0 if peak_value == 0 else end_value / peak_value
    warmup = linear_schedule(init_value, peak_value, warmup_steps) if warmup_steps > 0 else constant_schedule(init_value)
    return join_schedules([warmup, cosine_decay_schedule(peak_value, decay_steps - warmup_steps, alpha, exponent)], [warmup_steps])


def warmup_constant_schedule(init_value, peak_value, warmup_steps):
    return linear_schedule(init_value, peak_value, warmup_steps)


def warmup_exponential_decay_schedule(init_value, peak_value, warmup_steps, transition_steps, decay_rate, transition_begin=0, staircase=False, end_value=None):
    warmup = linear_schedule(init_value, peak_value, warmup_steps) if warmup_steps > 0 else constant_schedule(init_value)
    decay = exponential_decay(peak_value, transition_steps, decay_rate, transition_begin, staircase, end_value)
    return join_schedules([warmup, decay], [warmup_steps])


def piecewise_constant_schedule(init_value, boundaries_and_scales=None):
    def schedule(count):
        value = init_value
        for boundary, scale in sorted((boundaries_and_scales or {}).items()):
            if count >= boundary:
                value *= scale
        return value
    return schedule


def piecewise_interpolate_schedule(interpolate_type, init_value, boundaries_and_scales=None):
    items = sorted((boundaries_and_scales or {}).items())
    bounds = [0] + [b for b, _ in items]
    values = [init_value]
    for _, scale in items:
        values.append(values[-1] * scale)

    def between(start, end, pct):
        if interpolate_type == "linear":
            return (end - start) * pct + start
        return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)

    def schedule(count):
        for i in range(len(bounds) - 1):
            if bounds[i] <= count < bounds[i + 1]:
                return between(values[i], values[i + 1], (count - bounds[i]) / (bounds[i + 1] - bounds[i]))
        return values[-1]
    return schedule


def cosine_onecycle_schedule(transition_steps, peak_value, pct_start=0.3, div_factor=25.0, final_div_factor=1e4):
    table = {int(pct_start * transition_steps): div_factor, int(transition_steps): 1.0 / (div_factor * final_div_factor)}
    return piecewise_interpolate_schedule("cosine", peak_value / div_factor, table)


def linear_onecycle_schedule(transition_steps, peak_value, pct_start=0.3, pct_final=0.85, div_factor=25.0, final_div_factor=1e4):
    table = {int(pct_start * transition_steps): div_factor, int(pct_final * transition_steps): 1.0 / div_factor, transition_steps: 1.0 / final_div_factor}
    return piecewise_interpolate_schedule("linear", peak_value / div_factor, table)


def sgdr_schedule(cosine_kwargs):
    pieces, boundaries, step = [], [], 0
    for kwargs in cosine_kwargs:
        pieces.append(warmup_cosine_decay_schedule(**kwargs))
        step += kwargs["decay_steps"]
        boundaries.append(step)
    return join_schedules(pieces, boundaries[:-1])


module("optax", **{name: value for name, value in list(globals().items()) if name.endswith("_schedule") or name in ("exponential_decay", "join_schedules", "sgdr_schedule")})


def main():
    results = []
    for job in json.load(sys.stdin):
        namespace = {}
        exec(compile(job["code"], "<export>", "exec"), namespace)
        schedule = namespace["schedule"]
        # Keras passes the optimizer's iteration counter (an integer); optax the update count.
        values = [float(np.asarray(schedule(np.int64(k)))) for k in range(job["steps"])]
        results.append(values)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
