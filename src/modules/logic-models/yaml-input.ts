/**
 * Shared plumbing of the validators: YAML text → plain data, and zod issues → problems that
 * name the file and the entry.
 */
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import type { LogicModelProblem, ProblemSubject } from './logic-models.errors.js';
import { messages } from './logic-models.messages.js';

/** Collects problems for one file. */
export class ProblemSink {
  readonly problems: LogicModelProblem[] = [];

  constructor(readonly file: string) {}

  add(subject: ProblemSubject, id: string | null, code: LogicModelProblem['code'], message: string): void {
    this.problems.push({ file: this.file, subject, id, code, message });
  }
}

/** Parses YAML text; syntax errors (including duplicate map keys) become problems. */
export function readYaml(text: string, sink: ProblemSink): unknown {
  const doc = parseDocument(text, { prettyErrors: false });
  for (const err of doc.errors) {
    const at = err.linePos?.[0];
    sink.add(null, null, 'yaml_syntax', messages.yamlSyntax(at ? `${at.line}行目: ${err.message}` : err.message));
  }
  return doc.errors.length > 0 ? undefined : doc.toJS();
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`)).join('');
}

/** Records every issue of a failed zod parse against one entry. */
export function addZodIssues(
  sink: ProblemSink,
  subject: ProblemSubject,
  id: string | null,
  error: z.ZodError,
): void {
  for (const issue of error.issues) {
    const path = pathText(issue.path);
    if (issue.code === 'invalid_value') {
      sink.add(subject, id, 'bad_enum', messages.badEnum(path, issue.message));
    } else if (issue.code === 'unrecognized_keys') {
      sink.add(subject, id, 'unknown_key', messages.unknownKey(path, issue.keys));
    } else {
      sink.add(subject, id, 'invalid_field', messages.invalidField(path, issue.message));
    }
  }
}

/** The id an entry claims, even if the entry is otherwise invalid; `#n` when it has none. */
export function entryId(raw: unknown, index: number): string {
  if (raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string' && raw.id) return raw.id;
  return `#${index + 1}`;
}

/**
 * Parses a list of entries one by one so that one broken entry does not hide the problems of
 * the others. Returns the valid entries and every entry's claimed id (valid or not).
 */
export function parseEntries<S extends z.ZodType>(
  raws: readonly unknown[],
  schema: S,
  sink: ProblemSink,
  subject: ProblemSubject,
): { valid: z.output<S>[]; claimed: string[] } {
  const valid: z.output<S>[] = [];
  const claimed: string[] = [];
  raws.forEach((raw, i) => {
    const id = entryId(raw, i);
    claimed.push(id);
    const parsed = schema.safeParse(raw);
    if (parsed.success) valid.push(parsed.data);
    else addZodIssues(sink, subject, id, parsed.error);
  });
  return { valid, claimed };
}

/** Ids that occur more than once, each reported once. */
export function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}
