// The one reader of zips of rosters, as the page uses it (fflate) and as the command line does
// (node's zlib): the same answers for the same hostile entries.
import { describe, expect, it } from 'vitest';
import { zipMembers } from '../../src/lib/io/zip-batch';
import { zipMembers as cliZipMembers } from '../../src/cli/zipin';
import { zipFile } from '../../scripts/zip.mjs';

const TOO_LARGE = '解压后过大（超过 32 MB），无法读取';
const CORRUPT = '压缩包已损坏或不完整，无法读取；请重新压缩后再试';

describe('a zip of rosters, read entry by entry', () => {
  const roster = new TextEncoder().encode('姓名,身份证件号码\n张三,110101199003077777\n');
  const zeros = new Uint8Array(40 * 1024 * 1024);
  const zip = zipFile([
    { name: '名单.csv', data: roster },
    { name: '大.csv', data: zeros },
    { name: '谎报.csv', data: zeros, lie: { usz: 1000, localUsz: 1000 } },
    { name: '__MACOSX/._名单.csv', data: roster },
    { name: '~$名单.xlsx', data: roster },
  ]);

  for (const [who, read] of [['the page', zipMembers], ['the command line', cliZipMembers]] as const) {
    it(`gives ${who} the roster whole, and a sentence for an entry too large or lying about its size`, () => {
      const members = read(zip);
      expect(members.map((m) => m.name)).toEqual(['名单.csv', '大.csv', '谎报.csv']);
      expect(members[0]!.read()).toEqual(roster);
      expect(members[1]!.read()).toEqual({ error: TOO_LARGE });
      expect(members[2]!.read()).toEqual({ error: TOO_LARGE });
    });
  }

  it('says an entry whose bytes were damaged is corrupt (its checksum differs)', () => {
    const small = zipFile([{ name: '名单.csv', data: roster }]);
    const damaged = small.slice();
    // The stored data starts after the 30-byte local header and the name.
    damaged[30 + new TextEncoder().encode('名单.csv').length + 3]! ^= 0xff;
    for (const read of [zipMembers, cliZipMembers]) expect(read(damaged)[0]!.read()).toEqual({ error: CORRUPT });
  });

  it('checks the other rosters of a zip with two names differing only in case, and lists the second with the reason', () => {
    const twins = zipFile([
      { name: '内科/名单.csv', data: roster },
      { name: 'A.csv', data: roster },
      { name: 'a.csv', data: roster },
      { name: '外科/名单.csv', data: roster },
    ]);
    for (const read of [zipMembers, cliZipMembers]) {
      const members = read(twins);
      expect(members.map((m) => m.name)).toEqual(['内科/名单.csv', 'A.csv', 'a.csv', '外科/名单.csv']);
      expect(members[0]!.read()).toEqual(roster);
      expect(members[1]!.read()).toEqual(roster);
      expect(members[2]!.read()).toEqual({ error: '与压缩包中的「A.csv」同名（只差大小写），解压时会互相覆盖，没有检查；请改名后重新压缩' });
      expect(members[3]!.read()).toEqual(roster);
    }
  });
});
