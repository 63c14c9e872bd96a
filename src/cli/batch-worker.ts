// A worker thread of roster-check --batch: reads and checks the rosters it is sent, one at a time,
// and answers with what the batch keeps of each (batch-work.ts). Bundled as dist-cli/batch-worker.mjs.
import { parentPort, workerData } from 'node:worker_threads';
import type { Profile, ProjectSettings, Settings } from '../lib/core/index';
import { loadFile, processSafely, type Processed } from './batch-work';

export interface WorkerJob {
  id: number;
  file: string;
  /** A file on disk to read here, or the bytes already read (a zip entry), or why there are none. */
  path?: string;
  bytes?: Uint8Array | { error: string };
  /** The roster's own project settings (its manifest row, else --project). */
  project?: ProjectSettings;
}
export interface WorkerAnswer {
  id: number;
  result: Processed;
}

const { profile, settings } = workerData as { profile: Profile; settings: Settings };

parentPort?.on('message', (job: WorkerJob) => {
  const bytes = job.path !== undefined ? loadFile(job.path) : job.bytes ?? { error: '找不到文件或无法打开' };
  const answer: WorkerAnswer = { id: job.id, result: processSafely(bytes, job.file, profile, job.project ? { ...settings, project: job.project } : settings) };
  parentPort?.postMessage(answer);
});
