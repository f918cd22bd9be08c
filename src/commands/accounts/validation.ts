// Form validation with zod, French messages naming the field: `validate` returns either the
// parsed values or one message per field (the first problem of each).
import { z } from 'zod';

export type Validated<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string> };

export function validate<S extends z.ZodType>(schema: S, input: unknown): Validated<z.infer<S>> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return { ok: true, data: r.data };
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const field = String(issue.path[0] ?? '_');
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** A text field of a form: trimmed, required, with a maximum length; messages name the field. */
export const text = (label: string, max: number, min = 1) => z
  .string({ error: `Saisissez ${label}.` })
  .trim()
  .min(min, { error: min <= 1 ? `Saisissez ${label}.` : `Saisissez ${label} (au moins ${min} caractères).` })
  .max(max, { error: `${label.charAt(0).toUpperCase()}${label.slice(1)} : ${max} caractères au plus.` });

export const emailField = z
  .string({ error: 'Saisissez votre adresse électronique.' })
  .trim()
  .min(1, { error: 'Saisissez l’adresse électronique.' })
  .max(254, { error: 'L’adresse électronique compte 254 caractères au plus.' })
  .pipe(z.email({ error: 'L’adresse électronique n’est pas valide : elle doit avoir la forme nom@domaine.fr.' }))
  .transform((e) => e.toLowerCase());
