/**
 * The optional `debugRenderInterface` native of the ProtogameJS3D host: debug primitives with a
 * lifetime in seconds (duration 0 = one frame, negative = until clear), recorded by a
 * DebugRenderRecorder. Colors are 0-255; `mode` is 'ALWAYS', 'USE_DEPTH' or 'X_RAY' (or 0-2).
 * Adding a primitive allocates (it is recorded); this is a debugging path, not a per-entity one.
 */
/* eslint-disable prefer-rest-params -- the add methods pass `arguments` to one shared checker; debug drawing allocates anyway (it records a primitive). */
import { PROTOGAME_CODES } from '../error-codes.ts';
import { DEBUG_RENDER_MODES, MAX_DEBUG_PRIMITIVES } from './debug-render-recorder.ts';
import type { DebugPrimitiveKind, DebugRenderRecorder } from './debug-render-recorder.ts';
import type { NativeParam } from './native-signature.ts';
import { NativeSignature, param } from './native-signature.ts';

/** The `debugRenderInterface` object scripts see on globalThis. Add methods take their documented arguments. */
export interface DebugRenderNative {
  setVisible(): void;
  setHidden(): void;
  clear(): void;
  beginFrame(): void;
  endFrame(): void;
  renderWorld(cameraHandle: unknown): void;
  renderScreen(cameraHandle: unknown): void;
  addWorldPoint(...args: unknown[]): void;
  addWorldLine(...args: unknown[]): void;
  addWorldWireSphere(...args: unknown[]): void;
  addWorldArrow(...args: unknown[]): void;
  addWorldText(...args: unknown[]): void;
  addBillboardText(...args: unknown[]): void;
  addScreenText(...args: unknown[]): void;
  addMessage(...args: unknown[]): void;
}

const D = 'debugRenderInterface';
const MODE: NativeParam = param('mode', "'ALWAYS' | 'USE_DEPTH' | 'X_RAY'");
const COLOR_DURATION = [param('duration'), param('r'), param('g'), param('b'), param('a')];
const XYZ = (p = ''): NativeParam[] => [param(`${p}x`), param(`${p}y`), param(`${p}z`)];
const TEXT = param('text', 'string');

/** How one add method's arguments are laid out. */
interface PrimitiveLayout {
  readonly kind: DebugPrimitiveKind;
  readonly sig: NativeSignature;
  /** Whether argument 0 is the text. */
  readonly hasText: boolean;
  /** Index of the duration argument; color follows it; every other number before it is a value. */
  readonly durationIndex: number;
  /** Whether a mode argument follows the color. */
  readonly hasMode: boolean;
}

function layout(kind: DebugPrimitiveKind, method: string, before: NativeParam[], hasText: boolean, hasMode: boolean): PrimitiveLayout {
  const params = [...before, ...COLOR_DURATION, ...(hasMode ? [MODE] : [])];
  return { kind, sig: new NativeSignature(D, method, params), hasText, durationIndex: before.length, hasMode };
}

const TEXT_PLACEMENT = [param('textHeight'), param('alignX'), param('alignY')];
/** Argument layouts of the add methods (also listed in docs/protogame-host.md). */
export const DEBUG_PRIMITIVE_LAYOUTS = {
  addWorldPoint: layout('point', 'addWorldPoint', [...XYZ(), param('radius')], false, true),
  addWorldLine: layout('line', 'addWorldLine', [...XYZ('1'), ...XYZ('2'), param('radius')].map(rename), false, true),
  addWorldWireSphere: layout('wireSphere', 'addWorldWireSphere', [...XYZ(), param('radius')], false, true),
  addWorldArrow: layout('arrow', 'addWorldArrow', [...XYZ('1'), ...XYZ('2'), param('radius')].map(rename), false, true),
  addWorldText: layout('worldText', 'addWorldText', [TEXT, ...XYZ(), ...TEXT_PLACEMENT], true, true),
  addBillboardText: layout('billboardText', 'addBillboardText', [TEXT, ...XYZ(), ...TEXT_PLACEMENT], true, true),
  addScreenText: layout('screenText', 'addScreenText', [TEXT, param('x'), param('y'), param('size'), param('alignX'), param('alignY')], true, false),
  addMessage: layout('message', 'addMessage', [TEXT], true, false),
} as const;

