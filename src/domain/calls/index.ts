// The calls shipped with the code, by id. A new call is a new data file here, not new code.

import { snee2021 } from './snee-2021';
import type { ApplicationPeriod, CallDefinition } from './types';

export type { ApplicationPeriod, CallDefinition } from './types';
export { parisLocalToUtcIso } from '../paris-time';

/** A set of calls by id (the shipped ones by default; tests may build others). */
export type CallRegistry = ReadonlyMap<string, CallDefinition>;

export function createCallRegistry(calls: readonly CallDefinition[]): CallRegistry {
  return new Map(calls.map((c) => [c.id, c]));
}

export const shippedCalls: CallRegistry = createCallRegistry([snee2021]);

export function getCall(id: string, registry: CallRegistry = shippedCalls): CallDefinition | undefined {
  return registry.get(id);
}

export function listCalls(registry: CallRegistry = shippedCalls): CallDefinition[] {
  return [...registry.values()];
}

/** The period open at `nowIso` (UTC ISO; the closing second is included whole), if any. */
export function openPeriod(call: CallDefinition, nowIso: string): ApplicationPeriod | undefined {
  const now = Date.parse(nowIso);
  return call.periods.find((p) => now >= Date.parse(p.opensAt) && now < Date.parse(p.closesAt) + 1000);
}

export function isApplicationOpen(call: CallDefinition, nowIso: string): boolean {
  return openPeriod(call, nowIso) !== undefined;
}
