import type { Role } from '../auth/permissions.js';

/**
 * The fixed cast and the word lists the demo generator draws from. Names are invented
 * combinations of common given names and surnames; e-mails use reserved demo domains.
 */
export const DEMO_LOGIN = { email: 'demo@baton.dev', password: 'baton-demo' } as const;

export type DemoUserKey =
  | 'admin'
  | 'marketing'
  | 'salesManager'
  | 'emea1'
  | 'emea2'
  | 'emea3'
  | 'americas1'
  | 'americas2'
  | 'americas3';

export interface DemoUser {
  readonly key: DemoUserKey;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { key: 'admin', email: DEMO_LOGIN.email, name: 'Dana Demo', role: 'admin' },
  { key: 'marketing', email: 'priya.shah@baton.dev', name: 'Priya Shah', role: 'marketing' },
  {
    key: 'salesManager',
    email: 'marcus.chen@baton.dev',
    name: 'Marcus Chen',
    role: 'sales_manager',
  },
  { key: 'emea1', email: 'lena.fischer@baton.dev', name: 'Lena Fischer', role: 'sales_rep' },
  { key: 'emea2', email: 'tom.becker@baton.dev', name: 'Tom Becker', role: 'sales_rep' },
  { key: 'emea3', email: 'sofia.rossi@baton.dev', name: 'Sofia Rossi', role: 'sales_rep' },
  { key: 'americas1', email: 'jake.morgan@baton.dev', name: 'Jake Morgan', role: 'sales_rep' },
  { key: 'americas2', email: 'ana.lopez@baton.dev', name: 'Ana Lopez', role: 'sales_rep' },
  { key: 'americas3', email: 'ryan.brooks@baton.dev', name: 'Ryan Brooks', role: 'sales_rep' },
];

export type Region = 'EMEA' | 'Americas' | 'APAC';

export const REGION_WEIGHTS: readonly (readonly [Region, number])[] = [
  ['EMEA', 45],
  ['Americas', 40],
  ['APAC', 15],
];

/** Country and top-level domain, per region. */
export const COUNTRIES: Readonly<Record<Region, readonly (readonly [string, string])[]>> = {
  EMEA: [
    ['Germany', 'de'],
    ['United Kingdom', 'co.uk'],
    ['France', 'fr'],
    ['Netherlands', 'nl'],
    ['Spain', 'es'],
    ['Sweden', 'se'],
    ['Switzerland', 'ch'],
    ['United Arab Emirates', 'ae'],
  ],
  Americas: [
    ['United States', 'com'],
    ['United States', 'com'],
    ['United States', 'io'],
    ['Canada', 'ca'],
    ['Brazil', 'com.br'],
    ['Mexico', 'mx'],
  ],
  APAC: [
    ['Australia', 'com.au'],
    ['Japan', 'jp'],
    ['Singapore', 'sg'],
    ['India', 'in'],
    ['New Zealand', 'co.nz'],
  ],
};

