// The manifest's 签到文件 column in roster-check --batch (issue #20): the sign-in files of each
// roster (relative to the manifest's folder) are never checked as rosters; each roster named with
// them is reconciled with them, and people present in two projects at overlapping times of one
// day are batch.overlap.
import { basename, dirname, join, resolve } from 'node:path';
import { defaultSettings, type Issue, type Profile, type Settings } from '../lib/core/index';
import { overlaps, type ProjectAttendance } from '../lib/core/attendance/reconcile';
import { rosterPeople } from '../lib/core/attendance/people';
import { signinCounts, type SigninCounts } from '../lib/core/attendance/report';
import { readManifest, type ManifestEntry } from '../lib/io/manifest';
import { checkFile } from '../lib/io/pipeline';
import { LARGE_CSV_BUDGET } from '../lib/io/read';
import { loadFile } from './batch-work';
import { readSigninFiles, reconcileChecked } from './signin';

export interface SigninPlan {
  /** Resolved paths of the sign-in files (never rosters). */
  excluded: Set<string>;
  entries: { entry: ManifestEntry; paths: string[] }[];
}

/** The sign-in files a manifest names; null when it names none or cannot be read (the batch says why). */
export function signinPlan(manifestPath: string): SigninPlan | null {
  const bytes = loadFile(manifestPath);
  if (!(bytes instanceof Uint8Array)) return null;
  let entries: ManifestEntry[];
  try {
    entries = readManifest(bytes, LARGE_CSV_BUDGET);
  } catch {
    return null;
  }
  const dir = dirname(manifestPath);
  const named = entries.filter((e) => e.signin?.length).map((entry) => ({ entry, paths: (entry.signin ?? []).map((p) => resolve(join(dir, p))) }));
  if (named.length === 0) return null;
  return { excluded: new Set(named.flatMap((n) => n.paths)), entries: named };
}

export interface SigninResult {
  file: string;
  signin: SigninCounts;
  issues: Issue[];
}

/**
 * Reconcile each roster the plan names (found by its path among the batch's files) with its
 * sign-in files; then the overlaps across them. A sign-in file that cannot be read: `refused`.
 */
export function runSignin(plan: SigninPlan, rosterPath: (entry: ManifestEntry) => { file: string; path: string } | undefined, profile: Profile, settings: Settings): { results: SigninResult[]; refused: string[] } {
  const results: SigninResult[] = [];
  const refused: string[] = [];
  const projects: ProjectAttendance[] = [];
  for (const { entry, paths } of plan.entries) {
    const roster = rosterPath(entry);
    if (!roster) continue;
    const read = readSigninFiles(paths);
    if ('error' in read) {
      refused.push(`${read.path}：${read.error}`);
      continue;
    }
    const bytes = loadFile(roster.path);
    if (!(bytes instanceof Uint8Array)) continue;
    const own = defaultSettings(profile, { ...settings, ...(entry.project ? { project: entry.project } : {}) });
    let checked;
    try {
      checked = checkFile(bytes, profile, own, { budget: LARGE_CSV_BUDGET });
    } catch {
      continue; // the batch already says why the roster cannot be read
    }
    const rec = reconcileChecked(basename(roster.file), checked, read);
    results.push({ file: roster.file, signin: signinCounts(rec), issues: rec.issues });
    const { people } = rosterPeople(checked.roster, checked.located);
    const withId = people.filter((p) => p.id !== null);
    projects.push({ file: roster.file, intervals: rec.intervals, rows: new Map(withId.map((p) => [p.id as string, p.row])), names: new Map(withId.map((p) => [p.id as string, p.name])) });
  }
  const found = overlaps(projects);
  for (const r of results) r.issues.push(...(found.get(r.file) ?? []));
  return { results, refused };
}
