/**
 * The `callbackQueue` native of the ProtogameJS3D host. The scripts' JSEngine pulls callbacks itself
 * at the start of its update: `dequeueAll()` returns an array (possibly empty) of plain objects
 * `{callbackId, resultId, errorMessage, type}` with `type` one of 'ENTITY_CREATED',
 * 'CAMERA_CREATED', 'RESOURCE_LOADED', 'GENERIC'. The host never pushes callbacks into JS.
 */
import type { CallbackRegistry, ProtogameCallback } from './callback-registry.ts';
import { NativeSignature } from './native-signature.ts';

/** The `callbackQueue` object scripts see on globalThis. */
export interface CallbackQueueNative {
  dequeueAll(): ProtogameCallback[];
}

/** Signatures of the `callbackQueue` methods (also listed in docs/protogame-host.md). */
export const CALLBACK_QUEUE_SIGNATURES = {
  dequeueAll: new NativeSignature('callbackQueue', 'dequeueAll', []),
} as const;

/** Builds the `callbackQueue` native over `registry`. Allocates; install time only. */
export function createCallbackQueueNative(registry: CallbackRegistry): CallbackQueueNative {
  return {
    dequeueAll() {
      CALLBACK_QUEUE_SIGNATURES.dequeueAll.count(arguments.length);
      return registry.dequeueAll();
    },
  };
}