export const INDUSTRIES = [
  'Software',
  'Finance',
  'Healthcare',
  'Manufacturing',
  'Retail',
  'Education',
  'Logistics',
  'Media',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

export const INDUSTRY_WEIGHTS: readonly (readonly [Industry, number])[] = [
  ['Software', 30],
  ['Finance', 15],
  ['Healthcare', 12],
  ['Manufacturing', 12],
  ['Retail', 10],
  ['Education', 8],
  ['Logistics', 7],
  ['Media', 6],
];

// prettier-ignore
export const COMPANY_STEMS = [
  'Northwind', 'Bluepeak', 'Silverline', 'Ironbridge', 'Brightwater', 'Redwood', 'Clearpath',
  'Stonegate', 'Lakeshore', 'Summit', 'Evergreen', 'Harbor', 'Copperfield', 'Falcon', 'Granite',
  'Horizon', 'Juniper', 'Keystone', 'Lumen', 'Meridian', 'Nimbus', 'Oakridge', 'Pinecrest',
  'Quantum', 'Riverside', 'Sterling', 'Tidewater', 'Unity', 'Vantage', 'Westbrook', 'Zenith',
  'Aurora', 'Beacon', 'Cascade', 'Driftwood', 'Ember', 'Fjord', 'Glacier', 'Highland', 'Indigo',
  'Jasper', 'Kestrel', 'Larkspur', 'Maple', 'Nova', 'Orion', 'Polaris', 'Quarry', 'Rainier',
  'Sequoia', 'Trillium', 'Upland', 'Vertex', 'Willow', 'Yellowstone', 'Alder', 'Birch', 'Cedar',
  'Delta', 'Elm',
];

export const COMPANY_SUFFIXES: Readonly<Record<Industry, readonly string[]>> = {
  Software: ['Labs', 'Software', 'Cloud', 'AI', 'Data', 'Systems'],
  Finance: ['Capital', 'Bank', 'Financial', 'Partners', 'Insurance'],
  Healthcare: ['Health', 'Medical', 'Clinics', 'Bio', 'Care'],
  Manufacturing: ['Industries', 'Manufacturing', 'Works', 'Robotics', 'Components'],
  Retail: ['Stores', 'Retail', 'Outfitters', 'Market', 'Goods'],
  Education: ['Academy', 'Learning', 'Education', 'Institute', 'School'],
  Logistics: ['Logistics', 'Freight', 'Shipping', 'Transport'],
  Media: ['Media', 'Studios', 'Publishing', 'Broadcasting'],
};

/** Employee bands with a weight and a range. */
export const SIZE_BANDS: readonly (readonly [string, number, number, number])[] = [
  ['1-10', 10, 2, 10],
  ['11-50', 25, 11, 50],
  ['51-200', 28, 51, 200],
  ['201-1000', 20, 201, 1000],
  ['1001-5000', 11, 1001, 5000],
  ['5001+', 6, 5001, 60000],
];

// prettier-ignore
export const FIRST_NAMES = [
  'Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Leon', 'Sophie', 'Elias', 'Hannah',
  'Felix', 'Chloe', 'Hugo', 'Julia', 'Mateo', 'Isabella', 'Daniel', 'Sara', 'David', 'Laura',
  'James', 'Anna', 'Oliver', 'Maria', 'Ethan', 'Clara', 'Jonas', 'Nora', 'Samuel', 'Alice',
  'Benjamin', 'Elena', 'Henry', 'Zoe', 'Arjun', 'Aisha', 'Kenji', 'Yuki', 'Wei', 'Mei', 'Omar',
  'Fatima', 'Diego', 'Lucia', 'Pedro', 'Camila', 'Ravi', 'Priya', 'Chen', 'Lars', 'Ingrid',
  'Pierre', 'Camille', 'Marco', 'Giulia', 'Jan', 'Eva', 'Tomas', 'Katarina', 'Michael', 'Sarah',
  'Robert', 'Jennifer', 'William', 'Jessica', 'Thomas', 'Emily', 'Christopher', 'Ashley', 'Kevin',
  'Rachel', 'Brian', 'Megan', 'Jason', 'Nicole', 'Matthew', 'Lauren', 'Andrew', 'Rebecca',
];

// prettier-ignore
export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Martinez',
  'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Young', 'Allen', 'King',
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann',
  'Dubois', 'Laurent', 'Moreau', 'Bernard', 'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi',
  'Jansen', 'de Vries', 'Bakker', 'Visser', 'Andersson', 'Johansson', 'Nilsson', 'Larsen',
  'Nowak', 'Kowalski', 'Novak', 'Silva', 'Santos', 'Oliveira', 'Pereira', 'Costa', 'Tanaka',
  'Suzuki', 'Sato', 'Watanabe', 'Kim', 'Park', 'Wang', 'Li', 'Zhang', 'Liu', 'Patel', 'Sharma',
  'Singh', 'Gupta', 'Khan', 'Ali', 'Haddad', 'Cohen', "O'Brien", 'Murphy', 'Kelly', 'Walsh',
];

