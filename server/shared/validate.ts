import type { z } from 'zod';
import { DomainError } from '../domain/errors';

/** Field name → first problem with it, for showing next to form fields. */
export type FieldErrors = Record<string, string>;

/** Parses untrusted input or throws `invalid_payload` with a readable message and per-field details. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  const message = Object.values(fields).slice(0, 3).join(' ');
  throw new DomainError('invalid_payload', message || 'The request was not valid.', { fields });
}

export const fieldErrorsOf = (error: DomainError): FieldErrors =>
  (error.details as { fields?: FieldErrors } | undefined)?.fields ?? { _: error.message };
