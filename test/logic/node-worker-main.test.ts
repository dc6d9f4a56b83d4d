// The Node worker entry on a real worker_threads thread (through the tsx bootstrap): handshake,
// game import by file: URL, lockstep frames, a callback round trip, load failures with file and
// line, and a graceful stop after which the thread exits by itself.
import { afterEach, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CALLBACK_TYPES, CallbackWriter } from '../../src/protocol/callback-queue.ts';
import {
  FRAME_COMPLETED_SLOT, FRAME_REQUESTED_SLOT, LOGIC_STATUS_FAILED, LOGIC_STATUS_RUNNING, LOGIC_STATUS_STOPPED, SHUTDOWN_SLOT, STATUS_SLOT,
} from '../../src/protocol/control-block.ts';
import { CommandReader } from '../../src/protocol/command-reader.ts';
import { DiagnosticReader } from '../../src/protocol/diagnostic-queue.ts';
import type { Diagnostic } from '../../src/protocol/diagnostic-queue.ts';
import { LOGIC_CODES } from '../../src/logic/error-codes.ts';
import { bundleForNodeWorker } from '../../src/platform/node-bundle.ts';
import { recordingHandler } from '../protocol/command-test-handler.ts';
import type { Call } from '../protocol/command-test-handler.ts';
import { LogicRig } from './logic-rig.ts';

const bootstrap = new URL('../helpers/ts-worker.mjs', import.meta.url);
const entry = new URL('../../src/startup/node-worker-main.ts', import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), 'twinframe-worker-'));

