// The dossier's commands (issue 4): each takes (env, actor, input, now) and runs in one transaction;
// with the computation on a dossier's facts (compute.ts) and the dossier page's read (view.ts).
export * from './context';
export * from './compute';
export * from './view';
export * from './create';
export * from './schools';
export * from './budget';
export * from './project';
export * from './attachments';
export * from './team';
export * from './submit';
export * from './review';
export * from './messages';
