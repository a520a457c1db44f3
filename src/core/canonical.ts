/**
 * The canonical text and the JSON form of a schedule. Both name every parameter, defaults
 * included, so that reading them back gives a schedule with the same values; a default that only
 * matters beside a parameter that is not given (ParamSpec.printedWith) is left out.
 */
import { formatExpression, parseExpression } from "./expression.js";
import { formatWord, isSchedule, type ParamSpec, type ParamValue, type ParamValues } from "./params.js";
import type { JsonParam, Schedule, ScheduleJson } from "./schedule.js";

/** Shortest text that reads back as the same double (JavaScript's own number printing). */
export function formatNumber(x: number): string {
  return Object.is(x, -0) ? "0" : String(x);
}

/** An expression as canonical text prints it (single spaces, needed parentheses only, `epoch`). */
function normalExpression(text: string): string {
  return formatExpression(parseExpression(text));
}

/** A parameter at its default that only matters beside another one, which is not given. */
function unprinted(schedule: Schedule<object>, spec: ParamSpec): boolean {
  const params = schedule.params as ParamValues;
  return spec.printedWith !== undefined && params[spec.printedWith] === undefined && params[spec.name] === spec.default;
}

/** `StepLR(lr=0.1, step_size=3, gamma=0.5)`: every parameter named, nested schedules inline. */
export function formatSchedule(schedule: Schedule<object>): string {
  const args: string[] = [];
  for (const spec of schedule.definition.params) {
    const value = (schedule.params as ParamValues)[spec.name];
    if (unprinted(schedule, spec)) continue;
    if (value !== undefined) args.push(`${spec.name}=${spec.kind === "expression" ? `"${normalExpression(value as string)}"` : formatValue(value)}`);
  }
  return `${schedule.definition.printAs ?? schedule.type}(${args.join(", ")})`;
}

function formatValue(value: ParamValue): string {
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return formatWord(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (isSchedule(value)) return formatSchedule(value);
  return `[${(value as readonly (number | Schedule)[]).map((v) => (typeof v === "number" ? formatNumber(v) : formatSchedule(v))).join(", ")}]`;
}

/** `{"type": "StepLR", "lr": 0.1, "step_size": 3, "gamma": 0.5}`, nested schedules as objects. */
export function scheduleToJson(schedule: Schedule<object>): ScheduleJson {
  const out: Record<string, JsonParam> = { type: schedule.definition.printAs ?? schedule.type };
  for (const spec of schedule.definition.params) {
    const value = (schedule.params as ParamValues)[spec.name];
    if (value === undefined || unprinted(schedule, spec)) continue;
    if (spec.kind === "expression") out[spec.name] = normalExpression(value as string);
    else if (isSchedule(value)) out[spec.name] = scheduleToJson(value);
    else if (Array.isArray(value)) {
      out[spec.name] = (value as readonly (number | Schedule)[]).every((v) => typeof v === "number")
        ? [...(value as readonly number[])]
        : (value as readonly Schedule[]).map(scheduleToJson);
    } else out[spec.name] = value as number | string | boolean;
  }
  return out as ScheduleJson;
}
