// The logic frame (logic-runtime.ts) driven through runLogic as the engine drives it: phase order
// and the control block, callbacks before update, priority order, guarded systems, console output.
import { afterEach, describe, expect, it } from 'vitest';
import {
  LOGIC_PHASE_CALLBACKS, LOGIC_PHASE_IDLE, LOGIC_PHASE_RENDER, LOGIC_PHASE_UPDATE, PHASE_SLOT, SYSTEM_INDEX_SLOT,
} from '../../src/protocol/control-block.ts';
import { CALLBACK_TYPES } from '../../src/protocol/callback-queue.ts';
import { LOGIC_CODES } from '../../src/logic/error-codes.ts';
import { LogicRig } from './logic-rig.ts';

type G = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test access to the worker's script globals
const g = globalThis as unknown as G;
const testFile = new URL(import.meta.url).pathname;

let rig: LogicRig | undefined;
afterEach(async () => {
  if (rig && rig.endpoint.closed === 0) await rig.shutdown();
  rig = undefined;
});

describe('LogicRuntime', () => {
  describe('#runFrame', () => {
    it('runs callbacks, then every update in priority order, then every render, with PHASE and SYSTEM_INDEX set', async () => {
      const log: string[] = [];
      const at = (what: string): void => {
        log.push(`${what} phase=${Atomics.load(rig!.control, PHASE_SLOT)} sys=${Atomics.load(rig!.control, SYSTEM_INDEX_SLOT)}`);
      };
      let id = 0;
      rig = new LogicRig({
        game: () => {
          g.JSEngine.registerSystem('late', { priority: 90, update() { at('update late'); }, render() { at('render late'); } });
          g.JSEngine.registerSystem('early', {
            priority: 10,
            update() {
              at('update early');
              if (id === 0) id = g.EntityAPI.createMesh('cube', [0, 0, 0], 1, [1, 1, 1, 1], () => at('callback'));
            },
            render() { at('render early'); },
          });
          g.JSEngine.registerSystem('mid', { update() { at('update mid'); } });
        },
      });
      await rig.start();
      await rig.frames(1);
      const create = rig.commands().find((c) => c[0] === 'createMesh')!;
      rig.answer(create[2]!, id, CALLBACK_TYPES.ENTITY_CREATED);
      log.length = 0;
      const beatBefore = rig.heartbeat;
      await rig.frames(1);
      expect(log, 'phase order and priority order').toEqual([
        `callback phase=${LOGIC_PHASE_CALLBACKS} sys=-1`,
        `update early phase=${LOGIC_PHASE_UPDATE} sys=0`,
        `update mid phase=${LOGIC_PHASE_UPDATE} sys=1`,
        `update late phase=${LOGIC_PHASE_UPDATE} sys=2`,
        `render early phase=${LOGIC_PHASE_RENDER} sys=0`,
        `render late phase=${LOGIC_PHASE_RENDER} sys=2`,
      ]);
      expect(rig.heartbeat - beatBefore, 'a heartbeat per phase boundary (and per system)').toBeGreaterThanOrEqual(6);
      expect(rig.phase, 'IDLE between frames').toBe(LOGIC_PHASE_IDLE);
      expect(rig.systemIndex, 'no system outside the systems').toBe(-1);
      expect(rig.logicTick, 'LOGIC_TICK').toBe(2);
    });

    it('passes dt in seconds from the injected clock and publishes the frame duration in microseconds', async () => {
      const dts: number[] = [];
      rig = new LogicRig({
        game: () => g.JSEngine.registerSystem('t', { update(dt: number) { dts.push(dt); rig!.nowMs += 2.5; } }),
      });
      await rig.start();
      await rig.frames(3, 20);
      expect(dts, 'first frame 0, then the clock delta').toEqual([0, 0.0225, 0.0225].map((x, i) => (i === 0 ? 0 : x)));
      expect(rig.frameUs, 'LOGIC_FRAME_US from now()').toBe(2500);
    });

    it('reports a throwing system with code, file, line, phase, tick and system id, and the next frame runs', async () => {
      let updates = 0;
      let renders = 0;
      rig = new LogicRig({
        game: () => {
          g.JSEngine.registerSystem('bad', { update() { throw new Error('kaboom'); } });
          g.JSEngine.registerSystem('good', { priority: 60, update() { updates++; }, render() { renders++; } });
        },
      });
      await rig.start();
      await rig.frames(2);
      const errors = rig.withCode(LOGIC_CODES.SCRIPT_ERROR.code);
      expect(errors.length, 'one report per frame').toBe(2);
      const d = errors[0]!;
      expect([d.phase, d.tick, d.systemId, d.severity], 'phase, tick, system, severity').toEqual(['update', 1, 'bad', 'error']);
      expect(d.file, 'file of the throw').toBe(testFile);
      expect(d.line, 'line of the throw').toBeGreaterThan(0);
      expect(d.column, 'column of the throw').toBeGreaterThan(0);
      expect(d.message, 'message names the error').toContain('kaboom');
      expect(d.stack, 'stack').toContain('kaboom');
      expect([updates, renders], 'the other system and the next frames ran').toEqual([2, 2]);
    });

    it('reports a throw in render and in a callback, and the other callbacks of the frame still run', async () => {
      const ran: number[] = [];
      let ids: number[] = [];
      rig = new LogicRig({
        game: () => g.JSEngine.registerSystem('s', {
          update() {
            if (ids.length === 0) {
              ids = [0, 1, 2].map((i) => g.EntityAPI.createMesh('cube', [0, 0, 0], 1, [1, 1, 1], () => { ran.push(i); if (i === 0) throw new Error('callback boom'); }));
            }
          },
          render() { throw new TypeError('render boom'); },
        }),
      });
      await rig.start();
      await rig.frames(1);
      for (const c of rig.commands().filter((x) => x[0] === 'createMesh')) rig.answer(c[2]!, c[1]!, CALLBACK_TYPES.ENTITY_CREATED);
      await rig.frames(1);
      expect(ran, 'every callback ran').toEqual([0, 1, 2]);
      const errors = rig.withCode(LOGIC_CODES.SCRIPT_ERROR.code);
      expect(errors.map((d) => d.phase).sort(), 'phases').toEqual(['callbacks', 'render', 'render']);
      expect(errors.find((d) => d.phase === 'callbacks')!.message, 'callback error').toContain('callback boom');
    });

    it('forwards console.* as TF5030 with severity, phase, tick and system, and restores the console at stop', async () => {
      const original = console.log;
      rig = new LogicRig({
        game: () => g.JSEngine.registerSystem('talker', {
          update() { console.log('hello %s', 'world', { n: 1 }); console.warn('careful'); },
        }),
      });
      await rig.start();
      expect(console.log, 'console replaced while the logic runs').not.toBe(original);
      await rig.frames(1);
      const lines = rig.withCode(LOGIC_CODES.CONSOLE_OUTPUT.code);
      expect(lines.map((d) => [d.message, d.severity, d.phase, d.tick, d.systemId]), 'forwarded lines').toEqual([
        ['hello world {"n":1}', 'info', 'update', 1, 'talker'],
        ['careful', 'warning', 'update', 1, 'talker'],
      ]);
      await rig.shutdown();
      expect(console.log, 'console restored').toBe(original);
    });

    it('reports an unhandled rejection as TF5002 without stopping', async () => {
      rig = new LogicRig({ game: () => g.JSEngine.registerSystem('s', { update() {} }) });
      await rig.start();
      expect(rig.rejectionHandlers.length, 'a handler was installed through deps').toBe(1);
      rig.rejectionHandlers[0]!(new Error('nobody caught me'));
      await rig.frames(1);
      const d = rig.withCode(LOGIC_CODES.UNHANDLED_REJECTION.code);
      expect(d.length, 'TF5002').toBe(1);
      expect(d[0]!.message, 'message').toContain('nobody caught me');
    });

    it('reports an argument error as TF5010 located at the game call, not inside the runtime', async () => {
      rig = new LogicRig({ game: () => g.JSEngine.registerSystem('s', { update() { g.EntityAPI.updatePosition(1, 'here'); } }) });
      await rig.start();
      await rig.frames(1);
      const d = rig.withCode(LOGIC_CODES.API_ARGUMENT_INVALID.code);
      expect(d.length, 'TF5010').toBe(1);
      expect(d[0]!.file, 'the game file').toBe(testFile);
      expect(d[0]!.message, 'names API, argument and value').toMatch(/EntityAPI\.updatePosition: bad position; got "here"/);
    });

    it('stores QUIT_REQUESTED when the game asks to quit', async () => {
      rig = new LogicRig({ game: () => g.JSEngine.registerSystem('q', { update() { g.JSEngine.requestQuit(); } }) });
      await rig.start();
      await rig.frames(1);
      expect(rig.quitRequested, 'QUIT_REQUESTED').toBe(1);
    });

    it('skips disabled systems and runs re-enabled ones', async () => {
      let n = 0;
      rig = new LogicRig({ game: () => g.JSEngine.registerSystem('s', { enabled: false, update() { n++; } }) });
      await rig.start();
      await rig.frames(1);
      g.JSEngine.setSystemEnabled('s', true);
      await rig.frames(1);
      expect(n, 'ran once, after enabling').toBe(1);
    });
  });
});
