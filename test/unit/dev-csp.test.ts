import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { devServerCsp } from '../../vite.config';

const html = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');
const policy = (h: string) => h.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1] ?? '';

describe("the dev server's Content-Security-Policy", () => {
  it("lets Vite's live reload connect back to the dev server, on the dev server only", () => {
    const plugin = devServerCsp();
    expect(plugin.apply).toBe('serve');
    const transform = plugin.transformIndexHtml as (h: string) => string;
    const dev = policy(transform(html));
    expect(dev).toContain("connect-src 'self' ws://127.0.0.1:* ws://localhost:*");
    expect(dev).not.toContain("connect-src 'none'");
    // Everything else stays as strict as in the built page.
    expect(dev.replace(/connect-src [^;]*/, '')).toBe(policy(html).replace(/connect-src [^;]*/, ''));
    expect(policy(html)).toContain("connect-src 'none'");
  });
});
