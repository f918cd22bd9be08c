// The one implementation of a simulation, shared by `socle simulate` and `POST /api/v1/simulations`.

import { shippedCalls, type CallRegistry } from '../calls';
import { compileFunding } from './compile';
import { explainFunding } from './explain';
import { describeFindings } from './findings';
import { inputError, parseSimulationInput } from './input';
import type { SimulationError, SimulationResult } from './types';

export type SimulationOutcome = { ok: true; result: SimulationResult } | { ok: false; error: SimulationError };

export interface SimulateOptions {
  /** The calls to choose from (the shipped ones by default). */
  readonly calls?: CallRegistry;
}

/** Validates `input` (parsed JSON), computes the grant, its findings and its explanation. */
export function simulate(input: unknown, options: SimulateOptions = {}): SimulationOutcome {
  const calls = options.calls ?? shippedCalls;
  const parsed = parseSimulationInput(input, calls);
  if (!parsed.ok) return parsed;
  const { call: callId, schools } = parsed.value;
  const rules = calls.get(callId)!.funding;
  const amounts = compileFunding(rules)(schools);
  return {
    ok: true,
    result: {
      call: callId,
      amountBasis: rules.amountBasis,
      grantCents: amounts.grantCents,
      equipment: amounts.equipment,
      services: amounts.services,
      schools: amounts.schools,
      communes: amounts.communes,
      findings: describeFindings(rules, schools, amounts),
      explanation: explainFunding(rules, schools),
    },
  };
}

/** Same as `simulate`, from JSON text (what the CLI reads). */
export function simulateText(text: string, options: SimulateOptions = {}): SimulationOutcome {
  if (text.trim() === '') {
    return { ok: false, error: inputError([{ path: '', message: 'Aucune donnée reçue : donnez un objet JSON (fichier --input ou entrée standard).' }]) };
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    const detail = e instanceof SyntaxError ? ` (${e.message})` : '';
    return { ok: false, error: inputError([{ path: '', message: `Le texte reçu n'est pas du JSON valide${detail}.` }]) };
  }
  return simulate(input, options);
}
