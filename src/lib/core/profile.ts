// Profiles are data, validated with zod: when the official template changes, a profile changes,
// not the rules. A user may extend one with a JSON file of their own (see `extendProfile`), or
// replace its columns and dictionaries with those of the official blank template (io/template.ts
// derives such a file; the template is not public and changes yearly).
import { z } from 'zod';
import nationalJson from './profiles/national.json';
import beijingJson from './profiles/beijing.json';
import { LINE_COLUMNS, columns, fewOf, fitColumns, printable } from './printable';

/**
 * What a column holds; each kind has one checker in check.ts. `text` is checked only for being
 * filled when required; `dictionary` is any column with a drop-down list (a template's own column).
 */
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
  'text',
  'dictionary',
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

/** The official template a profile was derived from: its header, for the `template.*` rules. */
export const TemplateInfoSchema = z
  .object({
    /** The template's file name, as the user chose it. */
    file: z.string().default(''),
    /** The template's header cells in order, notes such as “(必填)” stripped. */
    columns: z.array(text).min(1),
    /** The same cells exactly as the template has them (notes kept): what a header fix writes. */
    cells: z.array(z.string()).optional(),
  })
  .strict();
export type TemplateInfo = z.infer<typeof TemplateInfoSchema>;

/** A figure from a notice, with the paragraph it comes from (cited in messages and docs/rules.md). */
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
    /** Set when the profile was derived from an official blank template. */
    template: TemplateInfoSchema.optional(),
    projectRules: ProjectRulesSchema,
  })
  .superRefine((p, ctx) => {
    p.columns.forEach((c, i) => {
      if (c.dictionary !== undefined && !Object.hasOwn(p.dictionaries, c.dictionary)) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'dictionary'], message: `没有名为“${c.dictionary}”的字典` });
      }
      if (c.kind === 'dictionary' && c.dictionary === undefined) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'dictionary'], message: '下拉列（dictionary）须指定字典' });
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

/** One column of a profile file: only `name` is needed for a column the built-in profile has. */
const ColumnPatchSchema = z
  .object({
    kind: z.enum(COLUMN_KINDS).optional(),
    required: z.boolean().optional(),
    aliases: z.array(text).optional(),
    dictionary: text.optional(),
  })
  .strict();
const ColumnEntrySchema = ColumnPatchSchema.extend({ name: text }).strict();
export type ColumnEntry = z.infer<typeof ColumnEntrySchema>;

/**
 * A user's profile file: it names a built-in profile to extend and adds to it. Lists are added to
 * (values, aliases, keywords), maps are merged (slips, vague), scalars replace.
 *
 * To describe a template completely, a file may also replace:
 * - `columns` as an array is the whole column list, in order. An entry named like a built-in
 *   column keeps that column's kind, rules and aliases unless it says otherwise; any other entry
 *   is a new column (`kind` "text" unless given, or "dictionary" when it names a dictionary).
 * - `columns` as an object patches built-in columns; an entry with a `kind` may add a new one.
 * - a dictionary with `"replace": true` has exactly the given values (slips that no longer lead
 *   to one of them are dropped); a dictionary the built-in profile lacks is added.
 */
