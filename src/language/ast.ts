/**
 * The syntax tree of a spec. The JSON reader builds the same tree, so one builder turns both the
 * text form and the JSON form into schedules, with the same checks and messages.
 */
export type ValueNode = NumberNode | WordNode | ListNode | CallNode | DictNode;

interface Located {
  /** Offset of the node's first character in the spec text (JSON nodes: see `JsonPaths`). */
  readonly start: number;
}

export interface NumberNode extends Located {
  readonly kind: "number";
  readonly value: number;
  /** In spec text, the offset just past the number: `text.slice(start, end)` is how it was written. */
  readonly end: number;
}

/**
 * An enumerated option (cos, triangular2, min, ...), a boolean (true, false, Python's True, False),
 * Python's None (the argument is left out), or a quoted string ('cos', "cos") pasted from Python.
 */
export interface WordNode extends Located {
  readonly kind: "word";
  readonly word: string;
  /** JSON booleans arrive as booleans; text arrives as the words true/false/True/False. */
  readonly boolean?: boolean;
  /** Written in quotes: a string, never a boolean, None or the optimizer placeholder. */
  readonly quoted?: boolean;
  /** JSON null: the argument is left out, as Python's None. */
  readonly none?: boolean;
  /**
   * A Python lambda pasted without quotes (`lambda epoch: 0.95 ** epoch`): `word` is its text as
   * written, from `lambda` to the ',' or ')' that ends it. Only an expression parameter takes it.
   */
  readonly lambda?: boolean;
}

export interface ListNode extends Located {
  readonly kind: "list";
  readonly items: readonly ValueNode[];
}

/** A Python dict, `{100: 0.5, "min_lr": 1e-6}` or `dict(min_lr=1e-6)`: keys are numbers or strings. */
export interface DictNode extends Located {
  readonly kind: "dict";
  readonly entries: readonly DictEntry[];
}

export interface DictEntry {
  readonly key: NumberNode | WordNode;
  readonly value: ValueNode;
}

export interface ArgNode {
  /** Present for named arguments. */
  readonly name?: string;
  readonly nameStart?: number;
  readonly value: ValueNode;
}

export interface CallNode extends Located {
  readonly kind: "call";
  readonly name: string;
  readonly args: readonly ArgNode[];
  /** Offset of the closing parenthesis, where a missing parameter is reported. */
  readonly close: number;
  /**
   * Set where the call was written with a module path of its library (`torch.optim.lr_scheduler.StepLR`,
   * `keras.optimizers.schedules.CosineDecay`), as pasted from code: `name` is then the qualified
   * name (`torch.StepLR`) and `written` the name as written.
   */
  readonly written?: string;
}
