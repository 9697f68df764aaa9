import {
  Button,
  Group,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';

import { CONDITION_OPERATORS, type Condition } from '../../scoring/scoring-model.js';
import { ApiError, fieldError, formError } from '../api/api-error.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { ConditionValue } from './condition-value.js';
import { OPERATOR_LABELS, withOperator } from './definition-edit.js';
import { useEditable } from './editor-context.js';
import { inlineMessage } from './field-paths.js';
import { KNOWN_ATTRIBUTES } from './fit-rules-table.js';
import {
  hasChanges,
  NEW_SEGMENT,
  segmentInputOf,
  SETTINGS_FIELDS,
  settingsChanges,
  settingsIssue,
  settingsOf,
  type SegmentInput,
  type SettingsForm,
} from './model-settings-form.js';
import { NumberField } from './number-field.js';
import { RescoreProgress } from './rescore-progress.js';
import { useUpdateModel } from './scoring-queries.js';
import type { ScoringModel } from './scoring-types.js';

const OPERATORS = CONDITION_OPERATORS.map((op) => ({ value: op, label: OPERATOR_LABELS[op] }));

/** The form's values, following the model while nothing is changed here. */
function useSettingsForm(model: ScoringModel) {
  const baseline = settingsOf(model);
  const [form, setForm] = useState(baseline);
  const previous = useRef(model);

  useEffect(() => {
    if (!hasChanges(form, previous.current)) setForm(settingsOf(model));
    previous.current = model;
  }, [model]);

  return [form, setForm] as const;
}

/** The API's error about one segment input, without the field name the input already shows. */
function segmentError(error: unknown, input: SegmentInput): string | undefined {
  if (!(error instanceof ApiError) || segmentInputOf(error.field) !== input) return undefined;

  return inlineMessage(error.field ?? '', error.message);
}

function SegmentFields(props: {
  segment: Condition;
  error: unknown;
  onChange: (segment: Condition) => void;
}) {
  const { segment, error, onChange } = props;
  const editable = useEditable();

  return (
    <Group gap="sm" align="flex-start" aria-label="Segment condition">
      <datalist id="baton-segment-attributes">
        {KNOWN_ATTRIBUTES.map((attribute) => (
          <option key={attribute} value={attribute} />
        ))}
      </datalist>
      <TextInput
        label="Attribute"
        placeholder="attribute path"
        list="baton-segment-attributes"
        value={segment.attribute}
        readOnly={!editable}
        onChange={(e) => onChange({ ...segment, attribute: e.currentTarget.value })}
        error={segmentError(error, 'attribute')}
        w={220}
      />
      <Select
        label="Operator"
        data={OPERATORS}
        value={segment.operator}
        readOnly={!editable}
        allowDeselect={false}
        onChange={(op) =>
          op && onChange(withOperator(segment, op as (typeof CONDITION_OPERATORS)[number]))
        }
        error={segmentError(error, 'operator')}
        w={170}
      />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Value
        </Text>
        <ConditionValue
          condition={segment}
          name="segment"
          onChange={onChange}
          error={segmentError(error, 'value')}
        />
      </Stack>
    </Group>
  );
}

/**
 * The model's name, description, segment (whom it scores) and priority (which model wins when
 * several segments hold). Saving a published model's new segment or priority re-scores people.
 */
export function ModelSettings({ model }: { model: ScoringModel }) {
  const editable = useEditable();
  const update = useUpdateModel(model.id);
  const [form, setForm] = useSettingsForm(model);
  const [checked, setChecked] = useState(false);
  const dirty = hasChanges(form, model);
  const issue = checked ? settingsIssue(form) : undefined;

  const change = (next: Partial<SettingsForm>) => {
    setForm({ ...form, ...next });
    if (!update.isIdle) update.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (settingsIssue(form)) return;

    update.mutate(settingsChanges(form, model), {
      onSuccess: (saved) => setForm(settingsOf(saved)),
    });
  };
  const rescore = update.data?.rescore;

  return (
    <Stack component="form" gap="sm" onSubmit={submit} aria-label="Model settings">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Name"
          value={form.name}
          readOnly={!editable}
          onChange={(e) => change({ name: e.currentTarget.value })}
          error={fieldError(update.error, 'name')}
        />
        <NumberField
          label="Priority"
          description="The lowest wins where segments overlap."
          value={form.priority}
          onChange={(priority) => change({ priority })}
          error={issue?.message ?? fieldError(update.error, 'priority')}
          w={200}
        />
      </SimpleGrid>
      <Textarea
        label="Description"
        autosize
        minRows={1}
        maxRows={4}
        value={form.description}
        readOnly={!editable}
        onChange={(e) => change({ description: e.currentTarget.value })}
        error={fieldError(update.error, 'description')}
      />
      <Radio.Group
        label="Scores"
        value={form.segment ? 'segment' : 'everyone'}
        onChange={(choice) =>
          editable && change({ segment: choice === 'segment' ? NEW_SEGMENT : null })
        }
        error={segmentError(update.error, 'choice')}
      >
        <Group gap="lg" mt={4}>
          <Radio value="everyone" label="Everyone else (the default model)" />
          <Radio value="segment" label="Only people in a segment" />
        </Group>
      </Radio.Group>
      {form.segment && (
        <SegmentFields
          segment={form.segment}
          error={update.error}
          onChange={(segment) => change({ segment })}
        />
      )}
      {model.published && editable && (
        <Text size="xs" c="dimmed">
          This model is published: saving a new segment or priority re-scores the people it applies
          to, and those it no longer does.
        </Text>
      )}
      {formError(update.error, SETTINGS_FIELDS) && <ErrorAlert error={update.error} />}
      {editable && (
        <Group gap="sm">
          <Button type="submit" loading={update.isPending} disabled={!dirty}>
            Save settings
          </Button>
          <Button
            variant="default"
            disabled={!dirty}
            onClick={() => {
              setForm(settingsOf(model));
              setChecked(false);
              update.reset();
            }}
          >
            Discard
          </Button>
          {update.isSuccess && !dirty && (
            <Text size="sm" c="teal" role="status">
              Settings saved.
            </Text>
          )}
        </Group>
      )}
      {update.isSuccess && !dirty && rescore && (
        <RescoreProgress key={rescore.id} modelId={model.id} job={rescore} />
      )}
    </Stack>
  );
}
