// runLogic end to end on one thread: the real control block, rings and state buffers, with the
// engine's side played by the test (logic-rig.ts). The fake endpoint only hands over the handshake.
import { afterEach, describe, expect, it } from 'vitest';
import {
  LOGIC_PHASE_IDLE, LOGIC_STATUS_FAILED, LOGIC_STATUS_RUNNING, LOGIC_STATUS_STOPPED,
} from '../../src/protocol/control-block.ts';
import { CALLBACK_TYPES } from '../../src/protocol/callback-queue.ts';
import { LOGIC_CODES } from '../../src/logic/error-codes.ts';
import { LogicRig, until } from './logic-rig.ts';

type G = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test access to the worker's script globals
const g = globalThis as unknown as G;

let rig: LogicRig | undefined;
afterEach(async () => {
  if (rig && rig.endpoint.closed === 0) await rig.shutdown();
  rig = undefined;
});

describe('runLogic', () => {
  describe('#lifecycle', () => {
    it('goes LOADING -> RUNNING, keeps its thread alive, runs lockstep frames and stops on SHUTDOWN', async () => {
      rig = new LogicRig({ game: () => g.JSEngine.registerSystem('noop', { update() {} }) });
      await rig.start();
      expect(rig.status, 'status after load').toBe(LOGIC_STATUS_RUNNING);
      expect(rig.endpoint.keptAlive, 'keepAlive called (Node 20 waitAsync does not hold a thread)').toBeGreaterThan(0);
      await rig.frames(3);
      expect(rig.logicTick, 'three frames ran').toBe(3);
      expect(rig.phase, 'PHASE between frames').toBe(LOGIC_PHASE_IDLE);
      const calls = rig.commands();
      expect(calls.filter((c) => c[0] === 'frameEnd').map((c) => c[1]), 'one frameEnd per tick').toEqual([1, 2, 3]);
      await rig.shutdown();
      expect(rig.status, 'status after shutdown').toBe(LOGIC_STATUS_STOPPED);
      expect(g.JSEngine, 'globals removed when the logic stops').toBeUndefined();
    });

    it('serves only the latest request when several piled up (one frame)', async () => {
      rig = new LogicRig({ game: () => g.JSEngine.registerSystem('noop', { update() {} }) });
      await rig.start();
      Atomics.add(rig.control, 0, 3);
      await rig.frame();
      expect(rig.frameCompleted, 'FRAME_COMPLETED is the latest request').toBe(4);
      expect(rig.logicTick, 'ticks: one for the pile, one for the last request at most').toBeLessThanOrEqual(2);
    });

    it('reports TF5040 and FAILED for a first message that is not a handshake', async () => {
      rig = new LogicRig();
      const bad = { ...rig.handshake, protocolVersion: 99 };
      await rig.start(bad);
      await until(() => rig!.endpoint.closed > 0, 'close');
      expect(rig.status, 'status').toBe(LOGIC_STATUS_FAILED);
      const d = rig.withCode(LOGIC_CODES.HANDSHAKE_INVALID.code);
      expect(d.length, 'one TF5040 diagnostic').toBe(1);
      expect(d[0]!.message, 'names the protocol').toContain('protocolVersion');
    });

    it('reports TF5041 and FAILED when importing the game fails (file and line from the game frame)', async () => {
      rig = new LogicRig({
        importGame: async () => {
          const e = new Error('boom at load');
          e.stack = 'Error: boom at load\n    at file:///games/throws.mjs:2:7\n    at ModuleJob.run (node:internal/modules/esm/module_job:325:25)';
          throw e;
        },
        gameUrl: 'file:///games/throws.mjs',
      });
      await rig.start();
      await until(() => rig!.endpoint.closed > 0, 'close');
      expect(rig.status, 'status').toBe(LOGIC_STATUS_FAILED);
      const d = rig.withCode(LOGIC_CODES.GAME_LOAD_FAILED.code);
      expect(d.length, 'one TF5041').toBe(1);
      expect([d[0]!.file, d[0]!.line, d[0]!.column], 'location of the throw').toEqual(['file:///games/throws.mjs', 2, 7]);
      expect(d[0]!.message, 'message').toContain('boom at load');
      expect(g.JSEngine, 'globals removed').toBeUndefined();
    });

    it('warns TF5042 when the game registers nothing', async () => {
      rig = new LogicRig({ game: () => ({}) });
      await rig.start();
      expect(rig.withCode(LOGIC_CODES.GAME_EMPTY.code).length, 'TF5042').toBe(1);
    });

    it('runs free at its own rate on the injected frame clock, FRAME_COMPLETED = LOGIC_TICK', async () => {
      let updates = 0;
      rig = new LogicRig({ pacing: { mode: 'free', hz: 30 }, game: () => g.JSEngine.registerSystem('count', { update() { updates++; } }) });
      await rig.start();
      for (let i = 0; i < 5; i++) rig.frameClock.step(1000 / 30);
      expect(updates, 'one update per clock frame').toBe(5);
      expect(rig.frameCompleted, 'FRAME_COMPLETED mirrors the tick').toBe(5);
      Atomics.store(rig.control, 1, 1);
      rig.frameClock.step(1000 / 30);
      await until(() => rig!.endpoint.closed > 0, 'close');
      expect(rig.status, 'stopped').toBe(LOGIC_STATUS_STOPPED);
      expect(rig.frameClock.pendingFrames, 'no frame left scheduled').toBe(0);
    });
  });

  describe('#shutdown', () => {
    it('settles every pending callback with TF5022 before STOPPED', async () => {
      const settled: string[] = [];
      rig = new LogicRig({
        game: () => g.JSEngine.registerSystem('maker', {
          update() {
            if (settled.length === 0 && g.EntityAPI.count === 0) {
              g.EntityAPI.createMesh('cube', [0, 0, 0], 1, [255, 0, 0], () => settled.push('ok'), (m: string) => settled.push(m));
            }
          },
        }),
      });
      await rig.start();
      await rig.frames(1);
      await rig.shutdown();
      expect(settled.length, 'the pending creation settled').toBe(1);
      expect(settled[0], 'with the shutdown code').toMatch(/^TF5022/);
    });

    it('requests nobody observes that were still pending at the stop: one info TF5022 summing them up, not a warning each', async () => {
      let made = false;
      rig = new LogicRig({
        game: () => g.JSEngine.registerSystem('maker', {
          update() {
            if (made) return;
            made = true;
            // a callback without an error handler: the game does not observe a refusal
            for (let i = 0; i < 5; i++) g.EntityAPI.createMesh('cube', [i, 0, 0], 1, [255, 0, 0], () => {});
          },
        }),
      });
      await rig.start();
      await rig.frames(1);
      await rig.shutdown();
      const abandoned = rig.withCode('TF5022');
      expect(abandoned.length, 'one line for the five').toBe(1);
      expect(abandoned[0]!.severity, 'nothing went wrong: the app stopped').toBe('info');
      expect(abandoned[0]!.message).toMatch(/^Logic\.shutdown: 5 requests the game made without an error handler/);
      expect(abandoned[0]!.message, 'names the first ones').toMatch(/EntityAPI\.createMesh \(id \d+\), EntityAPI\.createMesh \(id \d+\), EntityAPI\.createMesh \(id \d+\) and 2 more/);
      expect(rig.diagnostics.filter((d) => d.severity === 'warning'), 'no warning').toEqual([]);
    });

    it("a game's promise handlers of the TF5022 settlement still run as the game: their console output is a diagnostic, not raw output", async () => {
      let made = false;
      rig = new LogicRig({
        game: () => g.JSEngine.registerSystem('maker', {
          update() {
            if (made) return;
            made = true;
            // What handle.ready.then(ok, refused) does in the typed API: the handler runs a microtask after the settlement.
            void new Promise((resolve, reject) => g.EntityAPI.createMesh('cube', [0, 0, 0], 1, [255, 0, 0], resolve, reject))
              .then(() => {}, (e: unknown) => console.warn(`spawn refused: ${String(e)}`));
          },
        }),
      });
      await rig.start();
      await rig.frames(1);
      await rig.shutdown();
      const lines = rig.withCode(LOGIC_CODES.CONSOLE_OUTPUT.code).map((d) => d.message);
      expect(lines, 'the handler ran before the console was handed back').toEqual([expect.stringMatching(/^spawn refused: TF5022/)]);
    });
  });

  describe('#callbacks', () => {
    it('settles a createMesh callback on the engine answer, before update of the same frame', async () => {
      const log: string[] = [];
      let id = 0;
      rig = new LogicRig({
        game: () => g.JSEngine.registerSystem('maker', {
          update() {
            log.push('update');
            if (id === 0) id = g.EntityAPI.createMesh('cube', { x: 1, y: 2, z: 3 }, 1, { r: 1, g: 2, b: 3, a: 4 }, (e: number) => log.push(`cb ${e}`));
          },
        }),
      });
      await rig.start();
      await rig.frames(1);
      expect(id, 'id returned at once').toBeGreaterThan(0);
      const create = rig.commands().find((c) => c[0] === 'createMesh')!;
      expect(create.slice(1, 2), 'the command carries the logic-issued id').toEqual([id]);
      rig.answer(create[2]!, id, CALLBACK_TYPES.ENTITY_CREATED);
      await rig.frames(1);
      expect(log, 'callback before update').toEqual(['update', `cb ${id}`, 'update']);
    });
  });
});
