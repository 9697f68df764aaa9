import {
  IconAddressBook,
  IconBook2,
  IconBuilding,
  IconChartBar,
  IconGauge,
  IconInbox,
  IconSettings,
  IconSignature,
  IconUserCircle,
  type Icon,
} from '@tabler/icons-react';

/** An area of the app: built, or still to come with a given issue. */
export interface Area {
  readonly path: string;
  readonly label: string;
  readonly icon: Icon;
  /** What the area will hold; shown while it is not built yet. */
  readonly purpose: string;
  /** The issue that builds it; `null` once built, `'later'` when no issue is filed yet. */
  readonly comingWith: number | 'later' | null;
}

export const AREAS: readonly Area[] = [
  {
    path: '/inbox',
    label: 'Inbox',
    icon: IconInbox,
    purpose: 'Handed-over leads with their live SLA clocks, to accept or reject.',
    comingWith: 4,
  },
  { path: '/people', label: 'People', icon: IconAddressBook, purpose: '', comingWith: null },
  { path: '/companies', label: 'Companies', icon: IconBuilding, purpose: '', comingWith: null },
  {
    path: '/scoring',
    label: 'Scoring',
    icon: IconGauge,
    purpose: 'Fit and engagement rules, MQL and SQL criteria, backtests and publishing.',
    comingWith: null,
  },
  {
    path: '/agreement',
    label: 'Agreement',
    icon: IconSignature,
    purpose: 'The SLA between marketing and sales: commitments, handover rules, sign-off.',
    comingWith: 4,
  },
  {
    path: '/glossary',
    label: 'Glossary',
    icon: IconBook2,
    purpose: 'The terms both teams agreed on, and the ones that still mean two things.',
    comingWith: 'later',
  },
  {
    path: '/personas',
    label: 'Personas',
    icon: IconUserCircle,
    purpose: 'Buyer profiles, their needs and pain points, and how well leads match them.',
    comingWith: 'later',
  },
  {
    path: '/reports',
    label: 'Reports',
    icon: IconChartBar,
    purpose: 'Whether each side kept its commitments; funnel, quality and speed to lead.',
    comingWith: 'later',
  },
  { path: '/settings', label: 'Settings', icon: IconSettings, purpose: '', comingWith: null },
];
