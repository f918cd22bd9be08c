// The database schema, declared once as Kysely types (DESIGN.md). Migrations create exactly this.
import type { Generated } from 'kysely';

export interface RegionTable { code: string; name: string }

export interface AcademieTable {
  code: string;
  name: string;
  academic_region_code: string;
  academic_region_name: string;
}

export interface DepartementTable {
  code: string;
  name: string;
  region_code: string;
  academie_code: string | null;
}

export interface CommuneTable {
  code: string;
  name: string;
  name_folded: string;
  departement_code: string;
  region_code: string;
  siren: string | null;
  epci_siren: string | null;
  population: number | null;
  postal_codes: string;
}

/** Codes that are not current communes (arrondissements, communes déléguées/associées, former codes). */
export interface CommuneAliasTable {
  code: string;
  commune_code: string;
  kind: string;
  name: string;
}

export interface EpciTable {
  siren: string;
  name: string;
  name_folded: string;
  type: string;
  population: number | null;
}

export interface SchoolTable {
  uai: string;
  name: string;
  search_text: string;
  sector: 'public' | 'private';
  nature_code: string | null;
  nature_label: string | null;
  commune_code: string;
  departement_code: string;
  academie_code: string | null;
  pupils: number | null;
  elementary_pupils: number | null;
  classes: number | null;
  ips: number | null;
  education_priority: 'REP' | 'REP+' | null;
  siret: string | null;
  address: string | null;
  postal_code: string | null;
  latitude: number | null;
  longitude: number | null;
  opened_on: string | null;
  sources: string;
  updated_at: string;
}

/**
 * A person. `role` is the platform role (`applicant` for collectivités' clerks, `school` for school
 * teams); what they may do on an organisation or a dossier comes from memberships and dossier members.
 */
export interface UserTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  role: 'admin' | 'steering' | 'reviewer' | 'applicant' | 'school';
  /** A reviewer's territory (`academie:14`, `departements:35,56`), a demo account's subject. */
  scope: string | null;
  created_at: string;
  email_verified_at: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  disabled_at: string | null;
}

/** A session: only the SHA-256 of its cookie token is stored. */
export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_secret: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

/** Single-use, expiring links: e-mail verification, password reset, invitations (hash stored only). */
export interface AuthTokenTable {
  token_hash: string;
  kind: 'verify_email' | 'reset_password' | 'invite_organisation' | 'invite_dossier';
  user_id: string | null;
  email: string;
  /** JSON: what the token grants (organisation and role, dossier, school and role…). */
  payload: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Failed sign-ins, keyed `account:<email>` or `address:<ip>`, for throttling across nodes. */
export interface SignInAttemptTable { key: string; at: string }

/** A collectivité that applies: a commune or a grouping (EPCI, syndicat). */
export interface OrganisationTable {
  id: string;
  kind: 'commune' | 'epci';
  commune_code: string | null;
  epci_siren: string | null;
  siren: string;
  name: string;
  departement_code: string;
  siret: string | null;
  signatory_name: string | null;
  signatory_capacity: string | null;
  iban: string | null;
  address: string | null;
  /** Set when a platform administrator confirmed the claim (automatic in the demo). */
  confirmed_at: string | null;
  confirmed_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipTable {
  organisation_id: string;
  user_id: string;
  role: 'admin' | 'editor' | 'reader';
  created_at: string;
}

/** Scheduled work (e-mails, reminders, exports): a node claims a job in the database before running it. */
export interface JobTable {
  id: Generated<number>;
  kind: string;
  payload: string;
  /** Unique when set: the same reminder is never queued twice. */
  dedupe_key: string | null;
  run_at: string;
  claimed_at: string | null;
  claimed_by: string | null;
  done_at: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: string;
}

export interface MailTable {
  id: string;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: string;
  sent_at: string | null;
}

export interface ImportRunTable {
  id: Generated<number>;
  kind: string;
  source: string;
  sha256: string;
  started_at: string;
  finished_at: string;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface Database {
  regions: RegionTable;
  academies: AcademieTable;
  departements: DepartementTable;
  communes: CommuneTable;
  commune_aliases: CommuneAliasTable;
  epcis: EpciTable;
  schools: SchoolTable;
  users: UserTable;
  import_runs: ImportRunTable;
  sessions: SessionTable;
  auth_tokens: AuthTokenTable;
  sign_in_attempts: SignInAttemptTable;
  organisations: OrganisationTable;
  memberships: MembershipTable;
  jobs: JobTable;
  mails: MailTable;
}
