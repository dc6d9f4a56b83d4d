/**
 * The one value formatter of error messages (`...; got <value>, expected ...`): every refusal in
 * every layer above protocol renders the offending value with formatValue, so the same value reads
 * the same whether the game called a typed API, a seed-style global or a protogame native.
 */

/** Longest rendering of a string or an object, in characters (longer ones end with `...`). */
const MAX_VALUE_CHARS = 200;

/**
 * A short printable form of any value: strings quoted (JSON), numbers as JavaScript prints them
 * (NaN, Infinity), bigints with `n`, functions by name, objects and arrays as (cut) JSON, anything
 * unserialisable by its tag. Never throws. Allocates; error path only.
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}...` : value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  try {
    const s = JSON.stringify(value);
    return s === undefined ? Object.prototype.toString.call(value) : s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS)}...` : s;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
