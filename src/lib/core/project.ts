// The project's own settings (`--project FILE.json`, the page's form), checked at the edge by
// core/project-check.ts (the same rules the page's form uses): every key optional, an unknown key
// or a bad value is one Chinese line naming it.
import type { ProjectSettings } from './types';
import { PROJECT_KEYS, checkProject } from './project-check';

export { PROJECT_KEYS } from './project-check';

export class ProjectError extends Error {
  override name = 'ProjectError';
}

/** Parse a project settings file (JSON text). Throws ProjectError with one Chinese line. */
export function parseProjectSettings(json: string): ProjectSettings {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new ProjectError('项目设置文件不是有效的 JSON');
  }
  const checked = checkProject(data);
  if ('settings' in checked) return checked.settings;
  const first = checked.errors[0];
  if (!first) throw new ProjectError('项目设置文件有误');
  if (first.kind === 'unknown') {
    const unknown = checked.errors.filter((e) => e.kind === 'unknown').map((e) => e.field);
    throw new ProjectError(`项目设置文件有误：不认识的字段 ${unknown.join('、')}（可用的字段：${PROJECT_KEYS.join('、')}）`);
  }
  throw new ProjectError(`项目设置文件有误${first.field ? `，字段 ${first.field}` : ''}：${first.message}`);
}
