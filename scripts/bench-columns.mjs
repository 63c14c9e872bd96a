// Prints how long the 核对列 proposals take on a 100,000-row roster (core/columns.ts: samples of at
// most 500 cells a column, then header and content scores). Usage: node scripts/bench-columns.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bench-columns-'));
const outfile = join(dir, 'columns.mjs');
await build({ stdin: { contents: "export { columnSamples, proposeColumns } from './src/lib/core/columns'; export { builtinProfile } from './src/lib/core/profile';", resolveDir: root, loader: 'ts' }, outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning' });
const { columnSamples, proposeColumns, builtinProfile } = await import(pathToFileURL(outfile).href);
rmSync(dir, { recursive: true });
const header = ['序号', '姓名', '性别', '证件类型', '身份证号码/护照号', '工作单位', '科室', '', '单位所在省份', '是否基层单位', '职称', '学历', '所在学科', '联系方式', '电子邮箱'];
const row = ['1', '张三', '男', '居民身份证', '110101199003070011', '北京协和医院', '内科', '', '北京市', '否', '主治医师', '大学本科', '临床内科学', '13812345678', 'a@b.cn'];
const rows = [header, ...Array.from({ length: 100000 }, () => row.slice())];
const p = builtinProfile('national');
for (let k = 0; k < 3; k++) {
  const t = performance.now();
  const s = columnSamples(rows, 1, header.length);
  const out = proposeColumns(header, p, s);
  console.log(`100,000 rows, 15 columns: samples + proposals ${(performance.now() - t).toFixed(1)} ms; 手机号码 → ${out.find((m) => m.column === '手机号码').index} by ${out.find((m) => m.column === '手机号码').by}`);
}
