// merge: stand-in until ../configs/index.js lands (delete this file): the JSON form, read by the
// library's scheduleFromJson, loaded lazily by interop.ts as the configs reader will be.
import { scheduleFromJson } from "../language/read.js";
import type { ReadResult } from "./interop.js";

export function readJsonStandIn(text: string): ReadResult {
  const schedule = scheduleFromJson(text);
  return { schedules: [{ label: String(schedule), schedule }], from: `JSON, ${schedule.type}` };
}
