/**
 * A CPU pulse for the reload bench's floor rows: another process that spins for `busyMs` at the
 * start of every second and sleeps the rest, sharing nothing with the engine (no worker, no file,
 * no shared memory). A hot reload costs the machine about that much CPU a second (the bundler and
 * the standby worker's start-up); the engine frames measured while the pulse runs show what that
 * much concurrent CPU work does to them on this machine when the engine itself does nothing more.
 * On a 2-core VM a frame's own work (wall time minus its run-queue wait) rises with another busy
 * core (shared caches, memory bandwidth, the host's scheduling of the other vCPU), so the reload
 * ratios cannot be below this floor.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU time used by the whole machine so far (ms; user, nice, system, irq, softirq), or NaN without /proc/stat. */
export function machineBusyMs(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    // USER_HZ is 100 on Linux: a tick is 10 ms.
    return (fields[0]! + fields[1]! + fields[2]! + fields[5]! + fields[6]!) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Starts the pulse: `busyMs` of spinning at the start of every second until `stop`. */
export function startCpuPulse(busyMs: number): { stop(): void } {
  const script = `const busy = ${Math.max(0, Math.round(busyMs))};
const t0 = performance.now();
(function tick() {
  const start = performance.now();
  while (performance.now() - start < busy) {}
  const next = 1000 - ((performance.now() - t0) % 1000);
  setTimeout(tick, next);
})();`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  return {
    stop() {
      child.kill('SIGKILL');
    },
  };
}