export const ProfileExtensionSchema = z
  .object({
    extends: z.string().default('national'),
    id: text.optional(),
    name: text.optional(),
    hostProvince: text.optional(),
    shareRule: z.object({ enabled: z.boolean().optional(), min: z.number().gt(0).lt(1).optional() }).strict().optional(),
    attendeeRange: z
      // At most the planned enrolment's range (core/project-check.ts): a bigger figure is a slip.
      .object({ min: z.number().int().nonnegative().max(100_000).optional(), max: z.number().int().positive().max(100_000).optional() })
      .strict()
      .optional(),
    columns: z.union([z.array(ColumnEntrySchema).min(1), z.record(z.string(), ColumnPatchSchema)]).optional(),
    dictionaries: z
      .record(
        z.string(),
        z
          .object({
            values: z.array(text).optional(),
            replace: z.boolean().optional(),
            slips: z.record(z.string(), text).optional(),
            vague: z.record(z.string(), z.string()).optional(),
          })
          .strict(),
      )
      .optional(),
    grassrootsKeywords: z.array(text).optional(),
    template: TemplateInfoSchema.optional(),
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
  let first: z.core.$ZodIssue | undefined = err.issues[0];
  let prefix: PropertyKey[] = [];
  // `columns` is an array or an object: name the problem of the form the file used, not "Invalid input".
  while (first?.code === 'invalid_union') {
    const branches = first.errors.filter((b) => b.length > 0);
    const chosen = branches.find((b) => !(b[0]?.code === 'invalid_type' && b[0].path.length === 0)) ?? branches[0];
    prefix = [...prefix, ...first.path];
    first = chosen?.[0];
  }
  if (!first) return '格式不正确';
  // Names come from the file: escaped, and cut (keeping their end, the field itself) so that
  // "roster-check: 校验方案文件有误，字段 …：…" stays one 80-column line.
  const what = zodWhat(first);
  const full = printable([...prefix, ...first.path].map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, ''));
  const room = Math.max(24, LINE_COLUMNS - 39 - columns(what));
  const path = columns(full) <= room ? full : `…${[...full].slice(-(room - 1)).join('')}`;
  return path ? `字段 ${path}：${what}` : what;
}

const TYPE_NAMES: Record<string, string> = { string: '文字', number: '数字', int: '整数', boolean: 'true 或 false', array: '列表', object: '对象' };

/** What is wrong with a value, in Chinese (zod's own messages are English). */
function zodWhat(i: z.core.$ZodIssue): string {
  switch (i.code) {
    case 'unrecognized_keys':
      return `不认识的字段 ${fewOf(i.keys)}`;
    case 'invalid_type':
      return `应为${TYPE_NAMES[i.expected] ?? i.expected}`;
    case 'too_big':
      return typeof i.maximum === 'number' && i.maximum < Number.MAX_SAFE_INTEGER ? `不能大于 ${i.maximum}` : '数字过大';
    case 'too_small':
      return typeof i.minimum === 'number' ? (i.minimum === 0 && !i.inclusive ? '应大于 0' : `不能小于 ${i.minimum}`) : '过小或过短';
    case 'not_multiple_of':
      return '应为整数';
    case 'invalid_format':
      return '格式不对';
    case 'invalid_value':
      return `应为 ${fewOf(i.values.map(String))} 之一`;
    default:
      // The schema's own messages (refinements) are Chinese already; zod's are not.
      return /[\u4e00-\u9fff]/.test(i.message) ? i.message : '取值不对';
  }
}

/**
 * Parse a user's profile file (JSON text) and apply it to the built-in profile it extends, or to
 * `options.base` when given (the page applies a template's profile to the level the user chose).
 */
export function profileFromJson(json: string, options: { base?: string } = {}): Profile {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    // Never the parser's own (English) words: say what to do.
    throw new ProfileError('校验方案文件的格式不对，无法读取；请用 --make-profile 重新生成，或按说明中的样例修改');
  }
  const parsed = ProfileExtensionSchema.safeParse(data);
  if (!parsed.success) throw new ProfileError(`校验方案文件有误，${describeZodError(parsed.error)}`);
  return extendProfile(builtinProfile(options.base ?? parsed.data.extends), parsed.data);
}

