import { describe, expect, it } from 'vitest';
import { RequestHandle } from '../../src/logic/request-handle.ts';
import { isTwinframeError } from '../../src/shared-memory/twinframe-error.ts';

describe('RequestHandle', () => {
  const owner = { reports: [] as string[], reportUnobserved(code: string, m: string) { this.reports.push(`${code} ${m}`); }, abandoned(api: string, id: number) { this.reports.push(`abandoned ${api} ${id}`); } };

  it('settles once; ready read after settling still resolves or rejects', async () => {
    const ok = new RequestHandle('api', 5, owner);
    ok.onResult(5);
    ok.onError('TF4001', 'late');
    expect(await ok.ready, 'resolved').toBe(5);
    const bad = new RequestHandle('api', 6, owner);
    void bad.ready;
    bad.onError('TF4003', 'refused');
    await expect(bad.ready, 'rejected with the code').rejects.toSatisfy((e: unknown) => isTwinframeError(e, 'TF4003'));
  });

  it('releases a refused creation id and reports the refusal when nobody observes it', () => {
    const released: number[] = [];
    owner.reports.length = 0;
    const h = new RequestHandle('EntityAPI.createMesh', 9, owner, { release: (id) => released.push(id) });
    h.onError('TF4002', 'unknown mesh');
    expect(released, 'id released').toEqual([9]);
    expect(owner.reports.length, 'reported').toBe(1);
    expect(owner.reports[0], 'as TF5021').toMatch(/^TF5021 /);
  });
});
