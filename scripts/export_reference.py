#!/usr/bin/python3
"""Runs nerva-lr's PyTorch exports in torch itself (docs/export.md), for test/export-pytorch.test.ts.

Reads a JSON list of cases on stdin, each {"id", "code", "steps", "metrics"?}. For each, builds a
real optimizer (SGD with momentum 0.9 over one dummy parameter, lr 1.0: the export sets the lr it
needs), runs the exported code with `optimizer` defined, and records the optimizer's lr (and
momentum) after k calls of scheduler.step() for k = 0 .. steps - 1; with metrics,
scheduler.step(metrics[k]) after row k. Prints a JSON list of {"id", "lr", "momentum"} or
{"id", "error"}. Run with Debian's python3-torch: /usr/bin/python3 scripts/export_reference.py
"""
import json
import sys
import traceback
import warnings

import torch

warnings.filterwarnings("ignore")


def run(case):
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0, momentum=0.9)
    scope = {"optimizer": optimizer}
    exec(case["code"], scope)
    scheduler = scope["scheduler"]
    metrics = case.get("metrics")
    lrs, momenta = [], []
    for k in range(case["steps"]):
        group = optimizer.param_groups[0]
        lrs.append(group["lr"])
        momenta.append(group["momentum"])
        if metrics is not None:
            scheduler.step(metrics[k])
        else:
            scheduler.step()
    return {"id": case["id"], "lr": lrs, "momentum": momenta}


def main():
    results = []
    for case in json.load(sys.stdin):
        try:
            results.append(run(case))
        except Exception as error:  # reported per case, so one bad export names itself
            results.append({"id": case["id"], "error": "".join(traceback.format_exception_only(type(error), error)).strip()})
    json.dump({"torch": torch.__version__, "results": results}, sys.stdout)


main()