/** Title, department, seniority, weight. */
export const TITLES: readonly (readonly [string, string, string, number])[] = [
  ['Chief Executive Officer', 'executive', 'c_level', 3],
  ['Founder', 'executive', 'c_level', 2],
  ['Chief Technology Officer', 'engineering', 'c_level', 2],
  ['Chief Financial Officer', 'finance', 'c_level', 2],
  ['VP of Marketing', 'marketing', 'vp', 4],
  ['VP of Sales', 'sales', 'vp', 4],
  ['VP of Engineering', 'engineering', 'vp', 3],
  ['Head of Growth', 'marketing', 'director', 4],
  ['Head of Revenue Operations', 'operations', 'director', 3],
  ['Director of IT', 'it', 'director', 4],
  ['Marketing Director', 'marketing', 'director', 4],
  ['Sales Director', 'sales', 'director', 4],
  ['Marketing Manager', 'marketing', 'manager', 8],
  ['Demand Generation Manager', 'marketing', 'manager', 5],
  ['Sales Operations Manager', 'operations', 'manager', 5],
  ['Product Manager', 'product', 'manager', 6],
  ['Engineering Manager', 'engineering', 'manager', 5],
  ['Procurement Manager', 'finance', 'manager', 3],
  ['Software Engineer', 'engineering', 'individual', 8],
  ['Data Analyst', 'operations', 'individual', 6],
  ['Marketing Specialist', 'marketing', 'individual', 6],
  ['Account Executive', 'sales', 'individual', 5],
  ['Operations Analyst', 'operations', 'individual', 4],
  ['IT Administrator', 'it', 'individual', 4],
  ['Consultant', 'other', 'individual', 3],
  ['Student', 'other', 'individual', 2],
];

export const FREE_MAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'gmx.de'];

export const LEAD_SOURCES: readonly (readonly [string, number])[] = [
  ['organic_search', 25],
  ['paid_search', 15],
  ['linkedin', 12],
  ['webinar', 10],
  ['content_download', 12],
  ['referral', 8],
  ['event', 8],
  ['direct', 10],
];

export const CAMPAIGNS = [
  'q1-pipeline-boost',
  'revops-playbook-ebook',
  'sla-webinar-series',
  'linkedin-abm-emea',
  'brand-search',
  'partner-referrals',
];

/** Pages a visitor views, with a weight; `/pricing` is the one scoring cares about. */
export const PAGES: readonly (readonly [string, string, number])[] = [
  ['/', 'Baton – Sales and marketing, in agreement', 20],
  ['/pricing', 'Pricing', 12],
  ['/product', 'Product tour', 10],
  ['/customers', 'Customer stories', 6],
  ['/blog/what-is-an-mql', 'What is an MQL, really?', 8],
  ['/blog/speed-to-lead', 'Speed to lead: the first hour matters', 7],
  ['/blog/sla-between-marketing-and-sales', 'Writing an SLA both teams sign', 6],
  ['/integrations', 'Integrations', 5],
  ['/security', 'Security', 3],
  ['/careers', 'Careers', 2],
];

export const FORMS = [
  'Contact us',
  'Newsletter sign-up',
  'E-book download',
  'ROI calculator',
  'Free trial',
];

export const WEBINARS = [
  'Lead scoring that sales trusts',
  'From MQL to revenue in 30 days',
  'Building a service-level agreement',
];

export const EMAILS = [
  'Monthly newsletter',
  'Webinar invitation',
  'Case study: Northwind',
  'Pricing update',
  'Nurture #3',
];

export const ACTIVITY_SUBJECTS: Readonly<
  Record<'call' | 'email' | 'meeting' | 'note', readonly string[]>
> = {
  call: [
    'Intro call',
    'Discovery call',
    'Follow-up call',
    'Left a voicemail',
    'Pricing discussion',
  ],
  email: [
    'Sent intro e-mail',
    'Shared case study',
    'Sent proposal',
    'Followed up on demo',
    'Sent meeting recap',
  ],
  meeting: ['Product demo', 'Technical deep dive', 'Stakeholder meeting', 'Contract review'],
  note: [
    'Budget confirmed for Q3',
    'Evaluating two competitors',
    'Champion identified',
    'Needs security review',
  ],
};
