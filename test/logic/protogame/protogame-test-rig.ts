// In-process rig for the ProtogameJS3D natives: the real RenderCommandQueue (behind the runtime's
// CommandOutbox, as in production), CallbackQueue and
// input state (both ends in this thread), a small generation-checked id allocator, and a record of
// the host's reports. The engine's side is played by the test: it drains commands with the real
// CommandReader and answers with the real CallbackWriter.
import { CallbackReader, CallbackWriter, createCallbackQueueBuffer } from '../../../src/protocol/callback-queue.ts';
import { CommandReader } from '../../../src/protocol/command-reader.ts';
import { createCommandQueueBuffer } from '../../../src/protocol/command-writer.ts';
import { CommandOutbox } from '../../../src/logic/command-outbox.ts';
import { idGeneration, idIndex, makeId, nextGeneration } from '../../../src/protocol/entity-id.ts';
import { InputReader } from '../../../src/protocol/input-reader.ts';
import { InputWriter, createInputStateBuffer } from '../../../src/protocol/input-writer.ts';
import type { ProtogameHostDeps, ProtogameIdAllocator } from '../../../src/logic/protogame/protogame-host-deps.ts';
import type { Severity } from '../../../src/shared-memory/twinframe-error.ts';
import { recordingHandler } from '../../protocol/command-test-handler.ts';
import type { Call } from '../../protocol/command-test-handler.ts';

/** A slot allocator with generations, like the runtime's: released ids come back with the next generation. */
export class TestIdAllocator implements ProtogameIdAllocator {
  private readonly generations: number[] = [];
  private readonly free: number[] = [];
  private readonly capacity: number;
  released: number[] = [];

  constructor(capacity = 1024) {
    this.capacity = capacity;
  }
  allocate(): number {
    const index = this.free.length > 0 ? this.free.pop()! : this.generations.length;
    if (index >= this.capacity) return 0;
    if (index === this.generations.length) this.generations.push(1);
    return makeId(index, this.generations[index]!);
  }
  release(id: number): void {
    const index = idIndex(id);
    if (this.generations[index] !== idGeneration(id)) throw new Error(`TestIdAllocator: release of a stale id ${id}`);
    this.generations[index] = nextGeneration(this.generations[index]!);
    this.free.push(index);
    this.released.push(id);
  }
}

export interface Report {
  code: string;
  severity: Severity;
  message: string;
}

/** The rig: deps for installProtogameHost plus the engine-side ends. */
export interface ProtogameRig {
  deps: ProtogameHostDeps;
  /** The logic side's command sink: the runtime's CommandOutbox (backpressure, never loss) over a CommandWriter. */
  commands: CommandOutbox;
  /** The engine's end of the command queue. */
  commandReader: CommandReader;
  entityIds: TestIdAllocator;
  cameraIds: TestIdAllocator;
  callbackWriter: CallbackWriter;
  inputWriter: InputWriter;
  inputReader: InputReader;
  reports: Report[];
  quitRequests: number;
  /**
   * Moves waiting commands into the ring (as the runtime does at the start of a frame), publishes
   * them and returns them decoded, as [method, ...args].
   */
  drainCommands(): Call[];
}

export function createProtogameRig(options: { commandRingBytes?: number; entityCapacity?: number } = {}): ProtogameRig {
  const commandSab = createCommandQueueBuffer(options.commandRingBytes);
  const commands = new CommandOutbox(commandSab);
  const commandReader = new CommandReader(commandSab);
  const callbackSab = createCallbackQueueBuffer();
  const callbackWriter = new CallbackWriter(callbackSab);
  const callbackReader = new CallbackReader(callbackSab);
  const inputSab = createInputStateBuffer();
  const inputWriter = new InputWriter(inputSab);
  const inputReader = new InputReader(inputSab);
  const entityIds = new TestIdAllocator(options.entityCapacity);
  const cameraIds = new TestIdAllocator(16);
  const reports: Report[] = [];
  const rig: ProtogameRig = {
    deps: {
      commands,
      entityIds,
      cameraIds,
      callbacks: callbackReader,
      input: inputReader,
      requestQuit: () => { rig.quitRequests++; },
      report: (code, severity, message) => { reports.push({ code, severity, message }); },
    },
    commands,
    commandReader,
    entityIds,
    cameraIds,
    callbackWriter,
    inputWriter,
    inputReader,
    reports,
    quitRequests: 0,
    drainCommands(): Call[] {
      commands.drainOverflow();
      commands.flush();
      const calls: Call[] = [];
      commandReader.drain(recordingHandler(calls), 1 << 20);
      return calls;
    },
  };
  return rig;
}
