// Fixtures are made fresh by the checked-in script before the tests, never edited by hand; the
// command line (dist-cli/) is built once here, before any test file runs it, so that no two test
// files build it at the same time and none runs a half-written bundle.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default async function setup(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root, stdio: 'inherit' });
  const { makeAll } = await import('../scripts/make-fixtures.mjs');
  makeAll();
  (await import('../scripts/make-hostile.mjs')).makeHostile();
  const batch = await import('../scripts/make-batch.mjs');
  batch.makeBatch();
  batch.makeManifests();
  (await import('../scripts/make-signin.mjs')).makeSignin();
}
