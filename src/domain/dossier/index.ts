// The applicant's dossier: its life (states, transitions), its completeness list, its co-signers.

export * from './lifecycle';
export * from './checks';
export * from './signers';
