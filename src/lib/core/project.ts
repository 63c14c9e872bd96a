// The project's own settings (`--project FILE.json`, the page's form), validated at the edge with
// zod: every key optional, an unknown key or a bad value is one Chinese line naming it.
import { z } from 'zod';
import type { ProjectSettings } from './types';
import { dayNumber } from './dates';

export class ProjectError extends Error {
  override name = 'ProjectError';
}

const date = z.string().refine((s) => dayNumber(s) !== null, { message: '应为真实存在的日期，写作 YYYY-MM-DD' });
const amount = z.number().finite().nonnegative();

const ProjectObject = z
  .object({
    mode: z.enum(['面授', '远程', '面授+远程']).optional(),
    start: date.optional(),
    end: date.optional(),
    hours: amount.optional(),
    credits: amount.optional(),
    planned: z.number().int().nonnegative().optional(),
    jjj: z.boolean().optional(),
    practical: z.boolean().optional(),
  })
  .strict();

export const ProjectSettingsSchema = ProjectObject.refine((p) => p.start === undefined || p.end === undefined || p.end >= p.start, { message: '结束日期早于开始日期', path: ['end'] });

export const PROJECT_KEYS = Object.keys(ProjectObject.shape);

/** Parse a project settings file (JSON text). Throws ProjectError with one Chinese line. */
export function parseProjectSettings(json: string): ProjectSettings {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new ProjectError('项目设置文件不是有效的 JSON');
  }
  const parsed = ProjectSettingsSchema.safeParse(data);
  if (parsed.success) return parsed.data as ProjectSettings;
  const first = parsed.error.issues[0];
  if (!first) throw new ProjectError('项目设置文件有误');
  if (first.code === 'unrecognized_keys') {
    throw new ProjectError(`项目设置文件有误：不认识的字段 ${first.keys.join('、')}（可用的字段：${PROJECT_KEYS.join('、')}）`);
  }
  const key = first.path.map(String).join('.');
  let what = first.message;
  if (first.code === 'invalid_type') what = key === '' ? '应为一个对象，如 {"credits": 2}' : '类型不对';
  else if (first.code === 'invalid_value') what = `应为 ${first.values.map((v) => String(v)).join('、')} 之一`;
  else if (first.code === 'too_small') what = '不能为负数';
  else if (first.code === 'invalid_format' || first.code === 'custom') what = first.message;
  else if (key === 'planned') what = '应为整数';
  throw new ProjectError(`项目设置文件有误${key ? `，字段 ${key}` : ''}：${what}`);
}
