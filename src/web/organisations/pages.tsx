// Pages of the organisations journey: my collectivités and the search to claim one, an
// organisation's page (members, roles, legal details, pending invitations and their revocation), the legal details
// form, an invitation, and the platform administrators' list of claims to confirm.
import type { Collectivite, Member, MemberRole, Organisation, PendingInvitation } from '../../data/organisations';
import { maskIban } from '../../domain/iban';
import type { PageContext } from '../components/context';
import { Alert, Table } from '../components/dsfr';
import { ErrorSummary, Field, Select, TextArea, type FieldErrors } from '../components/fields';
import { Form } from '../components/form';
import { Layout } from '../layout';
import { ROLE_HINTS, ROLE_LABELS } from './labels';
import { formatDate } from '../format';

const ROLE_OPTIONS: Array<[string, string]> = (['admin', 'editor', 'reader'] as const).map((r) => [r, `${ROLE_LABELS[r]} (${ROLE_HINTS[r]})`]);
const kindLabel = (o: { kind: 'commune' | 'epci' }) => (o.kind === 'commune' ? 'Commune' : 'Intercommunalité');

function Status({ o }: { o: Organisation }) {
  return o.confirmedAt
    ? <p class="fr-badge fr-badge--success fr-badge--sm">Confirmée</p>
    : <p class="fr-badge fr-badge--warning fr-badge--sm">En attente de confirmation</p>;
}