/** `1x` -> `x1`: the original's names for the two ends of a line. */
function rename(p: NativeParam): NativeParam {
  return /^\d/.test(p.name) ? param(`${p.name.slice(1)}${p.name[0]}`) : p;
}

/** Signatures of the other `debugRenderInterface` methods. */
export const DEBUG_RENDER_SIGNATURES = {
  setVisible: new NativeSignature(D, 'setVisible', []),
  setHidden: new NativeSignature(D, 'setHidden', []),
  clear: new NativeSignature(D, 'clear', []),
  beginFrame: new NativeSignature(D, 'beginFrame', []),
  endFrame: new NativeSignature(D, 'endFrame', []),
  renderWorld: new NativeSignature(D, 'renderWorld', [param('cameraHandle')]),
  renderScreen: new NativeSignature(D, 'renderScreen', [param('cameraHandle')]),
} as const;

/** Checks a mode argument: a DEBUG_RENDER_MODES name or its index. */
function modeOf(sig: NativeSignature, index: number, value: unknown): number {
  if (typeof value === 'number' && value >= 0 && value < DEBUG_RENDER_MODES.length && Math.floor(value) === value) return value;
  return sig.oneOf(index, value, DEBUG_RENDER_MODES);
}

/** Builds the `debugRenderInterface` native over `recorder`; `report` receives TF5505 once. Allocates; install time only. */
export function createDebugRenderNative(
  recorder: DebugRenderRecorder,
  report: (code: string, message: string) => void,
): DebugRenderNative {
  let reportedDrop = false;
  const add = (l: PrimitiveLayout, args: ArrayLike<unknown>): void => {
    const sig = l.sig;
    sig.count(args.length);
    const text = l.hasText ? sig.string(0, args[0]) : '';
    const first = l.hasText ? 1 : 0;
    const values = new Float64Array(l.durationIndex - first);
    for (let i = first; i < l.durationIndex; i++) values[i - first] = sig.finite(i, args[i]);
    const d = l.durationIndex;
    const durationSeconds = sig.finite(d, args[d]);
    const rgba: [number, number, number, number] = [
      sig.inRange(d + 1, args[d + 1], 0, 255), sig.inRange(d + 2, args[d + 2], 0, 255),
      sig.inRange(d + 3, args[d + 3], 0, 255), sig.inRange(d + 4, args[d + 4], 0, 255),
    ];
    const mode = l.hasMode ? modeOf(sig, d + 5, args[d + 5]) : 0;
    if (!recorder.add({ kind: l.kind, text, values, rgba, durationSeconds, mode, ageSeconds: 0 }) && !reportedDrop) {
      reportedDrop = true;
      report(PROTOGAME_CODES.DEBUG_PRIMITIVES_DROPPED.code,
        `${sig.qualifiedName}: too many live debug primitives; got ${MAX_DEBUG_PRIMITIVES} live, expected fewer. Give primitives a non-negative duration or call debugRenderInterface.clear(); further drops are only counted.`);
    }
  };
  const L = DEBUG_PRIMITIVE_LAYOUTS;
  const S = DEBUG_RENDER_SIGNATURES;
  return {
    setVisible() { S.setVisible.count(arguments.length); recorder.visible = true; },
    setHidden() { S.setHidden.count(arguments.length); recorder.visible = false; },
    clear() { S.clear.count(arguments.length); recorder.clear(); },
    beginFrame() { S.beginFrame.count(arguments.length); recorder.framesBegun++; },
    endFrame() { S.endFrame.count(arguments.length); recorder.framesEnded++; },
    renderWorld(cameraHandle) {
      S.renderWorld.count(arguments.length);
      recorder.lastWorldCamera = S.renderWorld.id(0, cameraHandle);
      recorder.worldRenders++;
    },
    renderScreen(cameraHandle) {
      S.renderScreen.count(arguments.length);
      recorder.lastScreenCamera = S.renderScreen.id(0, cameraHandle);
      recorder.screenRenders++;
    },
    addWorldPoint() { add(L.addWorldPoint, arguments); },
    addWorldLine() { add(L.addWorldLine, arguments); },
    addWorldWireSphere() { add(L.addWorldWireSphere, arguments); },
    addWorldArrow() { add(L.addWorldArrow, arguments); },
    addWorldText() { add(L.addWorldText, arguments); },
    addBillboardText() { add(L.addBillboardText, arguments); },
    addScreenText() { add(L.addScreenText, arguments); },
    addMessage() { add(L.addMessage, arguments); },
  };
}
