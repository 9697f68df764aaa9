import type { TeamCalendar, WeeklyHours, WorkingInterval } from '../teams/calendar.js';
import type { DemoUserKey } from './demo-catalog.js';
import { berlinHolidays, usFederalHolidays } from './holidays.js';
import { DAY, iso, type DemoContext, type TeamMemberRow, type TeamRow } from './demo-shape.js';

/** The demo's three teams with their calendars, managers, members and capacities. */
function weekdays(intervals: WorkingInterval[], friday = intervals): WeeklyHours {
  const day = (list: WorkingInterval[]) => list.map((interval) => ({ ...interval }));

  return {
    sun: [],
    mon: day(intervals),
    tue: day(intervals),
    wed: day(intervals),
    thu: day(intervals),
    fri: day(friday),
    sat: [],
  };
}

function holidaysAround(now: number, of: (year: number) => string[]): string[] {
  const year = new Date(now).getUTCFullYear();

  return [year - 1, year, year + 1].flatMap(of);
}

interface TeamPlan {
  readonly name: string;
  readonly kind: 'marketing' | 'sales';
  readonly manager: DemoUserKey;
  readonly calendar: TeamCalendar;
  readonly members: readonly (readonly [DemoUserKey, number])[];
}

function teamPlans(now: number): TeamPlan[] {
  const berlin = holidaysAround(now, berlinHolidays);

  return [
    {
      name: 'Marketing',
      kind: 'marketing',
      manager: 'marketing',
      calendar: {
        timeZone: 'Europe/Berlin',
        weeklyHours: weekdays([{ start: '09:00', end: '17:00' }]),
        holidays: berlin,
      },
      members: [
        ['marketing', 0],
        ['admin', 0],
      ],
    },
    {
      name: 'Sales EMEA',
      kind: 'sales',
      manager: 'salesManager',
      calendar: {
        timeZone: 'Europe/Berlin',
        weeklyHours: weekdays([
          { start: '08:30', end: '12:30' },
          { start: '13:30', end: '17:30' },
        ]),
        holidays: berlin,
      },
      members: [
        ['emea1', 40],
        ['emea2', 35],
        ['emea3', 30],
        ['salesManager', 10],
      ],
    },
    {
      name: 'Sales Americas',
      kind: 'sales',
      manager: 'salesManager',
      calendar: {
        timeZone: 'America/New_York',
        weeklyHours: weekdays(
          [{ start: '09:00', end: '17:30' }],
          [{ start: '09:00', end: '15:00' }],
        ),
        holidays: holidaysAround(now, usFederalHolidays),
      },
      members: [
        ['americas1', 40],
        ['americas2', 40],
        ['americas3', 25],
      ],
    },
  ];
}

export function teamRows(ctx: DemoContext): { teams: TeamRow[]; teamMembers: TeamMemberRow[] } {
  const created = ctx.now - 200 * DAY;
  const teams: TeamRow[] = [];
  const teamMembers: TeamMemberRow[] = [];

  for (const plan of teamPlans(ctx.now)) {
    const id = ctx.newId('team', created);
    teams.push({
      id,
      workspace_id: ctx.workspaceId,
      name: plan.name,
      kind: plan.kind,
      manager_id: ctx.userIds[plan.manager],
      calendar: JSON.stringify(plan.calendar),
      created_at: iso(created),
      updated_at: iso(created),
    });
    for (const [key, capacity] of plan.members) {
      // One EMEA rep is on holiday this week, so routing has someone to skip.
      const away = key === 'emea3';
      teamMembers.push({
        team_id: id,
        workspace_id: ctx.workspaceId,
        user_id: ctx.userIds[key],
        capacity,
        availability: away ? 'away' : 'available',
        away_until: away ? iso(ctx.now + 5 * DAY) : null,
        created_at: iso(created),
      });
    }
  }

  return { teams, teamMembers };
}
