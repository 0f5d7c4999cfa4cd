/**
 * Whether a process with this id runs on this machine.  Signal 0 checks
 * without sending anything: ESRCH means no such process, EPERM means one
 * exists that belongs to another user.
 */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
