// The national demo campaign (`socle demo --national`).
export {
  DEFAULT_SEED, DEMO_CALL, checkDemoPreconditions, DemoCampaignExistsError, DemoReferenceMissingError, deleteDemoCampaign, demoCampaignSize, generateNationalDemo,
  type NationalDemoOptions, type NationalDemoReport,
} from './national';
export { DEMO_DOMAIN } from './build';
export { OUTCOME_2021, type PlanTargets } from './plan';
