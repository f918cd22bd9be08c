// Reviewer accounts, created by a platform administrator with a territory: an académie
// (`academie:14`) or some of its départements (`departements:35,56`). The new reviewer gets an
// invitation to choose a password — the accounts' single-use link (`reset_password`, valid 7 days),
// whose use also verifies the address. OpenID Connect sign-in links to the same account by e-mail.
import { z } from 'zod';
import type { Actor } from '../../policies';
import { authorize } from '../../policies';
import { createAuthToken, findUserByEmail, findUserById, insertUser, normalizeEmail, updateUser, voidAuthTokens, type Exec } from '../../data/users';
import { academieOfScope, setDeciderOf } from '../../data/waves';
import { CommandError, INVITE_TTL_MS, type Deps } from '../accounts';

const SIGNATURE = '\n\n--\nSocle numérique – appel à projets « Socle numérique dans les écoles élémentaires »\nministère de l’Éducation nationale. Ce message est envoyé automatiquement : n’y répondez pas.';

export const reviewerSchema = z.object({
  email: z.string({ error: "Indiquez l'adresse électronique de l'instructeur." }).trim()
    .pipe(z.email({ error: "L'adresse électronique n'est pas valide (exemple : prenom.nom@ac-rennes.fr)." })),
  displayName: z.string({ error: "Indiquez le nom de l'instructeur." }).trim().min(1, { error: "Indiquez le nom de l'instructeur." }).max(120, { error: 'Le nom fait au plus 120 caractères.' }),
  academie: z.string({ error: "Choisissez l'académie." }).trim().min(1, { error: "Choisissez l'académie." }),
  /** Empty: the whole académie. */
  departements: z.array(z.string().trim()).default([]),
});
export type ReviewerInput = z.input<typeof reviewerSchema>;

export interface ReviewerAccount {
  id: string; email: string; displayName: string; scope: string | null; scopeLabel: string; active: boolean; createdAt: string;
  /** The académie for whose committee the reviewer decides (a `deciders` row), if any. */
  decidesFor: string | null;
}

/** « Académie de Rennes » or « Ille-et-Vilaine (35), Morbihan (56) ». */
export async function scopeLabel(db: Exec, scope: string | null): Promise<string> {
  if (scope === null) return 'aucun territoire';
  const [kind, value = ''] = scope.split(':');
  if (kind === 'academie') {
    const a = await db.selectFrom('academies').select('name').where('code', '=', value).executeTakeFirst();
    return a ? `Académie de ${a.name}` : scope;
  }
  if (kind === 'departements') {
    const codes = value.split(',').filter((c) => c !== '');
    const rows = await db.selectFrom('departements').select(['code', 'name']).where('code', 'in', codes.concat([''])).orderBy('code').execute();
    return rows.map((r) => `${r.name} (${r.code})`).join(', ') || scope;
  }
  return scope;
}

/** Checks the territory against the reference data: the départements must belong to the académie. */
async function scopeOf(db: Exec, academie: string, departements: readonly string[]): Promise<string> {
  const a = await db.selectFrom('academies').select('code').where('code', '=', academie).executeTakeFirst();
  if (!a) throw new CommandError("Cette académie n'existe pas : choisissez-la dans la liste.", 'academie');
  const chosen = [...new Set(departements.filter((d) => d !== ''))].sort();
  if (chosen.length === 0) return `academie:${academie}`;
  const rows = await db.selectFrom('departements').select('code').where('academie_code', '=', academie).execute();
  const known = new Set(rows.map((r) => r.code));
  const foreign = chosen.filter((d) => !known.has(d));
  if (foreign.length > 0) throw new CommandError(`Le département ${foreign.join(', ')} n'appartient pas à cette académie.`, 'departements');
  return chosen.length === known.size ? `academie:${academie}` : `departements:${chosen.join(',')}`;
}

