// The référentiel of the socle numérique de base (DOMAIN.md §3): versioned data attached to a call,
// shipped as `data/referentiel/<id>.json`. The domain receives it parsed; it never reads files.

import { z } from 'zod';

export type BaselineScope = 'class' | 'school' | 'direction' | 'services';

/** How the expected quantity of an item is counted for a school. */
export type PerRule =
  /** n per class of cycles 2-3. */
  | { readonly class: number }
  /** n per school. */
  | { readonly school: number }
  /** `devices` for every `classes` classes, rounded up (mobile pool: 12 for 4 classes). */
  | { readonly classes: number; readonly devices: number };

export interface BaselineItem {
  readonly code: string;
  readonly label: string;
  readonly scope: BaselineScope;
  readonly volet: 1 | 2;
  readonly mandatory: boolean;
  readonly per: PerRule;
  /** Kinds of equipment that satisfy the same need (projector | VPI | TNI | ENI): one need. */
  readonly alternatives?: readonly string[];
  readonly note?: string;
}

export interface Referential {
  readonly id: string;
  readonly title: string;
  readonly about?: string;
  readonly items: readonly BaselineItem[];
}

const positive = z.number().int().positive();

const perSchema = z.union([
  z.strictObject({ class: positive }),
  z.strictObject({ school: positive }),
  z.strictObject({ classes: positive, devices: positive }),
]);

const itemSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  label: z.string().min(1),
  scope: z.enum(['class', 'school', 'direction', 'services']),
  volet: z.union([z.literal(1), z.literal(2)]),
  mandatory: z.boolean(),
  per: perSchema,
  alternatives: z.array(z.string().regex(/^[A-Z][A-Z0-9_]*$/)).min(2).optional(),
  note: z.string().optional(),
});

const referentialSchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    about: z.string().optional(),
    items: z.array(itemSchema).min(1),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.items.forEach((item, i) => {
      if (seen.has(item.code)) ctx.addIssue({ code: 'custom', path: ['items', i, 'code'], message: `Code d'élément en double : ${item.code}` });
      seen.add(item.code);
    });
  });

/**
 * Checks the shape of a parsed référentiel (e.g. the shipped JSON) and returns it typed.
 * Throws an Error listing the problems when it is malformed.
 */
export function parseReferential(value: unknown): Referential {
  const result = referentialSchema.safeParse(value);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.') || '(racine)'} : ${i.message}`);
    throw new Error(`Référentiel invalide :\n${lines.join('\n')}`);
  }
  return result.data as Referential;
}

/** The item of a référentiel by code. */
export function findItem(referential: Referential, code: string): BaselineItem | undefined {
  return referential.items.find((i) => i.code === code);
}

export interface ExpectedQuantityParameters {
  /**
   * Ratio overriding an item's `{classes, devices}` rule, by item code (a parameter of the call,
   * e.g. `{SCHOOL_MOBILE_POOL: {classes: 4, devices: 15}}`).
   */
  readonly ratios?: Readonly<Record<string, { readonly classes: number; readonly devices: number }>>;
}

/** The quantity a school of `classes` classes should have of this item to reach the socle. */
export function expectedQuantity(item: BaselineItem, classes: number, params: ExpectedQuantityParameters = {}): number {
  const per = item.per;
  if ('class' in per) return per.class * classes;
  if ('school' in per) return per.school;
  const ratio = params.ratios?.[item.code] ?? per;
  return Math.ceil((classes * ratio.devices) / ratio.classes);
}
