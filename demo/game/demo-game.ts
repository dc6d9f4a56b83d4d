/**
 * The demo game, written against the public game API like any user's game: a swarm of cubes and
 * spheres orbiting a glowing sun above a grid, ringed by pillars, each object bobbing, turning and
 * cycling its colour; a fly camera (WASD, Space/E up, C/Q down, Shift fast, arrow keys or the mouse
 * to look); F spawns 100 more, G 1000 more, X removes the extra ones.
 *
 * It also misbehaves on request (demo-keys.ts): the page's fault buttons press reserved keys and
 * the game throws, slows down, hangs, crashes, exits or floods the command queue, so anyone can
 * watch the engine keep drawing while the logic fails and restarts.
 *
 * Options (`ctx.options`, from the page's URL): `count` initial objects (default 400), `still`
 * (true: nothing moves or changes colour, for pixel tests).
 */
import { defineGame, type CameraHandle, type EntityHandle, type GameContext } from '../../src/logic/index.ts';
import {
  FLOOD_COMMANDS, KEY_FAULT_CRASH, KEY_FAULT_EXIT, KEY_FAULT_FLOOD, KEY_FAULT_HANG, KEY_FAULT_SLOW, KEY_FAULT_THROW,
  KEY_MOUSE_LOOK, SLOW_FRAME_MS,
} from './demo-keys.ts';
import { FlyCamera, LOOK_DEG_PER_PX, type FlyInput } from './fly-camera.ts';
import { hueToRgb, poseAt, spawnMember, type SwarmMember, type SwarmPose } from './swarm.ts';

interface Member {
  readonly def: SwarmMember;
  readonly handle: EntityHandle;
}

/** Most swarm members alive at once (the engine's default capacity is 16384 entities). */
const MAX_MEMBERS = 12_000;
const SPREAD = 18;
const PILLARS = 10;
const PILLAR_RADIUS = 30;
const PILLAR_BLOCKS = 6;
/** Arrow keys turn this many degrees per second. */
const TURN_DEG_PER_S = 90;

const members: Member[] = [];
let baseCount = 400;
let still = false;
let sun: EntityHandle;
let camera: CameraHandle;
const fly = new FlyCamera(-46, 0, 17, 0, 18);
const flyInput: FlyInput = { forward: 0, left: 0, up: 0, fast: false, lookDx: 0, lookDy: 0 };
const pose: SwarmPose = { x: 0, y: 0, z: 0, yaw: 0, pitch: 0, r: 0, g: 0, b: 0 };
const position = { x: 0, y: 0, z: 0 };
const orientation = { yaw: 0, pitch: 0, roll: 0 };
const color = { r: 0, g: 0, b: 0, a: 255 };

function spawn(ctx: GameContext, n: number): void {
  const t = ctx.time.elapsed;
  for (let i = 0; i < n && members.length < MAX_MEMBERS; i++) {
    const def = spawnMember(() => ctx.random(), SPREAD + Math.sqrt(members.length) * 0.4);
    poseAt(def, still ? 0 : t, pose);
    position.x = pose.x; position.y = pose.y; position.z = pose.z;
    color.r = pose.r; color.g = pose.g; color.b = pose.b;
    const handle = ctx.entities.createMesh(def.mesh, position, def.size, color);
    orientation.yaw = pose.yaw; orientation.pitch = pose.pitch;
    ctx.entities.updateOrientation(handle, orientation);
    members.push({ def, handle });
  }
}

function buildWorld(ctx: GameContext): void {
  ctx.entities.createMesh('grid', { x: 0, y: 0, z: 0 }, 80, { r: 70, g: 78, b: 96, a: 255 });
  sun = ctx.entities.createMesh('sphere', { x: 0, y: 0, z: 5 }, 3, { r: 255, g: 190, b: 80, a: 255 });
  for (let p = 0; p < PILLARS; p++) {
    const a = ((p + 0.5) / PILLARS) * Math.PI * 2; // half a step off the camera's line of sight
    for (let b = 0; b < PILLAR_BLOCKS; b++) {
      hueToRgb((p / PILLARS + b * 0.02) % 1, color);
      const shade = 0.45 + 0.1 * b;
      color.r = Math.round(color.r * shade); color.g = Math.round(color.g * shade); color.b = Math.round(color.b * shade);
      ctx.entities.createMesh('cube', { x: Math.cos(a) * PILLAR_RADIUS, y: Math.sin(a) * PILLAR_RADIUS, z: 0.9 + b * 1.8 }, 1.6, color);
    }
  }
}

