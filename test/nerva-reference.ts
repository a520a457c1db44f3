// A reference model of nerva's five schedulers, written from nerva's documented behaviour (the seed,
// nerva_numpy.learning_rate's API page), independently of src/: MultiStepLR multiplies in a loop as nerva does, and power
// follows Python's math.pow (1 to any power is 1).
export type NervaSpec =
  | { kind: "Constant"; lr: number }
  | { kind: "TimeBased"; lr: number; decay: number }
  | { kind: "StepBased"; lr: number; drop_rate: number; change_rate: number }
  | { kind: "MultiStepLR"; lr: number; milestones: number[]; gamma: number }
  | { kind: "Exponential"; lr: number; change_rate: number };

/** nerva's text form: positional, with ';' groups for MultiStepLR as nerva's own parser takes it. */
export function nervaText(spec: NervaSpec): string {
  switch (spec.kind) {
    case "Constant":
      return `Constant(${spec.lr})`;
    case "TimeBased":
      return `TimeBased(${spec.lr},${spec.decay})`;
    case "StepBased":
      return `StepBased(${spec.lr},${spec.drop_rate},${spec.change_rate})`;
    case "MultiStepLR":
      return `MultiStepLR(${spec.lr};${spec.milestones.join(",")};${spec.gamma})`;
    case "Exponential":
      return `Exponential(${spec.lr},${spec.change_rate})`;
  }
}

/** nerva's scheduler(epoch), called for each epoch in order on one scheduler object. */
export function nervaValues(spec: NervaSpec, epochs: readonly number[]): number[] {
  let lr = spec.lr;
  return epochs.map((epoch) => {
    switch (spec.kind) {
      case "Constant":
        return spec.lr;
      case "TimeBased":
        lr = lr / (1 + spec.decay * epoch);
        return lr;
      case "StepBased": {
        const exponent = Math.floor((1 + epoch) / spec.change_rate);
        return spec.lr * (spec.drop_rate === 1 ? 1 : Math.pow(spec.drop_rate, exponent));
      }
      case "MultiStepLR": {
        let eta = spec.lr;
        for (const milestone of spec.milestones) {
          if (epoch >= milestone) eta *= spec.gamma;
          else break;
        }
        return eta;
      }
      case "Exponential":
        return spec.lr * Math.exp(-spec.change_rate * epoch);
    }
  });
}
