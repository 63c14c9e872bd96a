// docs/使用说明.md is the page's 帮助 text (ui/help.ts), word for word. To write it after changing
// the help: UPDATE_HELP=1 npx vitest run test/unit/help-doc.test.ts
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HELP, helpMarkdown } from '../../src/lib/ui/help';

const DOC = fileURLToPath(new URL('../../docs/使用说明.md', import.meta.url));

describe('使用说明', () => {
  it('docs/使用说明.md holds the same text as the page\'s 帮助 panel', () => {
    if (process.env.UPDATE_HELP) writeFileSync(DOC, helpMarkdown());
    expect(readFileSync(DOC, 'utf8')).toBe(helpMarkdown());
  });

  it('is plain Chinese: no English words, no technical terms', () => {
    const text = HELP.flatMap((s) => [s.title, ...s.paragraphs, ...(s.items ?? [])]).join('\n');
    // File names and browser names are what the user sees on screen; nothing else in Latin letters.
    const latin = text.replace(/roster-check\.html|Chrome|Edge|Excel|CSV|xlsx?|U 盘|QQ|IE/g, '').match(/[A-Za-z]{2,}/g);
    expect(latin).toBeNull();
    expect(text).not.toMatch(/SHA|IndexedDB|Worker|localStorage|Chromium/i);
  });
});
