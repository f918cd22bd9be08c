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

/** SQLite only (migration 009): the narrow copy of the schools' search keys behind the FTS5 index. */
export interface SchoolSearchTable {
  uai: string;
  search_text: string;
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
  /** Set when the job gave up after its last attempt (kept for the operators). */
  failed_at: string | null;
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

// ---- Dossiers (migration 003) ----

/** One dossier per applicant per call. Amounts are cached by each command for the queues. */
export interface DossierTable {
  id: string;
  call_id: string;
  organisation_id: string;
  /** Sequence number within the call (the last part of the reference). */
  number: number;
  /** `SNEE-2021-035-000123`. */
  reference: string;
  state: string;
  /** Optimistic concurrency counter: +1 at every write. */
  revision: number;
  project_summary: string;
  /** JSON: [{code, text}]. */
  objectives: string;
  support_text: string;
  lending_plan: string;
  /** JSON: [{funder, amountCents}]. */
  co_funding: string;
  school_count: number;
  /** Declared spending per volet (all schools). */
  equipment_cents: number;
  services_cents: number;
  /** Eligible amounts, volet 1 + volet 2, as the engine computes them. */
  eligible_cents: number;
  equipment_grant_cents: number;
  services_grant_cents: number;
  grant_cents: number;
  /** Blocking items of the completeness list. */
  blocking_count: number;
  /** The applicant's département and académie: routing of the review (issue 5). */
  departement_code: string;
  academie_code: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
}

/** Columns of migration 006-priority, apart so that rows written without them (NULL) still type as DossierTable. */
export interface DossierPriorityColumns {
  /** Priority score 0..100 (src/domain/priority.ts), stored by src/data/priority.ts; null until computed. */
  priority_score: number | null;
  /** JSON: the PriorityScore (components and explanation) behind `priority_score`. */
  priority_explanation: string | null;
}

export interface DossierSchoolTable {
  dossier_id: string;
  call_id: string;
  uai: string;
  position: number;
  classes: number | null;
  pupils: number | null;
  prefilled_classes: number | null;
  prefilled_pupils: number | null;
  /** Why classes or pupils differ from the reference data. */
  headcount_reason: string | null;
  /** 1 for a private school under contract. */
  private_school: number;
  /** JSON: DiagnosticEntry[]; null until the school's team starts it. */
  diagnostic: string | null;
  diagnostic_updated_at: string | null;
  diagnostic_updated_by: string | null;
  added_at: string;
}

export interface BudgetLineTable {
  id: string;
  dossier_id: string;
  uai: string;
  volet: number;
  /** Item code of the référentiel. */
  category: string;
  label: string;
  quantity: number;
  unit_ht_cents: number;
  unit_ttc_cents: number;
  /** A reviewer's eligible amount for the whole line (issue 5); null: as declared. */
  eligible_adjustment_cents: number | null;
  /** 1 when a reviewer excluded the line. */
  excluded: number;
  adjustment_reason: string | null;
  adjusted_by: string | null;
  adjusted_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A member of a school's team invited to the dossier (director, IEN, ERUN). */
export interface DossierMemberTable {
  id: string;
  dossier_id: string;
  uai: string;
  role: 'director' | 'ien' | 'erun';
  email: string;
  /** Set when the invitation is accepted (or when the e-mail already had an account at invitation). */
  user_id: string | null;
  invited_by: string;
  invited_at: string;
  joined_at: string | null;
}

export interface SignatureTable {
  id: string;
  dossier_id: string;
  uai: string;
  role: 'director' | 'ien' | 'erun';
  user_id: string;
  signer_name: string;
  signed_at: string;
  /** SHA-256 of the canonical JSON of what was signed (project, schools, the school's budget). */
  content_sha256: string;
  voided_at: string | null;
  voided_reason: string | null;
}

export interface AttachmentTable {
  id: string;
  dossier_id: string;
  kind: 'quote' | 'deliberation' | 'other' | 'message';
  original_name: string;
  /** Detected from the content (magic bytes). */
  mime: string;
  size: number;
  sha256: string;
  /** Relative to DATA_DIR. */
  storage_path: string;
  uploaded_by: string;
  uploaded_at: string;
}

export interface MessageTable {
  id: string;
  dossier_id: string;
  author_id: string;
  author_label: string;
  body: string;
  at: string;
  attachment_id: string | null;
}

/** A frozen version of a dossier, one per submission. */
export interface DossierVersionTable {
  dossier_id: string;
  number: number;
  /** Canonical JSON of the dossier at submission. */
  content: string;
  /** SHA-256 of `content`, lowercase hex. */
  sha256: string;
  submitted_at: string;
  submitted_by: string;
  /** The proof of deposit PDF, relative to DATA_DIR. */
  proof_path: string;
}

/** The dossier's history: every change, hash-chained to the previous event of the same dossier. */
export interface DossierEventTable {
  id: string;
  dossier_id: string;
  /** 1, 2, 3… within the dossier. */
  seq: number;
  /** The dossier's revision after the change. */
  revision: number;
  at: string;
  actor_id: string | null;
  actor_label: string;
  kind: string;
  /** What part of the dossier changed (`project`, `line/<id>`, `school/<uai>/diagnostic`…). */
  section: string;
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
  /** Canonical JSON. */
  payload: string;
  prev_hash: string;
  hash: string;
}

// ---- Waves, decisions, conventions (migration 005) ----

/** A reviewer who may decide the waves of an académie's committee (the académie's decision maker). */
export interface DeciderTable {
  user_id: string;
  academie_code: string;
  granted_by: string;
  granted_at: string;
}

/** The envelope of an académie for a call, when the national administrator set it (else the call's default). */
export interface EnvelopeTable {
  call_id: string;
  academie_code: string;
  amount_cents: number;
  updated_by: string;
  updated_at: string;
}

/** Every change of an envelope: who, when, from, to, why. */
export interface EnvelopeChangeTable {
  id: string;
  call_id: string;
  academie_code: string;
  from_cents: number | null;
  to_cents: number;
  reason: string | null;
  actor_id: string;
  actor_label: string;
  at: string;
}

/** A committee decision over many dossiers at once, numbered per call and académie. */
export interface WaveTable {
  id: string;
  call_id: string;
  academie_code: string;
  number: number;
  envelope_cents: number;
  committed_before_cents: number;
  allocated_cents: number;
  accepted_count: number;
  waiting_count: number;
  rejected_count: number;
  decided_by: string;
  decided_by_label: string;
  decided_at: string;
}

/** One decision on one dossier in a wave. */
export interface DecisionTable {
  id: string;
  dossier_id: string;
  wave_id: string;
  wave_number: number;
  kind: 'accept' | 'waiting_list' | 'reject';
  equipment_max_cents: number | null;
  services_max_cents: number | null;
  reason: string | null;
  priority_score: number | null;
  decided_by: string;
  decided_at: string;
}

/** The convention of an accepted dossier, and its acceptance by the applicant. */
export interface AgreementTable {
  dossier_id: string;
  decision_id: string;
  equipment_max_cents: number;
  services_max_cents: number;
  issued_at: string;
  accepted_by: string | null;
  accepted_by_label: string | null;
  accepted_at: string | null;
  accepted_sha256: string | null;
  pdf_path: string | null;
}

// ---- Review (migration 004) ----

/** The reviewer who took a dossier (« Mes dossiers »). */
export interface ReviewAssignmentTable { dossier_id: string; reviewer_id: string; taken_at: string }

/** Dossiers a reviewer follows (« Suivis »). */
export interface ReviewFollowTable { dossier_id: string; user_id: string; created_at: string }

/** A reviewer's private note: never shown to the applicant nor to the school teams. */
export interface PrivateNoteTable { id: string; dossier_id: string; author_id: string; author_label: string; body: string; at: string }

/** An opinion asked of an IEN, an ERUN or anyone, through a token link (only its SHA-256 is kept). */
export interface OpinionTable {
  id: string;
  dossier_id: string;
  expert_kind: 'ien' | 'erun' | 'other';
  expert_email: string;
  question: string;
  /** The last instant the expert may answer (end of the chosen day, Paris time), UTC ISO. */
  deadline_at: string;
  token_hash: string;
  requested_by: string;
  requested_by_label: string;
  requested_at: string;
  answer: 'yes' | 'no' | null;
  answer_text: string | null;
  answered_at: string | null;
  answered_by_label: string | null;
  /** The expert's optional file, stored under DATA_DIR (never in `attachments`: the applicant does not see it). */
  file_name: string | null;
  file_mime: string | null;
  file_size: number | null;
  file_sha256: string | null;
  file_path: string | null;
  /** Set when the reviewer withdrew the request. */
  closed_at: string | null;
}

/** One row per reminder sent: the job that inserts it sends the mail, so it goes out once. */
export interface OpinionReminderTable { opinion_id: string; reminder: string; sent_at: string }

/**
 * The reviewer's current proposal for a dossier, consumed by the committee's waves (migration 005).
 * accept: maximum per volet (the engine's, lowered only with a reason); reject: motivation in reason.
 */
export interface DecisionProposalTable {
  dossier_id: string;
  kind: 'accept' | 'reject' | 'waiting_list';
  equipment_max_cents: number | null;
  services_max_cents: number | null;
  reason: string | null;
  proposed_by: string;
  proposed_at: string;
}

export interface Database {
  regions: RegionTable;
  academies: AcademieTable;
  departements: DepartementTable;
  communes: CommuneTable;
  commune_aliases: CommuneAliasTable;
  epcis: EpciTable;
  schools: SchoolTable;
  school_search: SchoolSearchTable;
  users: UserTable;
  import_runs: ImportRunTable;
  sessions: SessionTable;
  auth_tokens: AuthTokenTable;
  sign_in_attempts: SignInAttemptTable;
  organisations: OrganisationTable;
  memberships: MembershipTable;
  jobs: JobTable;
  mails: MailTable;
  dossiers: DossierTable & DossierPriorityColumns;
  dossier_schools: DossierSchoolTable;
  budget_lines: BudgetLineTable;
  dossier_members: DossierMemberTable;
  signatures: SignatureTable;
  attachments: AttachmentTable;
  messages: MessageTable;
  dossier_versions: DossierVersionTable;
  dossier_events: DossierEventTable;
  deciders: DeciderTable;
  envelopes: EnvelopeTable;
  envelope_changes: EnvelopeChangeTable;
  waves: WaveTable;
  decisions: DecisionTable;
  agreements: AgreementTable;
  review_assignments: ReviewAssignmentTable;
  review_follows: ReviewFollowTable;
  private_notes: PrivateNoteTable;
  opinions: OpinionTable;
  opinion_reminders: OpinionReminderTable;
  decision_proposals: DecisionProposalTable;
}
