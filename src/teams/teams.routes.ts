import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { errorResponses, IdParams, listOf, Nullable } from '../app/http-schemas.js';
import { principalOf } from '../auth/auth.hook.js';
import { scopeOf } from '../auth/principal.js';
import { notFound } from '../shared/app-error.js';
import { MAX_LIMIT } from '../shared/pagination.js';
import { findTeam, listTeams } from './teams.repository.js';
import {
  createTeam,
  deleteTeam,
  removeTeamMember,
  setTeamMember,
  updateTeam,
} from './teams.service.js';
import { AVAILABILITIES, DEFAULT_CAPACITY, MAX_CAPACITY, TEAM_KINDS } from './team.types.js';

const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)));

const Interval = Type.Object(
  {
    start: Type.String({ maxLength: 5, description: 'HH:MM, inclusive' }),
    end: Type.String({ maxLength: 5, description: 'HH:MM, exclusive; 24:00 ends the day' }),
  },
  { additionalProperties: false },
);

const DayInput = Type.Optional(Type.Array(Interval, { maxItems: 24 }));

const Calendar = Type.Object({
  timeZone: Type.String(),
  weeklyHours: Type.Object({
    mon: Type.Array(Interval),
    tue: Type.Array(Interval),
    wed: Type.Array(Interval),
    thu: Type.Array(Interval),
    fri: Type.Array(Interval),
    sat: Type.Array(Interval),
    sun: Type.Array(Interval),
  }),
  holidays: Type.Array(Type.String()),
});

const CalendarInput = Type.Object(
  {
    timeZone: Type.Optional(
      Type.String({ maxLength: 100, description: 'IANA time zone; default UTC' }),
    ),
    weeklyHours: Type.Optional(
      Type.Object(
        {
          mon: DayInput,
          tue: DayInput,
          wed: DayInput,
          thu: DayInput,
          fri: DayInput,
          sat: DayInput,
          sun: DayInput,
        },
        {
          additionalProperties: false,
          description: 'Weekdays left out have no working hours. Default: Mon–Fri 09:00–17:00.',
        },
      ),
    ),
    holidays: Type.Optional(
      Type.Array(Type.String({ maxLength: 10 }), { maxItems: 366, description: 'YYYY-MM-DD' }),
    ),
  },
  { additionalProperties: false },
);

const Member = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  email: Type.String(),
  capacity: Type.Integer(),
  availability: Type.String(),
  awayUntil: Nullable(Type.String()),
});

const Team = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    managerId: Nullable(Type.String()),
    calendar: Calendar,
    members: Type.Array(Member),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Team' },
);

const TeamFields = {
  name: Type.String({ maxLength: 100 }),
  kind: literals(TEAM_KINDS),
  managerId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  calendar: Type.Optional(CalendarInput),
};

const NewTeam = Type.Object(TeamFields, { additionalProperties: false });
const TeamPatch = Type.Partial(Type.Object(TeamFields), { additionalProperties: false });

const MemberBody = Type.Object(
  {
    capacity: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_CAPACITY,
        description: `Most open leads at once; default ${DEFAULT_CAPACITY}`,
      }),
    ),
    availability: Type.Optional(literals(AVAILABILITIES)),
    awayUntil: Type.Optional(Nullable(Type.String({ format: 'date-time', maxLength: 40 }))),
  },
  { additionalProperties: false },
);

const TeamQuery = Type.Object(
  {
    kind: Type.Optional(literals(TEAM_KINDS)),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    sort: Type.Optional(
      Type.String({
        maxLength: 30,
        description: 'name (default) or created_at; a leading - sorts descending.',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

const MemberParams = Type.Object({
  id: Type.String({ maxLength: 64 }),
  userId: Type.String({ maxLength: 64 }),
});

/** `/api/v1/teams`: marketing and sales teams, their members and working-hours calendars. */
export const teamsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/teams', {
    config: { permission: 'teams:read' },
    schema: {
      tags: ['teams'],
      summary: 'List teams',
      querystring: TeamQuery,
      response: { 200: listOf(Team), ...errorResponses },
    },
    handler: async (request) =>
      listTeams(app.store.db, principalOf(request).workspaceId, request.query),
  });

  app.post('/teams', {
    config: { permission: 'teams:manage' },
    schema: {
      tags: ['teams'],
      summary: 'Create a team',
      body: NewTeam,
      response: { 201: Team, ...errorResponses },
    },
    handler: async (request, reply) => {
      const team = await createTeam(app.store.db, scopeOf(principalOf(request)), request.body);

      return reply.status(201).send(team);
    },
  });

  app.get('/teams/:id', {
    config: { permission: 'teams:read' },
    schema: {
      tags: ['teams'],
      summary: 'Get a team',
      params: IdParams,
      response: { 200: Team, ...errorResponses },
    },
    handler: async (request) => {
      const team = await findTeam(
        app.store.db,
        principalOf(request).workspaceId,
        request.params.id,
      );
      if (!team) throw notFound('team', 'id');

      return team;
    },
  });

  app.patch('/teams/:id', {
    config: { permission: 'teams:manage' },
    schema: {
      tags: ['teams'],
      summary: 'Update a team; a calendar given replaces the old one',
      params: IdParams,
      body: TeamPatch,
      response: { 200: Team, ...errorResponses },
    },
    handler: async (request) =>
      updateTeam(app.store.db, scopeOf(principalOf(request)), request.params.id, request.body),
  });

  app.delete('/teams/:id', {
    config: { permission: 'teams:manage' },
    schema: {
      tags: ['teams'],
      summary: 'Delete a team and its memberships',
      params: IdParams,
      response: { 204: Type.Null(), ...errorResponses },
    },
    handler: async (request, reply) => {
      await deleteTeam(app.store.db, scopeOf(principalOf(request)), request.params.id);

      return reply.status(204).send(null);
    },
  });

  app.put('/teams/:id/members/:userId', {
    config: { permission: 'teams:manage' },
    schema: {
      tags: ['teams'],
      summary:
        'Add a member or change their capacity and availability (fields left out keep their value)',
      params: MemberParams,
      body: MemberBody,
      response: { 200: Team, ...errorResponses },
    },
    handler: async (request) =>
      setTeamMember(
        app.store.db,
        scopeOf(principalOf(request)),
        request.params.id,
        request.params.userId,
        request.body ?? {},
      ),
  });

  app.delete('/teams/:id/members/:userId', {
    config: { permission: 'teams:manage' },
    schema: {
      tags: ['teams'],
      summary: 'Remove a member from a team',
      params: MemberParams,
      response: { 204: Type.Null(), ...errorResponses },
    },
    handler: async (request, reply) => {
      await removeTeamMember(
        app.store.db,
        scopeOf(principalOf(request)),
        request.params.id,
        request.params.userId,
      );

      return reply.status(204).send(null);
    },
  });
};
