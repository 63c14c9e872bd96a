// Small parts are inflated at once (package.ts, AT_ONCE): the same parts, and the same refusals,
// as the streaming inflater gives larger ones.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PackageError, readPackage } from '../../src/lib/io/package';
import { zipFile } from '../../scripts/zip.mjs';

const SHEET = 'xl/worksheets/sheet1.xml';
const problem = (zip: Uint8Array) => {
  try {
    readPackage(zip);
  } catch (e) {
    if (e instanceof PackageError) return e.problem;
    throw e;
  }
  return null;
};

describe('parts inflated at once', () => {
  const data = new TextEncoder().encode('<c r="A1"><v>1</v></c>'.repeat(2000));
  const deflated = zlib.deflateRawSync(data);

  it('reads a small part exactly as zlib inflates it, and counts its cells', () => {
    expect(deflated.length).toBeLessThan(64 * 1024);
    const pkg = readPackage(zipFile([{ name: SHEET, deflated, crc: 0, size: data.length }]));
    expect(pkg.parts.get(SHEET)).toEqual(data);
    expect(pkg.cells).toBe(2000);
  });

  it('refuses a small part that inflates to more than it declares, and one that inflates to less', () => {
    expect(problem(zipFile([{ name: SHEET, deflated, crc: 0, size: data.length - 1 }]))).toBe('too-large');
    expect(problem(zipFile([{ name: SHEET, deflated, crc: 0, size: 100 }]))).toBe('too-large');
    expect(problem(zipFile([{ name: SHEET, deflated, crc: 0, size: data.length + 1 }]))).toBe('corrupt');
  });

  it('refuses a broken stream', () => {
    const broken = deflated.slice(0, deflated.length >> 1);
    expect(problem(zipFile([{ name: SHEET, deflated: broken, crc: 0, size: data.length }]))).toBe('corrupt');
  });
});
