// BrowserInput in a real page: physical keys become Windows virtual-key codes, mouse and wheel
// reach the sink, typing in a text field is not game input, and nothing stays held on blur.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser } from './helpers/browser-suite.ts';
import { closeFixturePage, openFixturePage, type FixturePage } from './helpers/fixture-page.ts';

type FixtureWindow = { inputFixture: { take(): string[]; dispose(): void } };

describeInBrowser('BrowserInput in Chromium', () => {
  let fixture: FixturePage | undefined;
  let page: Page;

  beforeAll(async () => {
    fixture = await openFixturePage('test/browser/fixtures/input.html', 'inputFixture', { viewport: { width: 400, height: 300 } });
    page = fixture.page;
  });

  afterAll(() => closeFixturePage(fixture, 'inputFixture'));

  const take = (): Promise<string[]> => page.evaluate(() => (window as unknown as FixtureWindow).inputFixture.take());

  it('sends physical keys as virtual-key codes, once per press despite auto-repeat', async () => {
    await page.keyboard.down('KeyW');
    await page.keyboard.down('KeyW'); // auto-repeat
    await page.keyboard.up('KeyW');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ShiftRight');
    await page.keyboard.press('F5');
    expect(await take(), 'W, space, left arrow, right shift, F5').toEqual([
      'keyDown 87', 'keyUp 87', 'keyDown 32', 'keyUp 32', 'keyDown 37', 'keyUp 37', 'keyDown 16', 'keyUp 16', 'keyDown 116', 'keyUp 116',
    ]);
  });

  it('ignores typing into a text field', async () => {
    await page.click('#text');
    await page.keyboard.type('ws');
    expect(await take(), 'no game input while typing').toEqual([]);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  });

  it('sends mouse position relative to the canvas, movement, buttons and wheel', async () => {
    await page.mouse.move(50, 40);
    await take();
    await page.mouse.move(60, 45);
    await page.mouse.down({ button: 'right' });
    await page.mouse.up({ button: 'right' });
    await page.mouse.wheel(0, 120);
    await page.waitForFunction(() => (window as unknown as { inputFixture: { calls: string[] } }).inputFixture.calls.some((c) => c.startsWith('wheel')));
    const calls = await take();
    expect(calls[0], 'position in canvas CSS pixels with the movement since the last event').toBe('mouseMove 60 45 10 5');
    expect(calls.filter((c) => c.startsWith('mouseButton')), 'right button down then up').toEqual(['mouseButton 2 true', 'mouseButton 2 false']);
    expect(calls.filter((c) => c.startsWith('wheel')), 'wheel delta in pixels').toEqual(['wheel 120']);
  });

  it('releases held keys and buttons when the window loses focus, and stops after dispose', async () => {
    await page.keyboard.down('KeyA');
    await page.mouse.move(20, 20);
    await page.mouse.down();
    await take();
    await page.evaluate(() => window.dispatchEvent(new Event('blur')));
    expect(await take(), 'blur releases A and the left button').toEqual(['keyUp 65', 'mouseButton 0 false']);
    await page.keyboard.up('KeyA');
    await page.mouse.up();
    expect(await take(), 'the real releases after blur are not sent twice').toEqual([]);
    await page.evaluate(() => (window as unknown as FixtureWindow).inputFixture.dispose());
    await page.keyboard.press('KeyD');
    await page.mouse.move(30, 30);
    expect(await take(), 'nothing after dispose').toEqual([]);
  });
});
