// Profiles are data, validated with zod: when the official template changes, a profile changes,
// not the rules. A user may extend one with a JSON file of their own (see `extendProfile`).
import { z } from 'zod';
import nationalJson from './profiles/national.json';
import beijingJson from './profiles/beijing.json';

/** What a column holds; each kind has one checker in rules/columns.ts. */
export const COLUMN_KINDS = [
  'serial',
  'name',
  'gender',
  'idType',
  'idNumber',
  'unit',
  'province',
  'grassroots',
  'title',
  'education',
  'subject',
  'mobile',
  'email',
] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

const text = z.string().min(1);

export const DictionarySchema = z.object({
  /** The allowed values, exactly as the reporting system spells them. */
  values: z.array(text).min(1),
  /** Known slips, each with the one value it certainly means. */
  slips: z.record(z.string(), text).default({}),
  /** Values that are wrong and cannot be fixed (a level instead of a title): value → hint. */
  vague: z.record(z.string(), z.string()).default({}),
});
export type Dictionary = z.infer<typeof DictionarySchema>;

export const ColumnSchema = z.object({
  name: text,
  kind: z.enum(COLUMN_KINDS),
  required: z.boolean(),
  aliases: z.array(text).default([]),
  /** Dictionary name for dictionary columns. */
  dictionary: z.string().optional(),
});
export type Column = z.infer<typeof ColumnSchema>;

/** A figure from a notice, with the paragraph it comes from (cited in messages and the README). */
const sourced = <T extends z.ZodType>(value: T) => z.object({ value, source: text });

/** The notices' project rules (credits, dates, enrolment): data, so that next year's notice is a profile change. */
export const ProjectRulesSchema = z.object({
  hoursPerCredit: sourced(z.number().positive()),
  maxCredits: sourced(z.number().positive()),
  maxCreditsRemote: sourced(z.number().positive()),
  creditsPerDay: sourced(z.number().positive()),
  jjjMinPlanned: sourced(z.number().int().positive()),
  planned: z.object({ source: text }),
  filingDaysBefore: sourced(z.number().int().nonnegative()),
  feedbackDaysAfter: sourced(z.number().int().nonnegative()),
  /** Warn of the feedback deadline this many days ahead. */
  feedbackWarnDays: z.number().int().nonnegative(),
  /** Dates that hold for one year: projects of that year must be held by then. */
  heldBy: z.array(z.object({ year: z.number().int(), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), source: text })),
});
export type ProjectRules = z.infer<typeof ProjectRulesSchema>;

export const ProfileSchema = z
  .object({
    id: text,
    name: text,
    hostProvince: text,
    shareRule: z.object({ enabled: z.boolean(), min: z.number().gt(0).lt(1) }),
    attendeeRange: z.object({ min: z.number().int().nonnegative(), max: z.number().int().positive() }),
    columns: z.array(ColumnSchema).min(1),
    dictionaries: z.record(z.string(), DictionarySchema),
    /** Unit-name fragments of grassroots institutions (基本医疗卫生与健康促进法 Art. 107). */
    grassrootsKeywords: z.array(text).default([]),
    /** 证件类型 values that carry an 18-digit resident ID number. */
    residentIdTypes: z.array(text).min(1),
    /** The 证件类型 assumed when the cell or column is empty. */
    defaultIdType: text,
    projectRules: ProjectRulesSchema,
  })
  .superRefine((p, ctx) => {
    p.columns.forEach((c, i) => {
      if (c.dictionary !== undefined && !(c.dictionary in p.dictionaries)) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'dictionary'], message: `没有名为“${c.dictionary}”的字典` });
      }
    });
  });
export type Profile = z.infer<typeof ProfileSchema>;


export function builtinProfile(id: string): Profile {
  const p = BUILTIN_PROFILES[id];
  if (!p) throw new ProfileError(`未知的校验方案“${id}”，可选：${Object.keys(BUILTIN_PROFILES).join('、')}`);
  return p;
}

export class ProfileError extends Error {
  override name = 'ProfileError';
}

/**
 * A user's profile file: it names a built-in profile to extend and adds to it. Lists are added to
 * (values, aliases, keywords), maps are merged (slips, vague), scalars replace.
 */
