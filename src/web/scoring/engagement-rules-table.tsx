import {
  ActionIcon,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconClockHour4, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useState } from 'react';

import type { Condition, EngagementRule } from '../../scoring/scoring-model.js';
import {
  addEngagementRule,
  removeEngagementRule,
  setEngagementRule,
  withCap,
  withMatch,
} from './definition-edit.js';
import { useEditable, useErrorAt } from './editor-context.js';
import { ruleName, type RulesTableProps } from './fit-rules-table.js';
import { NumberField } from './number-field.js';

const EVENT_TYPES = [
  { value: 'track', label: 'track' },
  { value: 'page', label: 'page' },
  { value: 'screen', label: 'screen' },
  { value: 'identify', label: 'identify' },
  { value: 'group', label: 'group' },
];

const DEFAULT_CAP = { max: 3, windowDays: 30 };

/** Property conditions as JSON in a dialog: rarely needed, and a list of conditions each. */
function PropertiesButton(props: {
  rule: EngagementRule;
  name: string;
  error: string | undefined;
  onChange: (properties: Condition[] | undefined) => void;
}) {
  const editable = useEditable();
  const [opened, setOpened] = useState(false);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string>();
  const count = props.rule.match.properties?.length ?? 0;

  const open = () => {
    setText(JSON.stringify(props.rule.match.properties ?? [], null, 2));
    setProblem(undefined);
    setOpened(true);
  };
  const apply = () => {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!Array.isArray(parsed)) throw new Error('A list of conditions: [ ... ].');
      props.onChange(parsed.length > 0 ? (parsed as Condition[]) : undefined);
      setOpened(false);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  return (
    <>
      <Button
        variant={count > 0 ? 'light' : 'subtle'}
        color={props.error ? 'red' : undefined}
        size="compact-xs"
        onClick={open}
        aria-label={`Property conditions of ${props.name}`}
      >
        {count > 0 ? `${count} condition${count > 1 ? 's' : ''}` : 'any'}
      </Button>
      {props.error && (
        <Text c="red" size="xs">
          {props.error}
        </Text>
      )}
      <Modal opened={opened} onClose={() => setOpened(false)} title={`Properties: ${props.name}`}>
        <Stack>
          <Text size="sm" c="dimmed">
            Conditions on the event's properties, all of which must hold, e.g.{' '}
            <code>{'[{"attribute": "plan", "operator": "equals", "value": "pro"}]'}</code>
          </Text>
          <Textarea
            aria-label="Property conditions (JSON)"
            autosize
            minRows={6}
            ff="monospace"
            value={text}
            readOnly={!editable}
            onChange={(e) => setText(e.currentTarget.value)}
            error={problem}
          />
          {editable && (
            <Group justify="flex-end">
              <Button onClick={apply}>Apply</Button>
            </Group>
          )}
        </Stack>
      </Modal>
    </>
  );
}

function CapCell(props: {
  rule: EngagementRule;
  index: number;
  name: string;
  onChange: (rule: EngagementRule) => void;
}) {
  const { rule, index, name, onChange } = props;
  const editable = useEditable();
  const row = `engagementRules[${index}]`;
  const capError = useErrorAt(`${row}.cap`, `${row}.cap.max`);
  const windowError = useErrorAt(`${row}.cap.windowDays`);

  if (!rule.cap) {
    return editable ? (
      <Button
        variant="subtle"
        size="compact-xs"
        leftSection={<IconClockHour4 size={12} />}
        onClick={() => onChange(withCap(rule, DEFAULT_CAP))}
        aria-label={`Add a cap to ${name}`}
      >
        no cap
      </Button>
    ) : (
      <Text size="sm" c="dimmed">
        no cap
      </Text>
    );
  }

  const cap = rule.cap;

  return (
    <Group gap={4} wrap="nowrap" align="flex-start">
      <NumberField
        aria-label={`Cap of ${name}`}
        value={cap.max}
        onChange={(max) => onChange(withCap(rule, { ...cap, max }))}
        error={capError}
        w={70}
      />
      <Text size="sm" mt={6}>
        in
      </Text>
      <NumberField
        aria-label={`Cap window of ${name}`}
        value={cap.windowDays}
        onChange={(windowDays) => onChange(withCap(rule, { ...cap, windowDays }))}
        error={windowError}
        rightSection={<Text size="xs">d</Text>}
        w={80}
      />
      {editable && (
        <ActionIcon
          variant="subtle"
          color="gray"
          mt={4}
          aria-label={`Remove the cap of ${name}`}
          onClick={() => onChange(withCap(rule, undefined))}
        >
          <IconX size={14} />
        </ActionIcon>
      )}
    </Group>
  );
}

