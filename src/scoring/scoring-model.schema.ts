import { Type, type TSchema } from '@sinclair/typebox';

import { COMPARATORS, GRADES, NUMERIC_FIELDS } from './scoring-model.js';

/** JSON Schema of a scoring definition: the API's body schema and the validator's first pass. */
const closed = { additionalProperties: false } as const;
const Attribute = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$ -]+)*$',
});
const Scalar = Type.Union([Type.String({ maxLength: 500 }), Type.Number()]);
const Points = Type.Number({ minimum: -1000, maximum: 1000 });
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9_-]*$' });
const Label = Type.String({ minLength: 1, maxLength: 200 });
const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const ConditionSchema = Type.Union([
  Type.Object(
    {
      attribute: Attribute,
      operator: Type.Literal('equals'),
      value: Type.Union([Scalar, Type.Boolean()]),
    },
    closed,
  ),
  Type.Object(
    {
      attribute: Attribute,
      operator: Type.Literal('one_of'),
      value: Type.Array(Scalar, { minItems: 1, maxItems: 500 }),
    },
    closed,
  ),
  Type.Object(
    {
      attribute: Attribute,
      operator: Type.Literal('contains'),
      value: Type.String({ minLength: 1, maxLength: 500 }),
    },
    closed,
  ),
  Type.Object(
    {
      attribute: Attribute,
      operator: Type.Literal('range'),
      min: Type.Optional(Type.Number()),
      max: Type.Optional(Type.Number()),
    },
    closed,
  ),
  Type.Object(
    { attribute: Attribute, operator: literals(['exists', 'missing', 'free_mail']) },
    closed,
  ),
]);

const FitRuleSchema = Type.Object(
  { id: Id, label: Label, condition: ConditionSchema, points: Points },
  closed,
);

const MatcherSchema = Type.Object(
  {
    type: Type.Optional(literals(['track', 'page', 'screen', 'identify', 'group'])),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    path: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    properties: Type.Optional(Type.Array(ConditionSchema, { maxItems: 20 })),
  },
  closed,
);

const EngagementRuleSchema = Type.Object(
  {
    id: Id,
    label: Label,
    match: MatcherSchema,
    points: Points,
    cap: Type.Optional(
      Type.Object(
        {
          max: Type.Integer({ minimum: 1, maximum: 10_000 }),
          windowDays: Type.Number({ exclusiveMinimum: 0, maximum: 3650 }),
        },
        closed,
      ),
    ),
  },
  closed,
);

const DecaySchema = Type.Union([
  Type.Object({ kind: Type.Literal('none') }, closed),
  Type.Object(
    {
      kind: literals(['half_life', 'linear']),
      days: Type.Number({ exclusiveMinimum: 0, maximum: 3650 }),
    },
    closed,
  ),
]);

export const CriterionSchema: TSchema = Type.Recursive(
  (Self) =>
    Type.Union([
      Type.Object({ all: Type.Array(Self, { minItems: 1, maxItems: 50 }) }, closed),
      Type.Object({ any: Type.Array(Self, { minItems: 1, maxItems: 50 }) }, closed),
      Type.Object({ not: Self }, closed),
      Type.Object(
        { grade: Type.Array(literals(GRADES), { minItems: 1, maxItems: 4, uniqueItems: true }) },
        closed,
      ),
      Type.Object(
        { score: literals(NUMERIC_FIELDS), op: literals(COMPARATORS), value: Type.Number() },
        closed,
      ),
      Type.Object(
        {
          stage: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), {
            minItems: 1,
            maxItems: 50,
          }),
        },
        closed,
      ),
      Type.Object({ condition: ConditionSchema }, closed),
    ]),
  { $id: 'Criterion' },
);

export const ScoringDefinitionSchema = Type.Object(
  {
    fitRules: Type.Array(FitRuleSchema, { maxItems: 200 }),
    gradeBands: Type.Object({ A: Type.Number(), B: Type.Number(), C: Type.Number() }, closed),
    engagementRules: Type.Array(EngagementRuleSchema, { maxItems: 200 }),
    engagementCap: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
    decay: DecaySchema,
    mql: CriterionSchema,
    sql: CriterionSchema,
  },
  closed,
);
