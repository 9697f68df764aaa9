import {
  COMPANY_STEMS,
  COMPANY_SUFFIXES,
  COUNTRIES,
  INDUSTRY_WEIGHTS,
  REGION_WEIGHTS,
  SIZE_BANDS,
} from './demo-catalog.js';
import type { Random } from './random.js';
import {
  DAY,
  iso,
  repsOf,
  slug,
  type CompanyInfo,
  type CompanyRow,
  type DemoContext,
} from './demo-shape.js';

/** The demo's companies: names, domains, industries, sizes and regions, from the seed. */

function companyName(
  random: Random,
  industry: keyof typeof COMPANY_SUFFIXES,
  taken: Set<string>,
): string {
  const base = `${random.pick(COMPANY_STEMS)} ${random.pick(COMPANY_SUFFIXES[industry])}`;
  const variants = [base, `${base} Group`, `${base} International`, `${base} Holdings`];
  const free = variants.find((name) => !taken.has(name));
  const name = free ?? `${base} ${taken.size}`;
  taken.add(name);

  return name;
}

export function companyRows(
  ctx: DemoContext,
  random: Random,
): { rows: CompanyRow[]; infos: CompanyInfo[] } {
  const count = Math.min(4000, Math.max(20, Math.round(ctx.people / 25)));
  const names = new Set<string>();
  const rows: CompanyRow[] = [];
  const infos: CompanyInfo[] = [];

  for (let i = 0; i < count; i++) {
    const industry = random.weighted(INDUSTRY_WEIGHTS);
    const region = random.weighted(REGION_WEIGHTS);
    const [country, tld] = random.pick(COUNTRIES[region]);
    const band = random.weighted(SIZE_BANDS.map((b) => [b, b[1]] as const));
    const employees = random.int(band[2], band[3]);
    const name = companyName(random, industry, names);
    const domain = `${slug(name)}.${tld}`;
    const created = ctx.now - random.int(200, 400) * DAY;
    const id = ctx.newId('company', created);
    const reps = repsOf(region);
    const owner = random.chance(0.3) ? ctx.userIds[random.pick(reps)] : null;

    rows.push({
      id,
      workspace_id: ctx.workspaceId,
      name,
      domain,
      industry,
      employees,
      annual_revenue: Math.round((employees * random.int(60, 260)) / 10) * 10_000,
      region,
      country,
      owner_id: owner,
      traits: JSON.stringify({ sizeBand: band[0], founded: random.int(1950, 2022) }),
      created_at: iso(created),
      updated_at: iso(created),
    });
    infos.push({ id, name, domain, region, employees });
  }

  return { rows, infos };
}
