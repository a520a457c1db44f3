/**
 * The syntax tree of a spec. The JSON reader builds the same tree, so one builder turns both the
 * text form and the JSON form into schedules, with the same checks and messages.
 */
export type ValueNode = NumberNode | WordNode | ListNode | CallNode;

interface Located {
  /** Offset of the node's first character in the spec text (JSON nodes: see `JsonPaths`). */
  readonly start: number;
}

export interface NumberNode extends Located {
  readonly kind: "number";
  readonly value: number;
  readonly text: string;
}

/** An enumerated option (cos, triangular2, min, ...) or a boolean (true, false). */
export interface WordNode extends Located {
  readonly kind: "word";
  readonly word: string;
  /** JSON booleans arrive as booleans; text arrives as the words true/false. */
  readonly boolean?: boolean;
}

export interface ListNode extends Located {
  readonly kind: "list";
  readonly items: readonly ValueNode[];
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
}
