import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearTemplate, loadTemplate, saveTemplate, type SavedTemplate } from '../../src/lib/ui/persist-template';

const saved: SavedTemplate = {
  profile: '{"extends":"national","columns":[{"name":"姓名"}]}',
  summary: { fileName: '模板.xlsx', sheetName: '学员通讯录', headerRow: 2, columns: [{ label: '姓名', builtin: '姓名', required: true, listSize: null, fromTemplate: false }], added: [], dropped: [], notes: [] },
  savedAt: '2026-11-23T12:00:00Z',
};

describe('the template kept in the browser', () => {
  let store: Map<string, string>;
  beforeEach(() => {
    store = new Map();
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it('comes back after a reload until it is removed', () => {
    expect(saveTemplate(saved)).toBe(true);
    expect(loadTemplate()).toEqual(saved);
    clearTemplate();
    expect(loadTemplate()).toBeNull();
  });

  it('is ignored when what is stored is not a template', () => {
    for (const bad of ['not json', 'null', '{"profile": 1}', JSON.stringify({ ...saved, summary: { ...saved.summary, columns: 'x' } })]) {
      store.set('roster-check:template', bad);
      expect(loadTemplate()).toBeNull();
    }
  });

  it('says so when the browser will not keep it', () => {
    (globalThis as { localStorage?: unknown }).localStorage = { setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(saveTemplate(saved)).toBe(false);
  });
});