export const ProfileExtensionSchema = z
  .object({
    extends: z.string().default('national'),
    id: text.optional(),
    name: text.optional(),
    hostProvince: text.optional(),
    shareRule: z.object({ enabled: z.boolean().optional(), min: z.number().gt(0).lt(1).optional() }).strict().optional(),
    attendeeRange: z
      .object({ min: z.number().int().nonnegative().optional(), max: z.number().int().positive().optional() })
      .strict()
      .optional(),
    columns: z
      .record(
        z.string(),
        z.object({ required: z.boolean().optional(), aliases: z.array(text).optional() }).strict(),
      )
      .optional(),
    dictionaries: z
      .record(
        z.string(),
        z
          .object({
            values: z.array(text).optional(),
            slips: z.record(z.string(), text).optional(),
            vague: z.record(z.string(), z.string()).optional(),
          })
          .strict(),
      )
      .optional(),
    grassrootsKeywords: z.array(text).optional(),
  })
  .strict();
export type ProfileExtension = z.infer<typeof ProfileExtensionSchema>;

const national = ProfileSchema.parse(nationalJson);
/** Built-in profiles. The municipal one is itself an extension file, like a user's own. */
export const BUILTIN_PROFILES: Record<string, Profile> = {
  national,
  beijing: extendProfile(national, ProfileExtensionSchema.parse(beijingJson)),
};

function describeZodError(err: z.ZodError): string {
  const first = err.issues[0];
  if (!first) return '格式不正确';
  const path = first.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  let what = first.message;
  if (first.code === 'unrecognized_keys') what = `不认识的字段 ${first.keys.join('、')}`;
  else if (first.code === 'invalid_type') what = `类型不对（应为${first.expected}）`;
  return path ? `字段 ${path}：${what}` : what;
}

/** Parse a user's profile file (JSON text) and apply it to the built-in profile it extends. */
export function profileFromJson(json: string): Profile {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new ProfileError(`校验方案文件不是有效的 JSON：${(e as Error).message}`);
  }
  const parsed = ProfileExtensionSchema.safeParse(data);
  if (!parsed.success) throw new ProfileError(`校验方案文件有误，${describeZodError(parsed.error)}`);
  return extendProfile(builtinProfile(parsed.data.extends), parsed.data);
}

export function extendProfile(base: Profile, ext: ProfileExtension): Profile {
  const columns = base.columns.map((c) => ({ ...c, aliases: [...c.aliases] }));
  for (const [name, patch] of Object.entries(ext.columns ?? {})) {
    const col = columns.find((c) => c.name === name);
    if (!col) throw new ProfileError(`校验方案文件有误，字段 columns.${name}：模板中没有这一列`);
    if (patch.required !== undefined) col.required = patch.required;
    if (patch.aliases) col.aliases.push(...patch.aliases);
  }
  const dictionaries: Record<string, Dictionary> = {};
  for (const [name, d] of Object.entries(base.dictionaries)) {
    dictionaries[name] = { values: [...d.values], slips: { ...d.slips }, vague: { ...d.vague } };
  }
  for (const [name, patch] of Object.entries(ext.dictionaries ?? {})) {
    const d = dictionaries[name];
    if (!d) throw new ProfileError(`校验方案文件有误，字段 dictionaries.${name}：没有这个字典`);
    if (patch.values) d.values.push(...patch.values.filter((v) => !d.values.includes(v)));
    Object.assign(d.slips, patch.slips ?? {});
    Object.assign(d.vague, patch.vague ?? {});
  }
  const merged = {
    ...base,
    id: ext.id ?? `${base.id}+custom`,
    name: ext.name ?? `${base.name}（自定义）`,
    hostProvince: ext.hostProvince ?? base.hostProvince,
    shareRule: { ...base.shareRule, ...ext.shareRule },
    attendeeRange: { ...base.attendeeRange, ...ext.attendeeRange },
    columns,
    dictionaries,
    grassrootsKeywords: [...base.grassrootsKeywords, ...(ext.grassrootsKeywords ?? [])],
  };
  const checked = ProfileSchema.safeParse(merged);
  if (!checked.success) throw new ProfileError(`校验方案文件有误，${describeZodError(checked.error)}`);
  return checked.data;
}
