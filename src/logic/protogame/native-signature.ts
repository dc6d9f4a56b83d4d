/**
 * Argument checking for the ProtogameJS3D natives: one precomputed signature per native method,
 * so a call checks its arguments with no allocation and builds an error message only on failure.
 *
 * The thrown errors follow the original engine's contract (a JS `Error` whose message names the
 * method and its expected signature, so the script's own try/catch handles it) in twinframe's
 * format: `<native>.<method>: <what was wrong>; got <value>, expected <signature>. <what to do>`,
 * as a TwinframeError with code TF5500 (argument count) or TF5501 (argument type or range).
 */
import { formatValue } from '../../protocol/value-format.ts';
import { TwinframeError } from '../../shared-memory/twinframe-error.ts';
import { PROTOGAME_CODES } from '../error-codes.ts';

/** Largest id a command can carry (ids are int32 on the wire; 0 names nothing). */
const MAX_ID = 0x7fffffff;

/** One parameter: its name and the type shown in the signature (`number`, `string`, `0`, ...). */
export interface NativeParam {
  readonly name: string;
  readonly type: string;
  /** True for a trailing optional parameter (it and every later one may be omitted). */
  readonly optional?: boolean;
}

/**
 * The signature of one native method and the checks its arguments go through. Every check returns
 * the value when it is valid and throws TF5500/TF5501 otherwise; none allocates on success.
 */
export class NativeSignature {
  /** `<native>.<method>`, the prefix of every message. */
  readonly qualifiedName: string;
  /** The signature as shown in messages and docs, e.g. `moveBy(entityId: number, dx: number, ...)`. */
  readonly text: string;
  /** Fewest arguments accepted. */
  readonly minArgs: number;
  /** Most arguments accepted. */
  readonly maxArgs: number;
  private readonly params: readonly NativeParam[];
  private readonly remedy: string;

  /** Builds the signature `native.method(params)`; `remedy` ends count errors (default: how many to pass). Allocates; setup only. */
  constructor(native: string, method: string, params: readonly NativeParam[], remedy?: string) {
    this.qualifiedName = `${native}.${method}`;
    this.params = params;
    this.text = `${method}(${params.map((p) => `${p.name}${p.optional === true ? '?' : ''}: ${p.type}`).join(', ')})`;
    let min = params.length;
    while (min > 0 && params[min - 1]!.optional === true) min--;
    this.minArgs = min;
    this.maxArgs = params.length;
    const count = min === params.length ? `exactly ${min}` : `${min} to ${params.length}`;
    this.remedy = remedy ?? `Pass ${count} argument${params.length === 1 ? '' : 's'} in this order.`;
  }

  /** Throws TF5500 unless `argumentCount` is within [minArgs, maxArgs]. */
  count(argumentCount: number): void {
    if (argumentCount < this.minArgs || argumentCount > this.maxArgs) {
      throw new TwinframeError(
        PROTOGAME_CODES.NATIVE_ARGUMENT_COUNT.code,
        `${this.qualifiedName}: wrong number of arguments; got ${argumentCount}, expected ${this.text}. ${this.remedy}`,
        { native: this.qualifiedName, argumentCount, expected: this.text },
      );
    }
  }

  /** Returns argument `index` (0-based) when it is a finite number; throws TF5501 otherwise. */
  finite(index: number, value: unknown): number {
    if (typeof value === 'number' && value - value === 0) return value;
    throw this.typeError(index, value, 'is not a finite number', 'Pass a finite number (no NaN, Infinity or string).');
  }

  /**
   * Returns argument `index` when it is a number, NaN and infinities included; throws TF5501
   * otherwise. For command fields: the engine validates values where it applies the command and
   * refuses a non-finite one with TF4003 naming this native, the same code as every other API.
   */
  number(index: number, value: unknown): number {
    if (typeof value === 'number') return value;
    throw this.typeError(index, value, 'is not a number', 'Pass a number (not a string or undefined).');
  }

  /** Returns argument `index` when it is a number within [min, max]; throws TF5501 otherwise. */
  inRange(index: number, value: unknown, min: number, max: number): number {
    if (typeof value === 'number' && value >= min && value <= max) return value;
    throw this.typeError(index, value, `is not a number from ${min} to ${max}`, `Pass a number from ${min} to ${max}.`);
  }

