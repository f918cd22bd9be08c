// The 2021 call « Socle numérique dans les écoles élémentaires » (DOMAIN.md §1 and §2).

import { euros, percent } from '../money';
import { parisLocalToUtcIso } from '../paris-time';
import type { CallDefinition } from './types';

export const snee2021: CallDefinition = {
  id: 'snee-2021',
  title: 'Socle numérique dans les écoles élémentaires (2021)',
  referentialVersion: 'snee-2021',
  periods: [
    // From 14 January 2021 00:00 to 31 March 2021 23:59:59, Paris time.
    { opensAt: parisLocalToUtcIso('2021-01-14T00:00:00'), closesAt: parisLocalToUtcIso('2021-03-31T23:59:59') },
  ],
  envelope: { totalCents: euros(105_000_000), perAcademyCents: {} },
  funding: {
    amountBasis: 'TTC',
    rounding: 'floor-cent',
    // 1. A school with less than 3,500 € of equipment is not eligible.
    minimumEquipmentPerSchoolCents: euros(3_500),
    // 2. Eligible equipment of a school: at most 3,500 € per class.
    equipmentCapPerClassCents: euros(3_500),
    // 3. Per commune: base at most 1,000,000 €; 70 % up to 200,000 €, then 50 %.
    equipmentTiers: {
      scope: 'commune',
      maximumBaseCents: euros(1_000_000),
      tiers: [
        { upToCents: euros(200_000), rate: percent(70) },
        { upToCents: null, rate: percent(50) },
      ],
    },
    // 4. Services: at most 20 € per pupil over the dossier, subsidised at 50 %.
    servicesCapPerPupil: { cents: euros(20), scope: 'dossier' },
    servicesRate: percent(50),
    // 6. Both volets are required.
    bothVoletsRequired: true,
  },
};
