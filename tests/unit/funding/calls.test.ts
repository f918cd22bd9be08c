// The calls shipped with the code: snee-2021's parameters, period, envelope and référentiel.

import { describe, expect, it } from 'vitest';
import { getCall, isApplicationOpen, listCalls, parisLocalToUtcIso } from '../../../src/domain/calls';
import { checkFundingRules } from '../../../src/domain/funding';

describe('calls', () => {
  const call = getCall('snee-2021')!;

  it('ships snee-2021 with the parameters of DOMAIN.md §2', () => {
    expect(listCalls().map((c) => c.id)).toEqual(['snee-2021']);
    expect(getCall('nope')).toBeUndefined();
    expect(call.referentialVersion).toBe('snee-2021');
    expect(call.envelope.totalCents).toBe(10_500_000_000);
    expect(call.funding).toEqual({
      amountBasis: 'TTC',
      rounding: 'floor-cent',
      minimumEquipmentPerSchoolCents: 350_000,
      equipmentCapPerClassCents: 350_000,
      equipmentTiers: {
        scope: 'commune',
        maximumBaseCents: 100_000_000,
        tiers: [
          { upToCents: 20_000_000, rate: { numerator: 70, denominator: 100 } },
          { upToCents: null, rate: { numerator: 50, denominator: 100 } },
        ],
      },
      servicesCapPerPupil: { cents: 2_000, scope: 'dossier' },
      servicesRate: { numerator: 50, denominator: 100 },
      bothVoletsRequired: true,
    });
    expect(checkFundingRules(call.funding)).toEqual([]);
  });

  it('opens on 14 January 2021 and closes on 31 March 2021 at 23:59:59, Paris time', () => {
    expect(call.periods).toEqual([{ opensAt: '2021-01-13T23:00:00.000Z', closesAt: '2021-03-31T21:59:59.000Z' }]);
    expect(isApplicationOpen(call, '2021-01-13T22:59:59.999Z')).toBe(false);
    expect(isApplicationOpen(call, '2021-01-13T23:00:00.000Z')).toBe(true);
    expect(isApplicationOpen(call, '2021-03-31T21:59:59.999Z')).toBe(true);
    expect(isApplicationOpen(call, '2021-03-31T22:00:00.000Z')).toBe(false);
  });

  it('converts Paris local times across both offsets', () => {
    expect(parisLocalToUtcIso('2021-07-14T12:00:00')).toBe('2021-07-14T10:00:00.000Z');
    expect(parisLocalToUtcIso('2021-12-25T00:00:00')).toBe('2021-12-24T23:00:00.000Z');
    expect(parisLocalToUtcIso('2021-03-28T03:30:00')).toBe('2021-03-28T01:30:00.000Z'); // first hour of summer time
    expect(() => parisLocalToUtcIso('14/01/2021')).toThrow();
  });

  it('accepts several periods (a call may reopen)', () => {
    const reopened = { ...call, periods: [...call.periods, { opensAt: '2021-05-02T22:00:00.000Z', closesAt: '2021-06-30T21:59:59.000Z' }] };
    expect(isApplicationOpen(reopened, '2021-04-15T10:00:00.000Z')).toBe(false);
    expect(isApplicationOpen(reopened, '2021-06-01T10:00:00.000Z')).toBe(true);
  });
});
