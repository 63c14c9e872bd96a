// The sign-in reconciliation (issue #20) at the issue's scale: a 1,000-person roster and a swipe log
// of 3,000 rows (scripts/make-signin.mjs --scale). Times (median of 5) reading the log through the
// package layer, checking the roster, matching and finding, and writing the report with its 签到核对
// sheet; then the built command line end to end. Prints figures; asserts nothing.
// Usage: node scripts/bench-signin.mjs [people] [swipes]
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeSigninScale } from './make-signin.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = fileURLToPath(new URL('../bench-out/', import.meta.url));
const [people = 1000, swipes = 3000] = process.argv.slice(2).map(Number);
const dir = makeSigninScale(people, swipes);

await build({
  stdin: {
    contents: `export * from './src/lib/core/index';
export { checkFile } from './src/lib/io/pipeline';
export { readAttendanceFile } from './src/lib/io/attendance';
export { writeReport } from './src/lib/io/report';
export { rosterPeople } from './src/lib/core/attendance/people';
export { reconcile } from './src/lib/core/attendance/reconcile';
export { signinCounts } from './src/lib/core/attendance/report';`,
    resolveDir: root,
    loader: 'ts',
  },
  outfile: `${out}signin-engine.mjs`, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning',
});
const E = await import(pathToFileURL(`${out}signin-engine.mjs`).href);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t = [];
  let result;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    result = fn();
    t.push(performance.now() - t0);
  }
  return { ms: median(t), result };
};

const profile = E.builtinProfile('national');
const project = E.parseProjectSettings(readFileSync(`${dir}project.json`, 'utf8'));
const settings = E.defaultSettings(profile, { project, today: '2026-11-22' });
const rosterBytes = new Uint8Array(readFileSync(`${dir}roster.xlsx`));
const logBytes = new Uint8Array(readFileSync(`${dir}swipes.csv`));
const read = time(() => E.readAttendanceFile(logBytes, 'swipes.csv'));
const check = time(() => E.checkFile(rosterBytes, profile, settings));
const checked = check.result;
const match = time(() => {
  const { people: ps, hasIdColumn } = E.rosterPeople(checked.roster, checked.located);
  return E.reconcile({ rosterFile: 'roster.xlsx', people: ps, hasIdColumn, files: ['swipes.csv'], records: read.result.records, project });
});
const rec = match.result;
const report = time(() => E.writeReport({ fileName: 'roster.xlsx', sha256: '', sheetName: checked.located.sheetName, headerRow: 1, profile, settings, summary: checked.roster.summary(), issues: rec.issues, mask: true, generatedAt: '', signin: { counts: E.signinCounts(rec), rosterPeople: rec.rosterPeople, issues: rec.issues } }));

execFileSync(process.execPath, [`${root}scripts/build-cli.mjs`], { cwd: root });
const cliTimes = [];
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, [`${root}dist-cli/roster-check.mjs`, '--json', '--project', `${dir}project.json`, '--signin', `${dir}swipes.csv`, `${dir}roster.xlsx`], { maxBuffer: 1 << 28 });
  cliTimes.push(performance.now() - t0);
}
const f = (ms) => `${ms.toFixed(1)} ms`;
console.log(`签到核对 (roster ${people} people, swipe log ${swipes} rows: ${read.result.records.length} records)`);
console.log(`  read swipe log        ${f(read.ms)}`);
console.log(`  check roster          ${f(check.ms)}`);
console.log(`  match + findings      ${f(match.ms)}  (matched ${rec.matched}, missing ${rec.missing}, absent ${rec.absent}, unsure ${rec.unsure}, ${rec.issues.length} findings)`);
console.log(`  report with 签到核对   ${f(report.ms)}`);
console.log(`  command line, end to end (median of 3): ${f(median(cliTimes))}`);
