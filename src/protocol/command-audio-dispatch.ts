/**
 * CommandReader.drain's audio commands (rare, so decoded out of its loop): one case per audio
 * command of the command table (command-table.ts), decoded from the record's payload words and
 * handed to the AudioCommandTarget with plain numbers. Allocates nothing.
 */
import { COMMAND_OPCODES } from './command-opcodes.ts';
import type { AudioCommandTarget } from './command-targets.ts';

// Module-local copies (why: command-reader.ts).
const {
  LOAD_SOUND, START_SOUND, STOP_SOUND, SET_SOUND_VOLUME, SET_SOUND_BALANCE, SET_SOUND_SPEED, SET_SOUND_POSITION, UPDATE_LISTENER,
} = COMMAND_OPCODES;

/**
 * Decodes audio command `op` at word `q` (a record drain has validated) and applies it: 1 when
 * applied, 0 when refused, -1 when `op` is no audio command.
 */
export function applyAudioCommand(audio: AudioCommandTarget, op: number, u32: Uint32Array, f: Float32Array, q: number): number {
  const id = u32[q]!;
  let ok: boolean;
  switch (op) {
    case LOAD_SOUND: {
      const spatial = u32[q + 1]!, length = u32[q + 2]!, offset = u32[q + 3]!;
      const b0 = u32[q + 4]!, b1 = u32[q + 5]!, b2 = u32[q + 6]!, b3 = u32[q + 7]!;
      const b4 = u32[q + 8]!, b5 = u32[q + 9]!, b6 = u32[q + 10]!, b7 = u32[q + 11]!;
      ok = audio.loadSound(id, spatial, length, offset, b0, b1, b2, b3, b4, b5, b6, b7);
      break;
    }
    case START_SOUND: {
      const sound = u32[q + 1]!, looped = u32[q + 2]!;
      const volume = f[q + 3]!, balance = f[q + 4]!, speed = f[q + 5]!;
      const paused = u32[q + 6]!, positioned = u32[q + 7]!;
      const x = f[q + 8]!, y = f[q + 9]!, z = f[q + 10]!;
      ok = audio.startSound(id, sound, looped, volume, balance, speed, paused, positioned, x, y, z);
      break;
    }
    case STOP_SOUND:
      ok = audio.stopSound(id);
      break;
    case SET_SOUND_VOLUME:
      ok = audio.setSoundVolume(id, f[q + 1]!);
      break;
    case SET_SOUND_BALANCE:
      ok = audio.setSoundBalance(id, f[q + 1]!);
      break;
    case SET_SOUND_SPEED:
      ok = audio.setSoundSpeed(id, f[q + 1]!);
      break;
    case SET_SOUND_POSITION:
      ok = audio.setSoundPosition(id, f[q + 1]!, f[q + 2]!, f[q + 3]!);
      break;
    case UPDATE_LISTENER: {
      const count = u32[q + 1]!, x = f[q + 2]!, y = f[q + 3]!, z = f[q + 4]!;
      const fx = f[q + 5]!, fy = f[q + 6]!, fz = f[q + 7]!, ux = f[q + 8]!, uy = f[q + 9]!, uz = f[q + 10]!;
      ok = audio.updateListener(id, count, x, y, z, fx, fy, fz, ux, uy, uz);
      break;
    }
    default:
      return -1;
  }
  return ok ? 1 : 0;
}