export function extendProfile(base: Profile, ext: ProfileExtension): Profile {
  const bad = (path: string, what: string) => new ProfileError(`校验方案文件有误，字段 ${fitColumns(printable(path), 24)}：${what}`);
  // Own-property look-ups only: names come from files, and "__proto__" or "constructor" must not
  // find Object.prototype.
  const dictionaries = new Map<string, Dictionary>();
  for (const [name, d] of Object.entries(base.dictionaries)) {
    dictionaries.set(name, { values: [...d.values], slips: { ...d.slips }, vague: { ...d.vague } });
  }
  for (const [name, patch] of Object.entries(ext.dictionaries ?? {})) {
    let d = dictionaries.get(name);
    if (!d) {
      if (!patch.values) throw bad(`dictionaries.${name}`, '没有这个字典');
      d = { values: [], slips: {}, vague: {} };
      dictionaries.set(name, d);
    }
    if (patch.values && patch.replace) {
      const values = [...new Set(patch.values)];
      const kept = new Set(values);
      d.values = values;
      // A slip must still lead to an allowed value, and an allowed value is no slip.
      d.slips = Object.fromEntries(Object.entries(d.slips).filter(([from, to]) => kept.has(to) && !kept.has(from)));
      d.vague = Object.fromEntries(Object.entries(d.vague).filter(([v]) => !kept.has(v)));
    } else if (patch.values) {
      const has = new Set(d.values);
      for (const v of patch.values) {
        if (has.has(v)) continue;
        has.add(v);
        d.values.push(v);
      }
    }
    Object.assign(d.slips, patch.slips ?? {});
    Object.assign(d.vague, patch.vague ?? {});
  }

  const byName = new Map(base.columns.map((c) => [c.name, c]));
  const columnFrom = (name: string, patch: z.infer<typeof ColumnPatchSchema>, path: string): Column => {
    const known = byName.get(name);
    const dictionary = patch.dictionary ?? (patch.kind === undefined || patch.kind === known?.kind ? known?.dictionary : undefined);
    const col: Column = {
      name,
      kind: patch.kind ?? known?.kind ?? (patch.dictionary ? 'dictionary' : 'text'),
      required: patch.required ?? known?.required ?? false,
      aliases: [...(known?.aliases ?? []), ...(patch.aliases ?? []).filter((a) => !known?.aliases.includes(a))],
    };
    if (dictionary !== undefined) col.dictionary = dictionary;
    if (col.dictionary !== undefined && !dictionaries.has(col.dictionary)) throw bad(`${path}.dictionary`, `没有名为“${col.dictionary}”的字典`);
    return col;
  };
  let columns: Column[];
  if (Array.isArray(ext.columns)) {
    const seen = new Set<string>();
    columns = ext.columns.map(({ name, ...patch }, i) => {
      if (seen.has(name)) throw bad(`columns[${i}]`, `“${name}”出现了两次`);
      seen.add(name);
      return columnFrom(name, patch, `columns[${i}]`);
    });
  } else {
    columns = base.columns.map((c) => ({ ...c, aliases: [...c.aliases] }));
    for (const [name, patch] of Object.entries(ext.columns ?? {})) {
      const i = columns.findIndex((c) => c.name === name);
      if (i < 0 && patch.kind === undefined) throw bad(`columns.${name}`, '模板中没有这一列');
      const col = columnFrom(name, patch, `columns.${name}`);
      if (i < 0) columns.push(col);
      else columns[i] = col;
    }
  }

  const merged = {
    ...base,
    id: ext.id ?? `${base.id}+custom`,
    name: ext.name ?? `${base.name}（自定义）`,
    hostProvince: ext.hostProvince ?? base.hostProvince,
    shareRule: { ...base.shareRule, ...ext.shareRule },
    attendeeRange: { ...base.attendeeRange, ...ext.attendeeRange },
    columns,
    dictionaries: Object.fromEntries(dictionaries),
    grassrootsKeywords: [...base.grassrootsKeywords, ...(ext.grassrootsKeywords ?? [])],
    template: ext.template ?? base.template,
  };
  const checked = ProfileSchema.safeParse(merged);
  if (!checked.success) throw new ProfileError(`校验方案文件有误，${describeZodError(checked.error)}`);
  return checked.data;
}