function gameFile(name: string, source: string): string {
  const file = join(dir, name);
  writeFileSync(file, source);
  return pathToFileURL(file).href;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function waitFor(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

let worker: Worker | undefined;
afterEach(async () => {
  await worker?.terminate();
  worker = undefined;
});

function spawn(gameUrl: string): { rig: LogicRig; control: Int32Array; exited: Promise<number> } {
  // The rig only allocates the buffers and the handshake here; the runtime runs in the worker.
  const rig = new LogicRig({ gameUrl });
  const w = new Worker(bootstrap, { workerData: { entry } });
  worker = w;
  const exited = new Promise<number>((resolve) => w.once('exit', resolve));
  w.postMessage(rig.handshake);
  return { rig, control: new Int32Array(rig.handshake.buffers.control), exited };
}

function drainDiagnostics(reader: DiagnosticReader, into: Diagnostic[]): Diagnostic[] {
  reader.drain((d) => into.push(d));
  return into;
}

describe('node-worker-main', () => {
  it('runs a seed-style game on a real worker: frames, createMesh round trip, graceful stop, thread exits', async () => {
    const url = gameFile('spawner.mjs', `
      let id = 0; let confirmed = 0;
      JSEngine.registerSystem('spawner', {
        update(dt) {
          if (id === 0) id = EntityAPI.createMesh('cube', { x: 1, y: 2, z: 3 }, 1, { r: 255, g: 0, b: 0, a: 255 }, (e) => { confirmed = e; console.log('confirmed', e); });
          if (confirmed) EntityAPI.updatePosition(confirmed, [4, 5, 6]);
        },
      });
    `);
    const { rig, control, exited } = spawn(url);
    const commands = new CommandReader(rig.handshake.buffers.commands);
    const callbacks = new CallbackWriter(rig.handshake.buffers.callbacks);
    const diagnostics = new DiagnosticReader(rig.handshake.buffers.diagnostics);
    await waitFor(() => Atomics.load(control, STATUS_SLOT) === LOGIC_STATUS_RUNNING, 'RUNNING');
    const frame = async (): Promise<void> => {
      const n = Atomics.add(control, FRAME_REQUESTED_SLOT, 1) + 1;
      Atomics.notify(control, FRAME_REQUESTED_SLOT);
      await waitFor(() => Atomics.load(control, FRAME_COMPLETED_SLOT) === n, `frame ${n}`);
    };
    await frame();
    const calls: Call[] = [];
    commands.drain(recordingHandler(calls), 1000);
    const create = calls.find((c) => c[0] === 'createMesh');
    expect(create, 'createMesh sent in the first frame').toBeDefined();
    callbacks.enqueue(create![2]!, create![1]!, CALLBACK_TYPES.ENTITY_CREATED);
    await frame();
    await frame();
    calls.length = 0;
    commands.drain(recordingHandler(calls), 1000);
    expect(calls.some((c) => c[0] === 'updatePosition' && c[1] === create![1] && c[2] === 4), 'the callback ran and the game moved the entity').toBe(true);
    const ds = drainDiagnostics(diagnostics, []);
    expect(ds.some((d) => d.code === LOGIC_CODES.CONSOLE_OUTPUT.code && d.message.includes('confirmed')), 'console.log forwarded as TF5030').toBe(true);
    Atomics.store(control, SHUTDOWN_SLOT, 1);
    Atomics.notify(control, FRAME_REQUESTED_SLOT);
    const code = await Promise.race([exited, sleep(10_000).then(() => -999)]);
    expect(code, 'the thread ended by itself after STOPPED').toBe(0);
    expect(Atomics.load(control, STATUS_SLOT), 'status').toBe(LOGIC_STATUS_STOPPED);
  });

  it('runs a typed defineGame module', async () => {
    const defineUrl = new URL('../../src/logic/define-game.ts', import.meta.url).href;
    const url = gameFile('typed.mjs', `
      import { defineGame } from ${JSON.stringify(defineUrl)};
      let cube;
      export default defineGame({
        setup(ctx) { cube = ctx.entities.createMesh('sphere', [0, 0, 0], 2, [1, 2, 3, 4]); },
        update(ctx, dt) { ctx.entities.moveBy(cube, [1, 0, 0]); },
      });
    `);
    const { rig, control } = spawn(url);
    const commands = new CommandReader(rig.handshake.buffers.commands);
    await waitFor(() => Atomics.load(control, STATUS_SLOT) >= LOGIC_STATUS_RUNNING, 'RUNNING');
    const diagnostics: Diagnostic[] = [];
    drainDiagnostics(new DiagnosticReader(rig.handshake.buffers.diagnostics), diagnostics);
    expect(diagnostics.filter((d) => d.severity === 'error' || d.severity === 'fatal'), 'no errors at load').toEqual([]);
    Atomics.add(control, FRAME_REQUESTED_SLOT, 1);
    Atomics.notify(control, FRAME_REQUESTED_SLOT);
    await waitFor(() => Atomics.load(control, FRAME_COMPLETED_SLOT) === 1, 'frame 1');
    const calls: Call[] = [];
    commands.drain(recordingHandler(calls), 1000);
    expect(calls.map((c) => c[0]), 'setup then update').toEqual(['createMesh', 'moveBy', 'frameEnd']);
  });

  it('reports TF5041 with file and line when the game throws while loading, then FAILED', async () => {
    const url = gameFile('throws.mjs', 'const x = 1;\nthrow new Error("boom at load");\n');
    const { rig, control, exited } = spawn(url);
    await waitFor(() => Atomics.load(control, STATUS_SLOT) === LOGIC_STATUS_FAILED, 'FAILED');
    const ds = drainDiagnostics(new DiagnosticReader(rig.handshake.buffers.diagnostics), []);
    const d = ds.find((x) => x.code === LOGIC_CODES.GAME_LOAD_FAILED.code);
    expect(d?.file, 'file').toContain('throws.mjs');
    expect(d?.line, 'line').toBe(2);
    expect(await Promise.race([exited, sleep(10_000).then(() => -999)]), 'the thread ended').toBe(0);
  });

  it('reports TF5041 naming the file of a game module with a syntax error, or a missing one', async () => {
    for (const url of [gameFile('broken.mjs', 'export const a = 1;\nexport const b = (;\n'), pathToFileURL(join(dir, 'missing.mjs')).href]) {
      const { rig, control } = spawn(url);
      await waitFor(() => Atomics.load(control, STATUS_SLOT) === LOGIC_STATUS_FAILED, 'FAILED');
      const d = drainDiagnostics(new DiagnosticReader(rig.handshake.buffers.diagnostics), []).find((x) => x.code === LOGIC_CODES.GAME_LOAD_FAILED.code);
      expect(d?.file, `file of ${url}`).toContain(url.endsWith('broken.mjs') ? 'broken.mjs' : 'missing.mjs');
      await worker?.terminate();
    }
  });

  it.each([
    // [fixture, the text at the throw site: the diagnostic must point at its first character]
    ['load-error.js', 'parse(SETTINGS)'],
    ['load-error.ts', 'new RangeError'],
  ])('reports TF5041 at the game\'s own file:line:column when the bundled %s throws while it first loads', async (name, site) => {
    const file = fileURLToPath(new URL(`../fixtures/games/${name}`, import.meta.url));
    const lines = readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes(site)) + 1;
    const column = lines[line - 1]!.indexOf(site) + 1;
    const bundle = await bundleForNodeWorker(file, 'game');
    const { rig, control } = spawn(bundle.url);
    await waitFor(() => Atomics.load(control, STATUS_SLOT) === LOGIC_STATUS_FAILED, 'FAILED');
    const d = drainDiagnostics(new DiagnosticReader(rig.handshake.buffers.diagnostics), []).find((x) => x.code === LOGIC_CODES.GAME_LOAD_FAILED.code);
    expect(d && { file: d.file, line: d.line, column: d.column }, d?.message).toEqual({ file, line, column });
    expect(d?.message, 'the message names the game, not the bundle').not.toContain(bundle.file);
  });
});
