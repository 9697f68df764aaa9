import { ActionIcon, Button, Select, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';

import { CONDITION_OPERATORS, type FitRule } from '../../scoring/scoring-model.js';
import { ConditionValue } from './condition-value.js';
import {
  addFitRule,
  OPERATOR_LABELS,
  removeFitRule,
  setFitRule,
  withOperator,
  type Definition,
} from './definition-edit.js';
import { useEditable, useErrorAt } from './editor-context.js';
import { NumberField } from './number-field.js';

const OPERATORS = CONDITION_OPERATORS.map((op) => ({ value: op, label: OPERATOR_LABELS[op] }));

/** Attributes scoring reads; any other `person.traits.x` or `company.traits.x` works too. */
export const KNOWN_ATTRIBUTES = [
  'person.email',
  'person.title',
  'person.phone',
  'person.source',
  'person.firstName',
  'person.lastName',
  'company.name',
  'company.domain',
  'company.industry',
  'company.employees',
  'company.annualRevenue',
  'company.region',
  'company.country',
];

export function ruleName(label: string, index: number, kind: string): string {
  return label.trim() || `${kind} rule ${index + 1}`;
}

function FitRuleRow(props: {
  rule: FitRule;
  index: number;
  onChange: (rule: FitRule) => void;
  onRemove: () => void;
}) {
  const { rule, index, onChange } = props;
  const editable = useEditable();
  const row = `fitRules[${index}]`;
  const name = ruleName(rule.label, index, 'Fit');
  const labelError = useErrorAt(row, `${row}.label`);
  const attributeError = useErrorAt(`${row}.condition.attribute`);
  const operatorError = useErrorAt(`${row}.condition.operator`);
  const valueError = useErrorAt(`${row}.condition`);
  const pointsError = useErrorAt(`${row}.points`);

  return (
    <Table.Tr>
      <Table.Td>
        <TextInput
          aria-label={`Label of fit rule ${index + 1}`}
          value={rule.label}
          readOnly={!editable}
          onChange={(e) => onChange({ ...rule, label: e.currentTarget.value })}
          error={labelError}
          miw={170}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          aria-label={`Attribute of ${name}`}
          value={rule.condition.attribute}
          readOnly={!editable}
          list="baton-attributes"
          onChange={(e) =>
            onChange({
              ...rule,
              condition: { ...rule.condition, attribute: e.currentTarget.value },
            })
          }
          error={attributeError}
          miw={160}
        />
      </Table.Td>
      <Table.Td>
        <Select
          aria-label={`Operator of ${name}`}
          data={OPERATORS}
          value={rule.condition.operator}
          readOnly={!editable}
          allowDeselect={false}
          onChange={(op) =>
            op &&
            onChange({
              ...rule,
              condition: withOperator(rule.condition, op as (typeof CONDITION_OPERATORS)[number]),
            })
          }
          error={operatorError}
          w={180}
        />
      </Table.Td>
      <Table.Td>
        <ConditionValue
          condition={rule.condition}
          name={name}
          error={valueError}
          onChange={(condition) => onChange({ ...rule, condition })}
        />
      </Table.Td>
      <Table.Td>
        <NumberField
          aria-label={`Points of ${name}`}
          value={rule.points}
          onChange={(points) => onChange({ ...rule, points })}
          error={pointsError}
          w={90}
        />
      </Table.Td>
      <Table.Td>
        {editable && (
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove ${name}`}
            onClick={props.onRemove}
          >
            <IconTrash size={16} />
          </ActionIcon>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

export interface RulesTableProps {
  readonly definition: Definition;
  readonly onChange: (definition: Definition) => void;
}

/** Fit rules: who the person is. Points add up to the fit score, which gives the grade. */
export function FitRulesTable({ definition, onChange }: RulesTableProps) {
  const editable = useEditable();
  const listError = useErrorAt('fitRules');

  return (
    <>
      <datalist id="baton-attributes">
        {KNOWN_ATTRIBUTES.map((attribute) => (
          <option key={attribute} value={attribute} />
        ))}
      </datalist>
      <Table.ScrollContainer minWidth={860}>
        <Table verticalSpacing={6} aria-label="Fit rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Label</Table.Th>
              <Table.Th>Attribute</Table.Th>
              <Table.Th>Operator</Table.Th>
              <Table.Th>Value</Table.Th>
              <Table.Th>Points</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {definition.fitRules.map((rule, index) => (
              <FitRuleRow
                key={rule.id}
                rule={rule}
                index={index}
                onChange={(next) => onChange(setFitRule(definition, index, next))}
                onRemove={() => onChange(removeFitRule(definition, index))}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {listError && (
        <Text c="red" size="sm">
          {listError}
        </Text>
      )}
      {definition.fitRules.length === 0 && (
        <Text c="dimmed" size="sm" my="sm">
          No fit rules: everyone has 0 fit points.
        </Text>
      )}
      {editable && (
        <Button
          variant="light"
          size="xs"
          mt="sm"
          leftSection={<IconPlus size={14} />}
          onClick={() => onChange(addFitRule(definition))}
        >
          Add fit rule
        </Button>
      )}
    </>
  );
}
