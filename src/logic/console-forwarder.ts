/**
 * `console.*` on the logic thread goes to the engine's logger through the diagnostics queue
 * (code TF5030), marked with the logic phase, tick and system that wrote it; no postMessage after
 * the handshake. The original console methods are kept and restored by `restore()`.
 */
import type { Severity } from '../shared-memory/twinframe-error.ts';
import { LOGIC_CODES } from './error-codes.ts';
import type { ScriptGuard } from './script-guard.ts';

const METHODS = ['log', 'info', 'debug', 'warn', 'error', 'trace'] as const;
type Method = (typeof METHODS)[number];
const SEVERITY: Record<Method, Severity> = { log: 'info', info: 'info', debug: 'debug', warn: 'warning', error: 'error', trace: 'debug' };

/** Formats console arguments the way a console would (printf-style %s/%d/%i/%f/%o/%O/%j, then spaces). Allocates. */
export function formatConsoleArgs(args: readonly unknown[]): string {
  const parts: string[] = [];
  let i = 0;
  if (typeof args[0] === 'string' && args[0].includes('%')) {
    i = 1;
    parts.push(args[0].replace(/%[sdifoOjc%]/g, (m) => {
      if (m === '%%') return '%';
      if (i >= args.length) return m;
      const v = args[i++];
      if (m === '%c') return '';
      if (m === '%d' || m === '%i') return String(Math.trunc(Number(v)));
      if (m === '%f') return String(Number(v));
      if (m === '%s') return typeof v === 'string' ? v : show(v);
      return show(v);
    }));
  }
  for (; i < args.length; i++) parts.push(typeof args[i] === 'string' ? (args[i] as string) : show(args[i]));
  return parts.join(' ');
}

function show(v: unknown): string {
  if (v instanceof Error) return v.stack ?? `${v.name}: ${v.message}`;
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'function') return `[Function ${v.name || '(anonymous)'}]`;
  if (typeof v === 'bigint') return `${v}n`;
  if (v === null || typeof v !== 'object') return String(v);
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)) ?? String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/** Replaces console methods of `target` (default: the global console) with forwarders. */
export class ConsoleForwarder {
  private readonly target: Console;
  private readonly saved = new Map<Method, Console[Method]>();
  /** Lines forwarded. */
  lines = 0;

  constructor(guard: ScriptGuard, target: Console = console) {
    this.target = target;
    for (const m of METHODS) {
      this.saved.set(m, target[m]);
      const severity = SEVERITY[m];
      const forward = (...args: unknown[]): void => {
        this.lines++;
        const stack = m === 'trace' ? (new Error('trace').stack ?? '') : '';
        guard.report(LOGIC_CODES.CONSOLE_OUTPUT.code, severity, formatConsoleArgs(args), stack);
      };
      (target as unknown as Record<string, unknown>)[m] = forward;
    }
  }

  /** Puts the original methods back. */
  restore(): void {
    for (const [m, fn] of this.saved) (this.target as unknown as Record<string, unknown>)[m] = fn;
    this.saved.clear();
  }
}
