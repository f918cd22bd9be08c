// The dossier's commands (issue 4): each takes (env, actor, input, now) and runs in one transaction.
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
