import { describe, expect, it } from 'vitest';
import { createDebugRenderNative } from '../../../src/logic/protogame/debug-render-native.ts';
import { DebugRenderRecorder, MAX_DEBUG_PRIMITIVES } from '../../../src/logic/protogame/debug-render-recorder.ts';
import { isTwinframeError } from '../../../src/shared-memory/twinframe-error.ts';

function setup() {
  const recorder = new DebugRenderRecorder();
  const reports: string[] = [];
  const native = createDebugRenderNative(recorder, (code) => reports.push(code));
  return { recorder, native, reports };
}

const DT = 0.25;

describe('debugRenderInterface native', () => {
  it('records each kind of primitive with its values, color and mode', () => {
    const { recorder, native } = setup();
    native.addWorldPoint(1, 2, 3, 0.1, 1, 255, 0, 0, 255, 'USE_DEPTH');
    native.addWorldLine(0, 0, 0, 4, 2, 1, 0.05, 0, 255, 255, 0, 255, 'X_RAY');
    native.addWorldWireSphere(0, 0, 0, 2, 1, 0, 255, 0, 255, 0);
    native.addWorldArrow(0, 0, 0, 1, 0, 0, 0.1, 1, 255, 255, 255, 255, 'ALWAYS');
    native.addWorldText('hi', 0, 0, 1, 0.5, 0.5, 0.5, 1, 255, 255, 255, 255, 'ALWAYS');
    native.addBillboardText('bb', 0, 0, 2, 0.5, 0.5, 0.5, 1, 255, 255, 255, 255, 'USE_DEPTH');
    native.addScreenText('fps', 10, 10, 16, 0, 0, 1, 255, 255, 255, 255);
    native.addMessage('hello', 2, 255, 255, 0, 255);
    const s = recorder.stats();
    expect(s.liveTotal, 'eight primitives live').toBe(8);
    expect(s.live, 'one of each kind').toEqual({
      point: 1, line: 1, wireSphere: 1, arrow: 1, worldText: 1, billboardText: 1, screenText: 1, message: 1,
    });
    const line = recorder.primitives()[1]!;
    expect(Array.from(line.values), 'line ends and radius').toEqual([0, 0, 0, 4, 2, 1, 0.05]);
    expect(line.rgba, 'line color').toEqual([255, 255, 0, 255]);
    expect(line.mode, 'X_RAY is mode 2').toBe(2);
    expect(recorder.primitives()[4]!.text, 'world text kept').toBe('hi');
  });

  it('expires primitives by lifetime: 0 = one frame, d > 0 = d seconds, negative = until clear', () => {
    const { recorder, native } = setup();
    native.addMessage('one frame', 0, 255, 255, 255, 255);
    native.addMessage('half a second', 0.5, 255, 255, 255, 255);
    native.addMessage('forever', -1, 255, 255, 255, 255);
    recorder.advance(DT);
    expect(recorder.primitives().map((p) => p.text), 'the one-frame message is gone').toEqual(['half a second', 'forever']);
    recorder.advance(DT);
    expect(recorder.stats().liveTotal, 'still two at exactly 0.5 s').toBe(2);
    recorder.advance(DT);
    expect(recorder.primitives().map((p) => p.text), 'only the forever message').toEqual(['forever']);
    native.clear();
    expect(recorder.stats(), 'cleared').toMatchObject({ liveTotal: 0, added: 3, expired: 3, clears: 1 });
  });

  it('counts frames, renders and visibility', () => {
    const { recorder, native } = setup();
    native.beginFrame();
    native.renderWorld(7);
    native.renderScreen(0);
    native.endFrame();
    native.setHidden();
    expect(recorder.stats(), 'counters').toMatchObject({ framesBegun: 1, framesEnded: 1, worldRenders: 1, screenRenders: 1, visible: false });
    expect(recorder.lastWorldCamera, 'the camera handle is recorded').toBe(7);
    native.setVisible();
    expect(recorder.visible, 'visible again').toBe(true);
  });

  it('refuses bad arguments with TF5500/TF5501', () => {
    const { native } = setup();
    const codeOf = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (e) {
        return isTwinframeError(e) ? e.code : 'not a TwinframeError';
      }
      return undefined;
    };
    expect(codeOf(() => native.addWorldPoint(1, 2, 3, 0.1, 1, 255, 0, 0, 255)), 'missing mode').toBe('TF5500');
    expect(codeOf(() => native.addWorldPoint(1, 2, 3, 0.1, 1, 256, 0, 0, 255, 0)), 'color above 255').toBe('TF5501');
    expect(codeOf(() => native.addWorldPoint(1, 2, 3, 0.1, 1, 255, 0, 0, 255, 'SOMETIMES')), 'unknown mode').toBe('TF5501');
    expect(codeOf(() => native.addMessage(42, 1, 255, 255, 255, 255)), 'text must be a string').toBe('TF5501');
    expect(codeOf(() => (native.beginFrame as (...a: unknown[]) => void)(1)), 'beginFrame takes nothing').toBe('TF5500');
  });

  it('drops and counts primitives beyond the limit, reporting TF5505 once', () => {
    const { recorder, native, reports } = setup();
    for (let i = 0; i < MAX_DEBUG_PRIMITIVES + 5; i++) native.addMessage('x', -1, 255, 255, 255, 255);
    expect(recorder.stats().dropped, 'five dropped').toBe(5);
    expect(reports, 'one TF5505 report').toEqual(['TF5505']);
  });
});
