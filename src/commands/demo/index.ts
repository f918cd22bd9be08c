// The national demo campaign (`socle demo --national`).
export {
  DEFAULT_SEED, DEMO_CALL, DEMO_STATES, checkDemoPreconditions, DemoCampaignExistsError, DemoReferenceMissingError, deleteDemoCampaign, demoCampaignSize, generateNationalDemo,
  type DemoFinalState, type NationalDemoOptions, type NationalDemoReport,
} from './national';
export type { AcademieOutcome, WaveSummary } from './review';
export { DEMO_DOMAIN } from './build';
export { OUTCOME_2021, type PlanTargets } from './plan';
