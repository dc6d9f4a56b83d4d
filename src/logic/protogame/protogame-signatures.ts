/**
 * Every ProtogameJS3D native method's signature, by global name and method name: the single list
 * that docs/protogame-host.md documents and the tests check (argument counts, messages).
 */
import { AUDIO_SIGNATURES } from './audio-native.ts';
import { CALLBACK_QUEUE_SIGNATURES } from './callback-queue-native.ts';
import { CAMERA_SIGNATURES } from './camera-native.ts';
import { CLOCK_SIGNATURES } from './clock-native.ts';
import { DEBUG_PRIMITIVE_LAYOUTS, DEBUG_RENDER_SIGNATURES } from './debug-render-native.ts';
import { ENTITY_SIGNATURES } from './entity-native.ts';
import { GAME_SIGNATURES } from './game-native.ts';
import { INPUT_SIGNATURES } from './input-native.ts';
import type { NativeSignature } from './native-signature.ts';

const debugAdds: Record<string, NativeSignature> = {};
for (const [method, layout] of Object.entries(DEBUG_PRIMITIVE_LAYOUTS)) debugAdds[method] = layout.sig;

/** Signatures of every installed native method: `PROTOGAME_SIGNATURES.entity.createMesh.text`. */
export const PROTOGAME_SIGNATURES: Readonly<Record<string, Readonly<Record<string, NativeSignature>>>> = {
  entity: ENTITY_SIGNATURES,
  camera: CAMERA_SIGNATURES,
  callbackQueue: CALLBACK_QUEUE_SIGNATURES,
  input: INPUT_SIGNATURES,
  clock: CLOCK_SIGNATURES,
  game: GAME_SIGNATURES,
  audio: AUDIO_SIGNATURES,
  debugRenderInterface: { ...DEBUG_RENDER_SIGNATURES, ...debugAdds },
};
