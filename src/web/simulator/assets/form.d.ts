// Types of form.js (plain JavaScript shared by the server and the browser).
export declare const MAX_FIELD_LENGTH: number;
export declare const MAX_AMOUNT_CENTS: number;
export declare const MAX_SCHOOLS: number;

export type FieldName = 'classes' | 'pupils' | 'equipment' | 'services';
export declare const FIELDS: Readonly<Record<FieldName, string>>;

export declare function parseEuros(text: string, field: string): { ok: true; cents: number | null } | { ok: false; message: string };
export declare function parseCount(text: string, field: string): { ok: true; value: number | null } | { ok: false; message: string };

export interface FormRow {
  uai: string;
  name?: string;
  commune?: string | null;
  classes: string;
  pupils: string;
  equipment: string;
  services: string;
}

export interface RowSchool {
  row: number;
  uai: string;
  commune?: string;
  classes: number;
  pupils: number;
  equipmentCents: number;
  servicesCents: number;
}

export interface RowError { row: number; field: FieldName; message: string }

export declare function readRows(rows: readonly FormRow[]): { schools: RowSchool[]; errors: RowError[]; skipped: number[] };
