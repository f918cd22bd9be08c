// A call for projects as data: its funding rules, application periods, envelope and référentiel.

import type { Cents } from '../money';
import type { FundingRules } from '../funding/rules';

/** Applications are accepted from `opensAt` to `closesAt` inclusive (UTC ISO instants, to the second). */
export interface ApplicationPeriod {
  readonly opensAt: string;
  readonly closesAt: string;
}

export interface CallDefinition {
  readonly id: string;
  readonly title: string;
  /** Version of the référentiel (socle numérique de base) the diagnostic uses. */
  readonly referentialVersion: string;
  /** One or more periods (a call may reopen). */
  readonly periods: readonly ApplicationPeriod[];
  readonly envelope: {
    readonly totalCents: Cents;
    /** Default envelope per académie code; the national administrator may override it in the database. */
    readonly perAcademyCents: Readonly<Record<string, Cents>>;
  };
  readonly funding: FundingRules;
}
