/**
 * How command systems refuse a command: one call that reports a coded engine diagnostic (phase
 * `apply`, the logic tick being applied) naming the API the game called and, when the command
 * carried a callback, settles that callback with the error (so every callback settles). The
 * reader counts the refusal (the system's method returns false). Error path: messages allocate.
 */
export interface CommandRejections {
  /**
   * Refuses the command being applied. `what` says what was wrong, the value and what to do; the
   * message is `<api>: <what>`, where `<api>` is the name the game called (from the command table
   * and the record's API style, e.g. `ctx.entities.moveBy`). The callback (when `callbackId` > 0)
   * receives the code and the message (as fields of its record) with result id 0.
   */
  reject(code: string, what: string, callbackId: number, callbackType: number): void;
}
