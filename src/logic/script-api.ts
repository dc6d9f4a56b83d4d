/**
 * What the script APIs over the command outbox share (EntityApi, CameraApi): the style they serve,
 * the argument checks that precede every command, the id-issuing request of a creation and the
 * request behind a command answered by a callback. Subclasses name their commands and encode them.
 */
import { apiNameOf, type ApiStyle } from '../protocol/command-table.ts';
import type { CommandOutbox } from './command-outbox.ts';
import { LOGIC_CODES } from './error-codes.ts';
import type { IdAllocator } from './id-allocator.ts';
import type { LogicServices } from './logic-services.ts';
import { RequestHandle } from './request-handle.ts';
import type { SeedCallback } from './request-handle.ts';
import { badArgument, readId } from './vector-args.ts';
import type { Num3 } from './vector-args.ts';

/** Checks an optional callback argument. */
export function readCallback(api: string, name: string, v: unknown): SeedCallback | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'function') return v as SeedCallback;
  return badArgument(api, name, v, 'a function or nothing', `Pass a function, e.g. (id) => { ... }, or leave ${name} out.`);
}

/** Checks an optional error handler argument. */
export function readErrorHandler(api: string, name: string, v: unknown): ((message: string) => void) | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'function') return v as (message: string) => void;
  return badArgument(api, name, v, 'a function or nothing', `Pass a function, e.g. (message) => console.warn(message), or leave ${name} out.`);
}

/** A reader of a three-number argument (readVec3, readOrientation). */
type Read3 = (api: string, name: string, v: unknown, out: Num3) => Num3;

/** Base of the script APIs that turn calls into commands. Logic thread only. */
export abstract class ScriptApi {
  protected readonly s: LogicServices;
  protected readonly style: ApiStyle;
  /** The API name of `<Api>.get` (for its argument checks). */
  protected readonly nGet: string;

  /**
   * `style` is the API style this object serves (API_STYLES.SEED for the globals, TYPED for
   * `ctx.*`): its messages use that style's names from the command table, and its commands carry
   * the style so the engine's refusals name the same API. `createOpcode` names the API object.
   */
  protected constructor(services: LogicServices, style: ApiStyle, createOpcode: number) {
    this.s = services;
    this.style = style;
    const nCreate = apiNameOf(createOpcode, style);
    this.nGet = `${nCreate.slice(0, nCreate.lastIndexOf('.'))}.get`;
  }

  /**
   * This style's API names of `opcodes` (e.g. `{ moveBy: MOVE_BY }` gives `{ moveBy: 'EntityAPI.moveBy' }`),
   * built once at construction so the hot path never builds a string. Allocates; setup only.
   */
  protected namesOf<const T extends Record<string, number>>(opcodes: T): { readonly [K in keyof T]: string } {
    const out: Record<string, string> = {};
    for (const key of Object.keys(opcodes)) out[key] = apiNameOf(opcodes[key]!, this.style);
    return out as { readonly [K in keyof T]: string };
  }

  /**
   * The outbox, set to this API's style for the next command. Fire-and-forget methods call the
   * encoder themselves after {@link idWith3} (one call level less keeps the encoder inlined into
   * them, so their numbers are not boxed: logic-heap.test.ts).
   */
  protected outbox(): CommandOutbox {
    const o = this.s.outbox;
    o.apiStyle = this.style;
    return o;
  }

  /**
   * The checks before a command on one id with one three-number argument: reads the id and
   * `value` (with `read`, into `out`), sets the outbox to this style, and returns the id.
   * Throws TF5010 for a bad shape. Allocates nothing.
   */
  protected idWith3(api: string, id: unknown, name: string, value: unknown, read: Read3, out: Num3): number {
    const e = readId(api, 'id', id);
    read(api, name, value, out);
    this.s.outbox.apiStyle = this.style;
    return e;
  }

  /**
   * A fire-and-forget command on one id with one three-number argument (position, orientation,
   * delta, target): the checks of {@link idWith3}, then command `op` in this API's style. Allocates
   * nothing.
   */
  protected send3(op: number, api: string, id: unknown, name: string, value: unknown, read: Read3, out: Num3): void {
    const e = this.idWith3(api, id, name, value, read, out);
    this.s.outbox.idVec3(op, e, out.a, out.b, out.c);
  }

  /**
   * Issues an id from `ids` and its request at once. With no free id the request (id 0) is already
   * settled as a TF5011 refusal naming `noun`; otherwise register it and send the creation.
   * Allocates the request (once per creation).
   */
  protected newRequest(api: string, ids: IdAllocator, noun: string, callback: SeedCallback | undefined, onError: ((message: string) => void) | undefined): RequestHandle {
    const s = this.s;
    const id = ids.allocate();
    const request = new RequestHandle(api, id, s.owner, ids, callback, onError);
    if (id === 0) {
      s.pending.failLocally(request, LOGIC_CODES.ID_CAPACITY_EXHAUSTED.code, `${api}: no free ${noun} id; got ${ids.liveCount} live ${noun}s, expected fewer than the capacity ${ids.slotCapacity}. Destroy ${noun}s you no longer need or start the app with a larger ${noun} capacity.`);
    }
    return request;
  }

  /**
   * The callback id of a seed-style command answered by the engine (0 when the game passed neither
   * `callback` nor `onError`, so nothing waits). Checks both arguments (TF5010). Allocates the request.
   */
  protected callbackIdFor(api: string, id: number, callback: unknown, onError: unknown): number {
    const cb = readCallback(api, 'callback', callback);
    const err = readErrorHandler(api, 'onError', onError);
    if (cb === undefined && err === undefined) return 0;
    return this.s.pending.register(new RequestHandle(api, id, this.s.owner, undefined, cb, err));
  }
}