function EngagementRuleRow(props: {
  rule: EngagementRule;
  index: number;
  onChange: (rule: EngagementRule) => void;
  onRemove: () => void;
}) {
  const { rule, index, onChange } = props;
  const editable = useEditable();
  const row = `engagementRules[${index}]`;
  const name = ruleName(rule.label, index, 'Engagement');
  const match = (key: 'type' | 'name' | 'path', value: string | null) =>
    onChange({ ...rule, match: withMatch(rule.match, key, value) });

  return (
    <Table.Tr>
      <Table.Td>
        <TextInput
          aria-label={`Label of engagement rule ${index + 1}`}
          value={rule.label}
          readOnly={!editable}
          onChange={(e) => onChange({ ...rule, label: e.currentTarget.value })}
          error={useErrorAt(row, `${row}.label`)}
          miw={160}
        />
      </Table.Td>
      <Table.Td>
        <Select
          aria-label={`Event type of ${name}`}
          placeholder="any"
          data={EVENT_TYPES}
          value={rule.match.type ?? null}
          readOnly={!editable}
          clearable
          onChange={(value) => match('type', value)}
          error={useErrorAt(`${row}.match`, `${row}.match.type`)}
          w={110}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          aria-label={`Event name of ${name}`}
          placeholder="any name"
          value={rule.match.name ?? ''}
          readOnly={!editable}
          onChange={(e) => match('name', e.currentTarget.value)}
          error={useErrorAt(`${row}.match.name`)}
          miw={140}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          aria-label={`Page path of ${name}`}
          placeholder="any path"
          value={rule.match.path ?? ''}
          readOnly={!editable}
          onChange={(e) => match('path', e.currentTarget.value)}
          error={useErrorAt(`${row}.match.path`)}
          w={120}
        />
      </Table.Td>
      <Table.Td>
        <PropertiesButton
          rule={rule}
          name={name}
          error={useErrorAt(`${row}.match.properties`)}
          onChange={(properties) => {
            const { properties: _dropped, ...rest } = rule.match;
            onChange({ ...rule, match: properties ? { ...rest, properties } : rest });
          }}
        />
      </Table.Td>
      <Table.Td>
        <NumberField
          aria-label={`Points of ${name}`}
          value={rule.points}
          onChange={(points) => onChange({ ...rule, points })}
          error={useErrorAt(`${row}.points`)}
          w={80}
        />
      </Table.Td>
      <Table.Td>
        <CapCell rule={rule} index={index} name={name} onChange={onChange} />
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

/** Engagement rules: what the person did. Points per occurrence, capped, decaying with age. */
export function EngagementRulesTable({ definition, onChange }: RulesTableProps) {
  const editable = useEditable();
  const listError = useErrorAt('engagementRules');

  return (
    <>
      <Table.ScrollContainer minWidth={980}>
        <Table verticalSpacing={6} aria-label="Engagement rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Label</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Event name</Table.Th>
              <Table.Th>Page path</Table.Th>
              <Table.Th>Properties</Table.Th>
              <Table.Th>Points</Table.Th>
              <Table.Th>Cap (times in days)</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {definition.engagementRules.map((rule, index) => (
              <EngagementRuleRow
                key={rule.id}
                rule={rule}
                index={index}
                onChange={(next) => onChange(setEngagementRule(definition, index, next))}
                onRemove={() => onChange(removeEngagementRule(definition, index))}
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
      {definition.engagementRules.length === 0 && (
        <Text c="dimmed" size="sm" my="sm">
          No engagement rules: everyone's engagement is 0.
        </Text>
      )}
      {editable && (
        <Button
          variant="light"
          size="xs"
          mt="sm"
          leftSection={<IconPlus size={14} />}
          onClick={() => onChange(addEngagementRule(definition))}
        >
          Add engagement rule
        </Button>
      )}
    </>
  );
}