function readFlyInput(ctx: GameContext, dt: number): void {
  const input = ctx.input;
  const key = (k: string): number => (input.isKeyDown(k) ? 1 : 0);
  flyInput.forward = key('W') - key('S');
  flyInput.left = key('A') - key('D');
  flyInput.up = key('Space') + key('E') - key('C') - key('Q');
  flyInput.fast = input.isKeyDown('Shift');
  const look = input.isKeyDown(KEY_MOUSE_LOOK) || input.isMouseButtonDown(2);
  const turnPx = (TURN_DEG_PER_S / LOOK_DEG_PER_PX) * dt;
  flyInput.lookDx = (look ? input.mouseDeltaX : 0) + (key('ArrowRight') - key('ArrowLeft')) * turnPx;
  flyInput.lookDy = (look ? input.mouseDeltaY : 0) + (key('ArrowDown') - key('ArrowUp')) * turnPx;
}

function misbehave(ctx: GameContext): void {
  const input = ctx.input;
  if (input.isKeyDown(KEY_FAULT_SLOW)) {
    const until = performance.now() + SLOW_FRAME_MS;
    while (performance.now() < until) {
      // a slow frame: the engine keeps drawing, lockstep skips triggers meanwhile
    }
  }
  if (input.wasKeyJustPressed(KEY_FAULT_HANG)) {
    console.warn('demo fault: hanging in update (while (true) {}); the watchdog will terminate this worker');
    for (;;) {
      // hung: no heartbeat; only terminate() ends this
    }
  }
  if (input.wasKeyJustPressed(KEY_FAULT_CRASH)) {
    setTimeout(() => {
      throw new Error('demo fault: an uncaught error thrown from a timer, outside every guard');
    }, 0);
  }
  if (input.wasKeyJustPressed(KEY_FAULT_EXIT)) {
    console.warn('demo fault: the worker closes itself (self.close())');
    (globalThis as { close?: () => void }).close?.();
  }
  if (input.wasKeyJustPressed(KEY_FAULT_FLOOD) && members.length > 0) {
    for (let i = 0; i < FLOOD_COMMANDS; i++) {
      hueToRgb((i / FLOOD_COMMANDS) % 1, color);
      ctx.entities.updateColor(members[i % members.length]!.handle, color);
    }
    console.info(`demo fault: flooded ${FLOOD_COMMANDS} commands in one frame`);
  }
}

export default defineGame({
  setup(ctx) {
    const count = Number(ctx.options['count'] ?? 400);
    baseCount = Number.isFinite(count) && count >= 0 ? Math.min(count, MAX_MEMBERS) : 400;
    still = ctx.options['still'] === true || ctx.options['still'] === 'true';
    camera = ctx.cameras.create({ x: fly.x, y: fly.y, z: fly.z }, { yaw: fly.yaw, pitch: fly.pitch, roll: 0 }, 'world', { fovDeg: 60, near: 0.1, far: 500 });
    void ctx.cameras.setActive(camera);
    buildWorld(ctx);
    spawn(ctx, baseCount);
  },

  update(ctx, rawDt) {
    misbehave(ctx);
    const dt = Math.min(rawDt, 0.1);
    const input = ctx.input;
    readFlyInput(ctx, dt);
    if (fly.update(flyInput, dt)) {
      position.x = fly.x; position.y = fly.y; position.z = fly.z;
      orientation.yaw = fly.yaw; orientation.pitch = fly.pitch; orientation.roll = 0;
      ctx.cameras.update(camera, position, orientation);
    }
    if (input.wasKeyJustPressed('F')) spawn(ctx, 100);
    if (input.wasKeyJustPressed('G')) spawn(ctx, 1000);
    if (input.wasKeyJustPressed('X')) {
      while (members.length > baseCount) ctx.entities.destroy(members.pop()!.handle);
    }
    if (!still) {
      const t = ctx.time.elapsed;
      for (let i = 0; i < members.length; i++) {
        const m = members[i]!;
        poseAt(m.def, t, pose);
        position.x = pose.x; position.y = pose.y; position.z = pose.z;
        ctx.entities.updatePosition(m.handle, position);
        orientation.yaw = pose.yaw; orientation.pitch = pose.pitch; orientation.roll = 0;
        ctx.entities.updateOrientation(m.handle, orientation);
        color.r = pose.r; color.g = pose.g; color.b = pose.b;
        ctx.entities.updateColor(m.handle, color);
      }
      const glow = 0.5 + 0.5 * Math.sin(t * 1.3);
      color.r = 255; color.g = Math.round(150 + 70 * glow); color.b = Math.round(50 + 60 * glow);
      ctx.entities.updateColor(sun, color);
      ctx.entities.updateScale(sun, 3 + 0.25 * glow);
    }
    if (input.isKeyDown(KEY_FAULT_THROW)) {
      throw new Error('demo fault: update throws every frame (after moving the scene)');
    }
  },
});
