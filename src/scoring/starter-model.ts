import type { ScoringDefinition } from './scoring-model.js';

/**
 * The model every new workspace starts with, so that scoring works out of the box. It
 * follows the usual B2B playbook; marketing is expected to tune it (and backtest the change).
 *
 * Fit (who they are): target industries +15, senior titles +8 to +12, a company of 50 to
 * 5,000 people +10, a phone number +5, a free-mail address −20. Grades: A from 35 points,
 * B from 20, C from 5, D below.
 *
 * Engagement (what they did), halving every 30 days and capped at 100: demo requested +40,
 * webinar attended +20, form submitted +15 (at most 5 in 30 days), pricing page +10 (at most 3
 * in 30 days), e-mail clicked +5 (at most 5 in 30 days), any page +1 (at most 20 in 30
 * days), unsubscribed −30.
 *
 * MQL: grade A or B and engagement of at least 60. SQL: accepted by sales (SAL), grade A or B
 * and engagement of at least 80.
 */
export const STARTER_MODEL: ScoringDefinition = {
  fitRules: [
    {
      id: 'target-industry',
      label: 'Target industry',
      condition: {
        attribute: 'company.industry',
        operator: 'one_of',
        value: ['Software', 'Technology', 'Financial Services', 'Finance'],
      },
      points: 15,
    },
    {
      id: 'title-chief',
      label: 'C-level title',
      condition: { attribute: 'person.title', operator: 'contains', value: 'Chief' },
      points: 12,
    },
    {
      id: 'title-vp',
      label: 'VP title',
      condition: { attribute: 'person.title', operator: 'contains', value: 'VP' },
      points: 10,
    },
    {
      id: 'title-director',
      label: 'Director title',
      condition: { attribute: 'person.title', operator: 'contains', value: 'Director' },
      points: 8,
    },
    {
      id: 'title-head',
      label: 'Head-of title',
      condition: { attribute: 'person.title', operator: 'contains', value: 'Head' },
      points: 8,
    },
    {
      id: 'company-size',
      label: 'Company of 50 to 5,000 people',
      condition: { attribute: 'company.employees', operator: 'range', min: 50, max: 5000 },
      points: 10,
    },
    {
      id: 'has-phone',
      label: 'Phone number known',
      condition: { attribute: 'person.phone', operator: 'exists' },
      points: 5,
    },
    {
      id: 'free-mail',
      label: 'Free-mail address',
      condition: { attribute: 'person.email', operator: 'free_mail' },
      points: -20,
    },
  ],
  gradeBands: { A: 35, B: 20, C: 5 },
  engagementRules: [
    {
      id: 'demo-requested',
      label: 'Demo requested',
      match: { type: 'track', name: 'Demo Requested' },
      points: 40,
    },
    {
      id: 'webinar-attended',
      label: 'Webinar attended',
      match: { type: 'track', name: 'Webinar Attended' },
      points: 20,
    },
    {
      id: 'form-submitted',
      label: 'Form submitted',
      match: { type: 'track', name: 'Form Submitted' },
      points: 15,
      cap: { max: 5, windowDays: 30 },
    },
    {
      id: 'pricing-page',
      label: 'Pricing page viewed',
      match: { type: 'page', path: '/pricing*' },
      points: 10,
      cap: { max: 3, windowDays: 30 },
    },
    {
      id: 'email-clicked',
      label: 'E-mail clicked',
      match: { type: 'track', name: 'Email Clicked' },
      points: 5,
      cap: { max: 5, windowDays: 30 },
    },
    {
      id: 'page-viewed',
      label: 'Any page viewed',
      match: { type: 'page' },
      points: 1,
      cap: { max: 20, windowDays: 30 },
    },
    {
      id: 'unsubscribed',
      label: 'Unsubscribed',
      match: { type: 'track', name: 'Unsubscribed' },
      points: -30,
    },
  ],
  engagementCap: 100,
  decay: { kind: 'half_life', days: 30 },
  mql: { all: [{ grade: ['A', 'B'] }, { score: 'engagement', op: 'gte', value: 60 }] },
  sql: {
    all: [{ stage: ['sal'] }, { grade: ['A', 'B'] }, { score: 'engagement', op: 'gte', value: 80 }],
  },
};
