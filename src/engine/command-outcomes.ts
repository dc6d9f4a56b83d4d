/**
 * Frame phase 2's sink for the RenderCommandQueue: CommandReader dispatches each command straight
 * to the entity or camera system held here and counts it once, applied or refused. A system refuses
 * through `reject`, which reports a coded engine diagnostic naming the API the game called (the
 * record's origin, looked up in the command table) and, when the command carried a callback,
 * answers it with the error. FRAME_END records which logic tick the applied commands reach
 * (publishes are stamped with it).
 */
import type { CommandSink } from '../protocol/command-reader.ts';
import type { AudioCommandTarget, CameraCommandTarget, EntityCommandTarget } from '../protocol/command-targets.ts';

import { commandName } from '../protocol/command-opcodes.ts';
import { commandApiName } from '../protocol/command-table.ts';
import type { CallbackOutbox } from './callback-outbox.ts';
import type { DiagnosticHub } from './diagnostic-hub.ts';
import type { CommandRejections } from './command-rejections.ts';

/** The engine's command sink and outcome counters. Engine thread only; allocation-free on the valid path. */
export class CommandOutcomes implements CommandSink, CommandRejections {
  /** Commands applied and refused since start (counted by CommandReader.drain). */
  applied = 0;
  rejected = 0;
  /** Malformed records refused (TF2001/TF2002/TF1005). */
  malformed = 0;
  /** Type of the record being dispatched (`opcode | apiStyle << 8`), set by the reader. */
  origin = 0;
  /** Last logic tick whose FRAME_END was applied. */
  lastLogicTick = 0;
  entities!: EntityCommandTarget & { tick: number };
  cameras!: CameraCommandTarget & { tick: number };
  /** The audio commands' target (the app's AudioSystem); without one they are refused as malformed. */
  audio: AudioCommandTarget | undefined;
  private callbacks!: CallbackOutbox;

  constructor(private readonly diagnostics: DiagnosticHub) {}

  /** Connects the systems (they need this object as their CommandRejections) and the callback outbox. */
  attach(entities: EntityCommandTarget & { tick: number }, cameras: CameraCommandTarget & { tick: number }, callbacks: CallbackOutbox): void {
    this.entities = entities;
    this.cameras = cameras;
    this.callbacks = callbacks;
  }

  /** Starts over for a new logic incarnation (its ticks start at 0 again). */
  resetTick(): void {
    this.lastLogicTick = 0;
    this.setTick(1);
  }

  reject(code: string, what: string, callbackId: number, callbackType: number): void {
    const message = `${commandApiName(this.origin)}: ${what}`;
    this.diagnostics.report(code, 'error', message, 'apply', this.lastLogicTick + 1);
    if (callbackId !== 0) this.callbacks.send(callbackId, 0, callbackType, code, message);
  }

  frameEnd(tick: number): void {
    this.lastLogicTick = tick;
    this.setTick(tick + 1);
  }

  onMalformed(code: string, type: number, length: number): void {
    this.malformed++;
    this.diagnostics.report(code, 'error', `RenderCommandQueue: malformed record refused (type ${type} ${commandName(type)}, length ${length}); the queue resynchronised and later commands were applied. This is a protocol bug: report it.`, 'apply', this.lastLogicTick + 1);
  }

  private setTick(tick: number): void {
    this.entities.tick = tick;
    this.cameras.tick = tick;
  }
}
