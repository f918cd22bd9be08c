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

export interface UserTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  role: 'admin' | 'steering' | 'reviewer' | 'applicant' | 'school';
  scope: string | null;
  created_at: string;
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
}
