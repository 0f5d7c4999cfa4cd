import { spawnSync } from "node:child_process";

/**
 * Make a Debian command-line tool available to a test: if `bin` is missing
 * and we run as root, install `pkg` with apt-get (updating the lists once
 * if the first try fails).  Returns null when the tool is there, else the
 * reason to skip, so the test says why it did not run.
 */
export function ensureDebianTool(bin: string, pkgs: string[]): string | null {
  const has = () => spawnSync("sh", ["-c", `command -v ${bin}`], { encoding: "utf8" }).status === 0;
  if (has()) return null;
  if (typeof process.getuid !== "function" || process.getuid() !== 0)
    return `${bin} is missing and installing ${pkgs.join(" ")} needs root`;
  const install = () =>
    spawnSync("apt-get", ["install", "-y", "-qq", ...pkgs], {
      encoding: "utf8",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      timeout: 900_000,
    });
  if (install().status !== 0) {
    spawnSync("apt-get", ["update", "-qq"], { encoding: "utf8", timeout: 300_000 });
    const r = install();
    if (r.status !== 0) return `apt-get install ${pkgs.join(" ")} failed: ${(r.stderr || r.stdout).trim().split("\n").pop()}`;
  }
  return has() ? null : `${bin} is still missing after installing ${pkgs.join(" ")}`;
}
