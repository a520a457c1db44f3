/**
 * Peer factory calls: functions of other libraries that build one of the catalog's schedules from
 * a name or a config (transformers' `get_scheduler("cosine", ...)`, timm's `create_scheduler_v2`).
 * Each is a rewrite of the call's syntax tree into the call of the schedule it builds, which the
 * builder then reads like any other; errors point into the text the user wrote.
 */
import type { ErrorCode } from "../../core/errors.js";
import type { CallNode } from "../ast.js";
import { getScheduler, getSchedulerLabel } from "./huggingface.js";
import { createSchedulerV2 } from "./timm.js";

/** Rewrites a factory call into the schedule call it builds; `fail` reports a problem at an offset of the node's text. */
export type PeerCall = (node: CallNode, fail: (code: ErrorCode, problem: string, start: number) => never) => CallNode;

export interface PeerCallEntry {
  /** The library, as `from` names it ("Hugging Face"). */
  readonly source: string;
  readonly call: PeerCall;
  /** What was recognised, for `parsePasted`'s `from` (default: the source and the name as written). */
  readonly label?: (node: CallNode) => string;
}

const getSchedulerEntry: PeerCallEntry = { source: "Hugging Face", call: getScheduler, label: getSchedulerLabel };
const createSchedulerEntry: PeerCallEntry = { source: "timm", call: createSchedulerV2 };

/**
 * Keyed by every spelling, after module paths are resolved to qualifiers (modules.ts):
 * `transformers.optimization.get_scheduler` arrives here as `transformers.get_scheduler`.
 */
const REGISTRY: ReadonlyMap<string, PeerCallEntry> = new Map<string, PeerCallEntry>([
  ["get_scheduler", getSchedulerEntry],
  ["transformers.get_scheduler", getSchedulerEntry],
  ["create_scheduler_v2", createSchedulerEntry],
  ["timm.create_scheduler_v2", createSchedulerEntry],
]);

/** The factory a (qualified) call name names, if any. */
export function peerCall(name: string): PeerCallEntry | undefined {
  return REGISTRY.get(name);
}

/** The names of the factories, for suggestions. */
export function peerCallNames(): string[] {
  return [...REGISTRY.keys()];
}
