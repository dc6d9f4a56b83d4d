/**
 * How command systems refuse a command: one call that counts it, reports a coded engine diagnostic
 * (phase `apply`, the logic tick being applied) and, when the command carried a callback, settles
 * that callback with the error (so every callback settles). Error path: messages allocate.
 */
export interface CommandRejections {
  /**
   * Refuses a command. `message` names the API, what was wrong, the value and what to do; the
   * callback (when `callbackId` > 0) receives `${code} ${message}` with result id 0.
   */
  reject(code: string, message: string, callbackId: number, callbackType: number): void;
}

/** Formats a number for a message, showing NaN and infinities as such. */
export function fmt(v: number): string {
  return Number.isNaN(v) ? 'NaN' : String(v);
}