  /**
   * Returns argument `index` when it is an integer from 0 to 2^31-1 (an entity or camera id, a
   * handle); throws TF5501 otherwise. Whether the id names something live is not checked here:
   * the engine refuses unknown ids with a coded diagnostic.
   */
  id(index: number, value: unknown): number {
    if (typeof value === 'number' && value >= 0 && value <= MAX_ID && Math.floor(value) === value) return value;
    throw this.typeError(index, value, 'is not an id', 'Pass the id a creation callback returned (an integer from 0 to 2147483647).');
  }

  /**
   * The checks of a native on one id: the argument count, then argument 0 as an id (see {@link id}).
   * Returns the id; throws TF5500/TF5501. Allocates nothing.
   */
  idCall(argumentCount: number, idValue: unknown): number {
    this.count(argumentCount);
    return this.id(0, idValue);
  }

  /**
   * The checks of a native on one id and three numbers (a position, delta or orientation): the
   * count, argument 0 as an id, arguments 1-3 as numbers (see {@link number}). Returns the id; the
   * caller then passes `a`, `b`, `c` on as numbers (not copied: a copied double would be boxed
   * again when passed on). Throws TF5500/TF5501. Allocates nothing.
   */
  idAnd3(argumentCount: number, idValue: unknown, a: unknown, b: unknown, c: unknown): number {
    const id = this.idCall(argumentCount, idValue);
    this.number(1, a);
    this.number(2, b);
    this.number(3, c);
    return id;
  }

  /**
   * The checks of a native on one integer (a key code, a button, a pad index): the argument count,
   * then argument 0 as an integer within [min, max]. Returns it; throws TF5500/TF5501.
   */
  integerCall(argumentCount: number, value: unknown, min: number, max: number): number {
    this.count(argumentCount);
    return this.integer(0, value, min, max);
  }

  /** Returns argument `index` when it is an integer within [min, max]; throws TF5501 otherwise. */
  integer(index: number, value: unknown, min: number, max: number): number {
    if (typeof value === 'number' && value >= min && value <= max && Math.floor(value) === value) return value;
    throw this.typeError(index, value, `is not an integer from ${min} to ${max}`, `Pass an integer from ${min} to ${max}.`);
  }

  /** Returns argument `index` when it is a string; throws TF5501 otherwise. */
  string(index: number, value: unknown): string {
    if (typeof value === 'string') return value;
    throw this.typeError(index, value, 'is not a string', 'Pass a string.');
  }

  /** Returns argument `index` when it is a boolean; throws TF5501 otherwise. */
  boolean(index: number, value: unknown): boolean {
    if (typeof value === 'boolean') return value;
    throw this.typeError(index, value, 'is not a boolean', 'Pass true or false.');
  }

  /** Returns the index of argument `index` in `names` when it is one of them; throws TF5501 otherwise. */
  oneOf(index: number, value: unknown, names: readonly string[]): number {
    const i = typeof value === 'string' ? names.indexOf(value) : -1;
    if (i >= 0) return i;
    const list = names.map((n) => `'${n}'`).join(', ');
    throw this.typeError(index, value, `is not one of ${list}`, `Pass one of ${list}.`);
  }

  /** Builds (does not throw) the TF5501 error for argument `index`. Allocates; error path only. */
  typeError(index: number, value: unknown, what: string, remedy: string): TwinframeError {
    const p = this.params[index];
    const label = p === undefined ? `argument ${index + 1}` : `argument ${index + 1} (${p.name})`;
    return new TwinframeError(
      PROTOGAME_CODES.NATIVE_ARGUMENT_TYPE.code,
      `${this.qualifiedName}: ${label} ${what}; got ${formatValue(value)}, expected ${this.text}. ${remedy}`,
      { native: this.qualifiedName, argumentIndex: index, expected: this.text },
    );
  }
}

/** The value formatter of refusals (one for every API: src/protocol/value-format.ts), under the name the natives use. */
export const describeValue = formatValue;

/** Shorthand for a required parameter. */
export function param(name: string, type = 'number'): NativeParam {
  return { name, type };
}

/** Shorthand for a trailing optional parameter. */
export function optionalParam(name: string, type = 'number'): NativeParam {
  return { name, type, optional: true };
}
