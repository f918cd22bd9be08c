// The socle numérique de base: the référentiel and the diagnostic of schools against it.

export * from './referential';
export * from './diagnostic';
export * from './labels';
