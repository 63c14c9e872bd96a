// Fixtures are made fresh by the checked-in script before the tests, never edited by hand.
export default async function setup(): Promise<void> {
  const { makeAll } = await import('../scripts/make-fixtures.mjs');
  makeAll();
  (await import('../scripts/make-hostile.mjs')).makeHostile();
  const batch = await import('../scripts/make-batch.mjs');
  batch.makeBatch();
  batch.makeManifests();
  (await import('../scripts/make-signin.mjs')).makeSignin();
}
