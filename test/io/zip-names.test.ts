// Zip member names as Windows Explorer and 7-Zip show them (io/zip-names.ts), through the one zip
// reader the page and the command line share. Every zip is built here field by field: the name's
// bytes, the UTF-8 flag, the system that made it, and the Info-ZIP Unicode Path extra field.
import { describe, expect, it } from 'vitest';
import { zipMembers } from '../../src/lib/io/zip-batch';
import { zipMembers as cliZipMembers } from '../../src/cli/zipin';
import { zipFile } from '../../scripts/zip.mjs';
import { encodeGbk } from '../../scripts/synth.mjs';
import { unicodePath } from '../../scripts/hostile-names.mjs';

const utf8 = (s: string) => new TextEncoder().encode(s);
const gbk = (s: string) => Uint8Array.from(encodeGbk(s) as ArrayLike<number>);
const DOS = 20;
const NTFS = (10 << 8) | 20;
const UNIX = (3 << 8) | 20;
const MACOS = (19 << 8) | 20;
const data = utf8('姓名,证件号码\n');


interface Entry { name: Uint8Array; flags?: number; madeBy?: number; centralExtra?: Uint8Array }
const namesOf = (entries: Entry[]) => {
  const zip = zipFile(entries.map((e) => ({ data, ...e })));
  const page = zipMembers(zip).map((m) => m.name);
  // The page and the command line read the same names.
  expect(cliZipMembers(zip).map((m) => m.name)).toEqual(page);
  return page;
};

describe('zip member names', () => {
  it('reads a GBK name that happens to be valid UTF-8 as GBK when Windows made the zip (学员通讯录, not ѧԱͨѶ¼)', () => {
    const raw = gbk('学员通讯录.xlsx');
    // The trap: these bytes decode as UTF-8 without an error.
    expect(new TextDecoder('utf-8', { fatal: true }).decode(raw)).toBe('ѧԱͨѶ¼.xlsx');
    expect(namesOf([{ name: raw, flags: 0, madeBy: DOS }])).toEqual(['学员通讯录.xlsx']);
    expect(namesOf([{ name: raw, flags: 0, madeBy: NTFS }])).toEqual(['学员通讯录.xlsx']);
  });

  it('reads a GBK name that is not valid UTF-8, and one in a folder', () => {
    expect(namesOf([{ name: gbk('心内科/名单.csv'), flags: 0, madeBy: DOS }])).toEqual(['心内科/名单.csv']);
  });

  it('reads UTF-8 names written without the flag by macOS and Unix tools, and GBK ones they were handed', () => {
    expect(namesOf([{ name: utf8('护理部名单.xlsx'), flags: 0, madeBy: MACOS }])).toEqual(['护理部名单.xlsx']);
    expect(namesOf([{ name: utf8('护理部名单.xlsx'), flags: 0, madeBy: UNIX }])).toEqual(['护理部名单.xlsx']);
    expect(namesOf([{ name: gbk('名单.csv'), flags: 0, madeBy: UNIX }])).toEqual(['名单.csv']);
  });

  it('reads a name flagged as UTF-8 as UTF-8, whoever made the zip', () => {
    expect(namesOf([{ name: utf8('学员通讯录.xlsx'), flags: 0x800, madeBy: DOS }])).toEqual(['学员通讯录.xlsx']);
  });

  it('takes the Unicode Path field when its checksum matches the stored name, and ignores it when it does not', () => {
    const raw = gbk('名单.xlsx');
    expect(namesOf([{ name: raw, flags: 0, madeBy: DOS, centralExtra: unicodePath('急诊科名单.xlsx', raw) }])).toEqual(['急诊科名单.xlsx']);
    // A tool renamed the entry and left the old field behind: the stored name wins.
    expect(namesOf([{ name: raw, flags: 0, madeBy: DOS, centralExtra: unicodePath('旧名字.xlsx', raw, 0x12345678) }])).toEqual(['名单.xlsx']);
    // The field wins over the UTF-8 flag too.
    const stored = utf8('??.xlsx');
    expect(namesOf([{ name: stored, flags: 0x800, madeBy: UNIX, centralExtra: unicodePath('麻醉科.xlsx', stored) }])).toEqual(['麻醉科.xlsx']);
  });
});
