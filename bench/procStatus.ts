import * as fs from "node:fs";

/**
 * An RSS figure of this process from /proc/self/status, in bytes (NaN
 * where the system has none): VmHWM, the peak since the process started
 * (a fresh child per measurement starts afresh at exec), or VmRSS, now.
 */
export function procStatus(key: "VmHWM" | "VmRSS"): number {
  try {
    const kb = new RegExp(`^${key}:\\s+(\\d+) kB$`, "m").exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1];
    return kb ? Number(kb) * 1024 : NaN;
  } catch {
    return NaN;
  }
}