export function reviewerInvitationMail(to: string, name: string, territory: string, inviter: string, url: string) {
  return {
    to, subject: 'Votre compte d’instructeur sur Socle numérique',
    text: `Bonjour ${name},\n\n${inviter} vous a ouvert un compte d’instructeur sur Socle numérique pour instruire les dossiers de l’appel à projets « Socle numérique dans les écoles élémentaires » du territoire : ${territory}.\n\n` +
      `Pour choisir votre mot de passe, ouvrez ce lien (valable 7 jours, utilisable une seule fois) :\n\n${url}\n\nSi vous n’attendiez pas ce message, ignorez-le.${SIGNATURE}`,
  };
}

/** Creates a reviewer account (or gives an existing reviewer a new territory) and mails the invitation. */
export async function createReviewerAccount(deps: Deps, actor: Actor | null, input: ReviewerInput): Promise<{ id: string; created: boolean; scope: string }> {
  authorize(actor, 'create', 'reviewer_account');
  const parsed = reviewerSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CommandError(issue.message, String(issue.path[0] ?? ''));
  }
  const v = parsed.data;
  const now = deps.now ? deps.now() : new Date();
  const email = normalizeEmail(v.email);
  return deps.db.kysely.transaction().execute(async (tx) => {
    const scope = await scopeOf(tx, v.academie, v.departements);
    const territory = await scopeLabel(tx, scope);
    const existing = await findUserByEmail(tx, email);
    if (existing && existing.role !== 'reviewer') {
      throw new CommandError('Cette adresse a déjà un compte sur la plateforme, qui n’est pas un compte d’instructeur : utilisez une adresse professionnelle dédiée.', 'email', 409);
    }
    let id: string;
    let created = false;
    if (existing) {
      id = existing.id;
      await updateUser(tx, id, { scope, disabled_at: null });
    } else {
      id = (await insertUser(tx, { email, displayName: v.displayName, passwordHash: null, role: 'reviewer', scope }, now)).id;
      created = true;
    }
    if (created || existing?.password_hash === null) {
      await voidAuthTokens(tx, 'reset_password', email, now);
      const token = await createAuthToken(tx, { kind: 'reset_password', email, userId: id, ttlMs: INVITE_TTL_MS }, now);
      await deps.mailer.send(tx, reviewerInvitationMail(email, v.displayName, territory, actor!.displayName ?? 'L’administration de la plateforme', deps.mailer.link(`/mot-de-passe/nouveau/${token}`)), now);
    }
    return { id, created, scope };
  });
}

export async function listReviewers(db: Exec): Promise<ReviewerAccount[]> {
  const rows = await db.selectFrom('users').leftJoin('deciders', 'deciders.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.display_name', 'users.scope', 'users.disabled_at', 'users.created_at', 'users.password_hash', 'deciders.academie_code'])
    .where('users.role', '=', 'reviewer').orderBy('users.scope').orderBy('users.display_name').execute();
  const out: ReviewerAccount[] = [];
  for (const r of rows) {
    out.push({
      id: r.id, email: r.email, displayName: r.display_name, scope: r.scope, scopeLabel: await scopeLabel(db, r.scope),
      active: r.disabled_at === null && r.password_hash !== null, createdAt: r.created_at, decidesFor: r.academie_code,
    });
  }
  return out;
}

/**
 * Makes a reviewer the decider of their académie's committee (`decide` on its waves), or takes the
 * role back. Only a reviewer of a whole académie can decide for it; who granted it, and when, is kept.
 */
export async function setDecider(deps: Pick<Deps, 'db' | 'now'>, actor: Actor | null, userId: string, decider: boolean): Promise<void> {
  authorize(actor, 'update', 'reviewer_account');
  const now = deps.now ? deps.now() : new Date();
  await deps.db.kysely.transaction().execute(async (tx) => {
    const user = await findUserById(tx, userId);
    if (user === undefined || user.role !== 'reviewer') throw new CommandError('Ce compte d’instructeur n’existe pas.', 'instructeur', 404);
    const academie = academieOfScope(user.scope);
    if (decider && academie === undefined) {
      throw new CommandError('Seul un instructeur de toute une académie peut décider pour son comité : donnez-lui d’abord l’académie entière pour territoire.', 'instructeur', 409);
    }
    await setDeciderOf(tx, userId, decider ? academie! : null, actor!.id, now);
  });
}