export function MyOrganisationsPage(props: {
  ctx: PageContext; mine: Array<Organisation & { role: MemberRole }>; canClaim: boolean; q: string;
  results: Collectivite[] | null; error?: string; claimError?: string;
}) {
  return (
    <Layout title="Mes collectivités" ctx={props.ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Mon compte', href: '/compte' }, { label: 'Mes collectivités' }]}>
      <h1>Mes collectivités</h1>
      {props.claimError && <Alert kind="error" title="Demande refusée"><p>{props.claimError}</p></Alert>}
      {props.mine.length === 0
        ? <p>Vous ne représentez encore aucune collectivité.</p>
        : (
          <ul>
            {props.mine.map((o) => (
              <li key={o.id}><a href={`/organisations/${o.id}`}>{o.name}</a> — {ROLE_LABELS[o.role]}{o.confirmedAt ? '' : ' (en attente de confirmation)'}</li>
            ))}
          </ul>
        )}
      {props.canClaim && (
        <>
          <h2 class="fr-mt-4w">Représenter une collectivité</h2>
          <p>
            Recherchez votre commune ou votre intercommunalité par son nom ou son numéro SIREN. La première personne qui
            la représente en devient administratrice ; l’administration de la plateforme confirme la demande.
          </p>
          <Form action="/organisations" method="get" role="search" aria-label="Rechercher une collectivité">
            <div class={`fr-input-group${props.error ? ' fr-input-group--error' : ''}`}>
              <label class="fr-label" for="champ-q">Nom ou SIREN de la collectivité<span class="fr-hint-text" id="champ-q-hint">Par exemple « Rennes » ou 213502388</span></label>
              <input class={`fr-input${props.error ? ' fr-input--error' : ''}`} type="search" id="champ-q" name="q" value={props.q} maxLength={100}
                aria-describedby={props.error ? 'champ-q-hint champ-q-error' : 'champ-q-hint'} />
              {props.error && <p class="fr-error-text" id="champ-q-error">{props.error}</p>}
            </div>
            <button type="submit" class="fr-btn fr-btn--secondary">Rechercher</button>
          </Form>
          {props.results && (
            props.results.length === 0
              ? <p class="fr-mt-3w">Aucune collectivité trouvée pour « {props.q} ».</p>
              : (
                <div class="fr-mt-3w">
                  <Table id="collectivites" caption={`Collectivités trouvées pour « ${props.q} »`} head={['Collectivité', 'SIREN', 'Action']}>
                    {props.results.map((c) => (
                      <tr key={`${c.kind}-${c.code}`}>
                        <td><strong>{c.name}</strong><br /><span class="fr-text--sm">{c.detail}</span></td>
                        <td>{c.siren}</td>
                        <td>
                          <Form action="/organisations">
                            <input type="hidden" name="kind" value={c.kind} />
                            <input type="hidden" name="code" value={c.code} />
                            <button type="submit" class="fr-btn fr-btn--sm" title={`Représenter ${c.name}`}>Représenter</button>
                          </Form>
                        </td>
                      </tr>
                    ))}
                  </Table>
                </div>
              )
          )}
        </>
      )}
    </Layout>
  );
}

export function OrganisationPage(props: {
  ctx: PageContext; organisation: Organisation; role: MemberRole | null; members: Member[]; invitations: PendingInvitation[];
  canEdit: boolean; canManage: boolean; notice?: string; inviteErrors?: FieldErrors; inviteValues?: { email?: string; role?: string }; error?: string;
}) {
  const o = props.organisation;
  const inviteErrors = props.inviteErrors ?? {};
  return (
    <Layout title={o.name} ctx={props.ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Mes collectivités', href: '/organisations' }, { label: o.name }]}>
      <h1>{o.name}</h1>
      <Status o={o} />
      <p>{kindLabel(o)} — SIREN {o.siren} — département {o.departementCode}{props.role ? ` — votre rôle : ${ROLE_LABELS[props.role]}` : ''}</p>
      {props.notice && <Alert kind="success" title={props.notice} />}
      {props.error && <Alert kind="error" title="Action refusée"><p>{props.error}</p></Alert>}
      {!o.confirmedAt && (
        <Alert kind="info" title="Demande en attente">
          <p>L’administration de la plateforme doit confirmer que vous représentez cette collectivité. En attendant, vous pouvez renseigner ses coordonnées légales ; les invitations seront possibles après la confirmation.</p>
        </Alert>
      )}

      <h2>Coordonnées légales</h2>
      <dl>
        <dt class="fr-text--bold">SIRET</dt><dd>{o.siret ?? 'non renseigné'}</dd>
        <dt class="fr-text--bold">Signataire</dt><dd>{o.signatoryName ? `${o.signatoryName}, ${o.signatoryCapacity ?? ''}` : 'non renseigné'}</dd>
        <dt class="fr-text--bold">IBAN</dt><dd>{o.iban ? maskIban(o.iban) : 'non renseigné'}</dd>
        <dt class="fr-text--bold">Adresse</dt><dd>{o.address ?? 'non renseignée'}</dd>
      </dl>
      {props.canEdit && <a class="fr-btn fr-btn--secondary fr-mb-4w" href={`/organisations/${o.id}/coordonnees`}>Modifier les coordonnées légales</a>}

      <h2>Membres</h2>
      <Table id="membres" caption={`Membres de ${o.name}`} captionHidden head={props.canManage ? ['Nom', 'Adresse électronique', 'Rôle', 'Retirer'] : ['Nom', 'Adresse électronique', 'Rôle']}>
        {props.members.map((m) => (
          <tr key={m.userId}>
            <td>{m.name}</td>
            <td>{m.email}</td>
            <td>
              {props.canManage ? (
                <Form action={`/organisations/${o.id}/membres/${m.userId}/role`}>
                  <Select name="role" idSuffix={m.userId} label={`Rôle de ${m.name}`} value={m.role} options={ROLE_OPTIONS} />
                  <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary fr-mt-1w">Changer le rôle</button>
                </Form>
              ) : ROLE_LABELS[m.role]}
            </td>
            {props.canManage && (
              <td>
                <Form action={`/organisations/${o.id}/membres/${m.userId}/retirer`}>
                  <button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary" title={`Retirer ${m.name} de la collectivité`}>Retirer</button>
                </Form>
              </td>
            )}
          </tr>
        ))}
      </Table>

      <h2>Invitations en attente</h2>
      {props.invitations.length === 0
        ? <p>Aucune invitation en attente.</p>
        : (
          <ul>
            {props.invitations.map((i) => (
              <li key={i.tokenHash}>
                {i.email} — {ROLE_LABELS[i.role]} — valable jusqu’au {formatDate(i.expiresAt)}
                {props.canManage && (
                  <Form action={`/organisations/${o.id}/invitations/${i.tokenHash}/annuler`} class="fr-mt-1w fr-mb-2w">
                    <button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">Annuler l’invitation<span class="fr-sr-only"> de {i.email}</span></button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        )}

      {props.canManage && (
        <>
          <h2>Inviter un collègue</h2>
          <ErrorSummary errors={inviteErrors} labels={{ email: 'Adresse électronique', role: 'Rôle' }} />
          <Form action={`/organisations/${o.id}/invitations`} noValidate>
            <Field name="email" type="email" label="Adresse électronique du collègue" hint="Un lien d’invitation, valable 7 jours, lui est envoyé." value={props.inviteValues?.email} error={inviteErrors.email} maxLength={254} spellcheck={false} />
            <Select name="role" label="Rôle" value={props.inviteValues?.role ?? 'editor'} options={ROLE_OPTIONS} error={inviteErrors.role} />
            <button type="submit" class="fr-btn">Envoyer l’invitation</button>
          </Form>
        </>
      )}
    </Layout>
  );
}

export const LEGAL_LABELS = {
  siret: 'SIRET', signatoryName: 'Nom du signataire', signatoryCapacity: 'Qualité du signataire', iban: 'IBAN', address: 'Adresse postale',
};

export function LegalDetailsPage(props: { ctx: PageContext; organisation: Organisation; values: Record<string, string>; errors?: FieldErrors }) {
  const o = props.organisation;
  const errors = props.errors ?? {};
  const v = props.values;
  return (
    <Layout title={`Coordonnées légales – ${o.name}`} ctx={props.ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: o.name, href: `/organisations/${o.id}` }, { label: 'Coordonnées légales' }]}>
      <h1>Coordonnées légales de {o.name}</h1>
      <p>Ces informations figurent sur la convention avec l’État et servent au versement de la subvention.</p>
      <ErrorSummary errors={errors} labels={LEGAL_LABELS} />
      <Form action={`/organisations/${o.id}/coordonnees`} noValidate>
        <Field name="siret" label="SIRET" hint={`14 chiffres ; il commence par le SIREN de la collectivité (${o.siren}).`} value={v.siret} error={errors.siret} inputMode="numeric" maxLength={20} />
        <Field name="signatoryName" label="Nom du signataire" hint="Prénom et nom de la personne qui signe la convention" value={v.signatoryName} error={errors.signatoryName} maxLength={120} />
        <Field name="signatoryCapacity" label="Qualité du signataire" hint="Par exemple « Maire », « Président », « Adjointe au maire déléguée »" value={v.signatoryCapacity} error={errors.signatoryCapacity} maxLength={120} />
        <Field name="iban" label="IBAN" hint={v.ibanMasked ? `IBAN enregistré : ${v.ibanMasked}. Saisissez l’IBAN complet pour le confirmer ou le changer.` : 'L’IBAN du compte de la collectivité au Trésor public, par exemple FR76 …'} error={errors.iban} maxLength={42} autocomplete="off" spellcheck={false} />
        <TextArea name="address" label="Adresse postale" hint="Numéro, voie, code postal et commune" value={v.address} error={errors.address} maxLength={300} autocomplete="street-address" />
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li><button type="submit" class="fr-btn">Enregistrer</button></li>
          <li><a class="fr-btn fr-btn--secondary" href={`/organisations/${o.id}`}>Annuler</a></li>
        </ul>
      </Form>
    </Layout>
  );
}

export function InvitationPage(props: { ctx: PageContext; token: string; status: string; organisation?: Organisation; email?: string; role?: MemberRole; error?: string; message?: string }) {
  const { organisation: o } = props;
  const crumbs = [{ label: 'Accueil', href: '/' }, { label: 'Invitation' }];
  if (props.status !== 'valid' || !o) {
    const msg = props.status === 'revoked' && props.message ? props.message
      : props.status === 'used' ? 'Cette invitation a déjà été utilisée.'
      : props.status === 'expired' ? 'Cette invitation a expiré : demandez à l’administrateur de la collectivité de vous inviter de nouveau.'
        : 'Ce lien d’invitation n’est pas valable : vérifiez qu’il est complet.';
    return (
      <Layout title="Invitation" ctx={props.ctx} breadcrumb={crumbs}>
        <h1>Invitation</h1>
        <Alert kind="error" title="Invitation non valable"><p>{msg}</p></Alert>
      </Layout>
    );
  }
  const user = props.ctx.user;
  return (
    <Layout title={`Invitation – ${o.name}`} ctx={props.ctx} breadcrumb={crumbs}>
      <h1>Rejoindre {o.name}</h1>
      <p>Vous êtes invité(e) à rejoindre l’espace de {o.name} sur Socle numérique avec le rôle de {ROLE_LABELS[props.role ?? 'reader'].toLowerCase()} ({ROLE_HINTS[props.role ?? 'reader']}). Invitation envoyée à {props.email}.</p>
      {props.error && <Alert kind="error" title="Invitation refusée"><p>{props.error}</p></Alert>}
      {user ? (
        <Form action={`/invitations/${props.token}`}>
          <button type="submit" class="fr-btn">Rejoindre {o.name}</button>
        </Form>
      ) : (
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li><a class="fr-btn" href={`/inscription?invitation=${encodeURIComponent(props.token)}`}>Créer mon compte</a></li>
          <li><a class="fr-btn fr-btn--secondary" href={`/connexion?suite=${encodeURIComponent(`/invitations/${props.token}`)}`}>J’ai déjà un compte : me connecter</a></li>
        </ul>
      )}
    </Layout>
  );
}

export function ClaimsAdminPage(props: { ctx: PageContext; pending: Array<Organisation & { claimant: { email: string; name: string } | null }>; confirmed: Organisation[]; notice?: string; error?: string }) {
  return (
    <Layout title="Collectivités à confirmer" ctx={props.ctx} breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Administration' }, { label: 'Collectivités' }]}>
      <h1>Collectivités à confirmer</h1>
      {props.notice && <Alert kind="success" title={props.notice} />}
      {props.error && <Alert kind="error" title="Action refusée"><p>{props.error}</p></Alert>}
      <p>Vérifiez que la personne représente bien la collectivité (adresse électronique de la collectivité, appel au secrétariat de mairie) avant de confirmer.</p>
      {props.pending.length === 0 ? <p>Aucune demande en attente.</p> : (
        <Table id="demandes" caption="Demandes en attente" head={['Collectivité', 'Demandeur', 'Demande du', 'Décision']}>
          {props.pending.map((o) => (
            <tr key={o.id}>
              <td><strong>{o.name}</strong><br /><span class="fr-text--sm">{kindLabel(o)}, SIREN {o.siren}, département {o.departementCode}</span></td>
              <td>{o.claimant ? <>{o.claimant.name}<br />{o.claimant.email}</> : '—'}</td>
              <td>{formatDate(o.createdAt)}</td>
              <td>
                <ul class="fr-btns-group fr-btns-group--sm fr-btns-group--inline">
                  <li><Form action={`/admin/organisations/${o.id}/confirmer`}><button type="submit" class="fr-btn fr-btn--sm" title={`Confirmer ${o.name}`}>Confirmer</button></Form></li>
                  <li><Form action={`/admin/organisations/${o.id}/refuser`}><button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary" title={`Refuser ${o.name}`}>Refuser</button></Form></li>
                </ul>
              </td>
            </tr>
          ))}
        </Table>
      )}
      <h2 class="fr-mt-4w">Confirmées récemment</h2>
      {props.confirmed.length === 0 ? <p>Aucune.</p> : (
        <ul>{props.confirmed.map((o) => <li key={o.id}>{o.name} (SIREN {o.siren}) — {o.confirmedAt ? formatDate(o.confirmedAt) : ''}{o.confirmedBy ? '' : ' (automatique, démonstration)'}</li>)}</ul>
      )}
    </Layout>
  );
}
