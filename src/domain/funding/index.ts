// Funding of a dossier: rules as data (rules.ts), compiled path (compile.ts), explanation (explain.ts),
// findings (findings.ts), input validation (input.ts), and the simulation shared by CLI and API.

export type { FundingRules, EquipmentTier } from './rules';
export { checkFundingRules, assertFundingRules } from './rules';
export { compileFunding, type FundingFunction } from './compile';
export { explainAdjustments, explainFunding, explanationText, type LineAdjustment } from './explain';
export { describeFindings } from './findings';
export { parseSimulationInput, formatPath, type SimulationInput, type SpendingLine } from './input';
export { simulate, simulateText, type SimulationOutcome, type SimulateOptions } from './simulate';
export * from './types';
