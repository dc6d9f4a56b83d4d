/**
 * The `game` native of the ProtogameJS3D host. Only `appRequestQuit` exists: it asks the engine to
 * stop cleanly (the control block's QUIT_REQUESTED). The original's development-tool methods (file
 * editing, key injection, file watching) are absent; the scripts guard them.
 */
import { NativeSignature } from './native-signature.ts';

/** The `game` object scripts see on globalThis. */
export interface GameNative {
  appRequestQuit(): void;
}

/** Signatures of the `game` methods (also listed in docs/protogame-host.md). */
export const GAME_SIGNATURES = {
  appRequestQuit: new NativeSignature('game', 'appRequestQuit', []),
} as const;

/** Builds the `game` native; `requestQuit` raises the quit request. Allocates; install time only. */
export function createGameNative(requestQuit: () => void): GameNative {
  return {
    appRequestQuit() {
      GAME_SIGNATURES.appRequestQuit.count(arguments.length);
      requestQuit();
    },
  };
}
