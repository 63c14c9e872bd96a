// The project's own settings (`--project FILE.json`, the page's form), checked at the edge by
// core/project-check.ts (the same rules the page's form uses): every key optional, an unknown key
// or a bad value is one Chinese line naming it.
import type { ProjectSettings } from './types';
import { PROJECT_KEYS, checkProject } from './project-check';
import { fewOf } from './printable';

export { PROJECT_KEYS } from './project-check';

export class ProjectError extends Error {
  override name = 'ProjectError';
}

/**
 * Parse a project settings file (JSON text). Throws ProjectError with one Chinese line of at most
 * 80 columns (a second line may say what the file may hold).
 */
export function parseProjectSettings(json: string): ProjectSettings {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new ProjectError('项目设置文件的格式不对，无法读取；请按说明中的样例填写，如 {"credits": 2}');
  }
  const checked = checkProject(data);
  if ('settings' in checked) return checked.settings;
  const first = checked.errors[0];
  if (!first) throw new ProjectError('项目设置文件有误');
  if (first.kind === 'unknown') {
    const unknown = checked.errors.filter((e) => e.kind === 'unknown').map((e) => e.field);
    // One short line (a file may hold 300,000 keys), the fields it may use on the next.
    throw new ProjectError(`项目设置文件有误：不认识的字段 ${fewOf(unknown)}\n可用的字段：${PROJECT_KEYS.join('、')}`);
  }
  throw new ProjectError(`项目设置文件有误${first.field ? `，字段 ${first.field}` : ''}：${first.message}`);
}
