import { Chip, Group, MultiSelect, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';

import { GRADES, type Criterion, type Grade } from '../../scoring/scoring-model.js';
import { useStages } from '../shared/workspace-queries.js';
import {
  describeSimple,
  fromSimple,
  parseCriterionJson,
  toSimple,
  type SimpleCriteria,
} from './criteria-form.js';
import { useEditable, useErrorAt } from './editor-context.js';
import { NumberField } from './number-field.js';

export interface CriteriaEditorProps {
  readonly which: 'mql' | 'sql';
  readonly criterion: Criterion;
  readonly onChange: (criterion: Criterion) => void;
  /** Told whether the JSON typed so far is unusable, so that saving waits for it. */
  readonly onJsonProblem: (problem: boolean) => void;
}

function SimpleForm(props: {
  simple: SimpleCriteria;
  which: string;
  onChange: (s: SimpleCriteria) => void;
}) {
  const { simple, which, onChange } = props;
  const editable = useEditable();
  const stages = useStages();
  const optional = (v: number) => (Number.isNaN(v) ? null : v);

  return (
    <Stack gap="sm">
      <div>
        <Text size="sm" fw={500} mb={4}>
          Grades
        </Text>
        <Chip.Group
          multiple
          value={[...simple.grades]}
          onChange={(grades) => editable && onChange({ ...simple, grades: grades as Grade[] })}
        >
          <Group gap={6} aria-label={`${which} grades`}>
            {GRADES.map((grade) => (
              <Chip key={grade} value={grade} size="sm">
                {grade}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        <Text size="xs" c="dimmed" mt={2}>
          None selected: any grade.
        </Text>
      </div>
      <Group gap="md" align="flex-start">
        <NumberField
          label="Engagement at least"
          aria-label={`${which} minimum engagement`}
          placeholder="no threshold"
          value={simple.minEngagement ?? NaN}
          onChange={(v) => onChange({ ...simple, minEngagement: optional(v) })}
          w={170}
        />
        <NumberField
          label="Fit points at least"
          aria-label={`${which} minimum fit`}
          placeholder="no threshold"
          value={simple.minFit ?? NaN}
          onChange={(v) => onChange({ ...simple, minFit: optional(v) })}
          w={170}
        />
      </Group>
      <MultiSelect
        label="Stage is one of"
        placeholder={simple.stages.length === 0 ? 'any stage' : undefined}
        data={stages.map((s) => ({ value: s.key, label: s.label }))}
        value={[...simple.stages]}
        readOnly={!editable}
        onChange={(keys) => onChange({ ...simple, stages: keys })}
        clearable
        maw={420}
      />
    </Stack>
  );
}

/**
 * MQL or SQL criteria: a form for the common shape (grades, engagement, fit, stage, all of
 * them), and JSON for any expression; an expression the form cannot show opens as JSON.
 */
export function CriteriaEditor({ which, criterion, onChange, onJsonProblem }: CriteriaEditorProps) {
  const editable = useEditable();
  const simple = toSimple(criterion);
  const [mode, setMode] = useState<'form' | 'json'>(simple ? 'form' : 'json');
  const [text, setText] = useState(() => JSON.stringify(criterion, null, 2));
  const [problem, setProblem] = useState<string>();
  const apiError = useErrorAt(which);
  const label = which.toUpperCase();

  // The criterion changed elsewhere (the form, a save, a reset): the JSON shows it.
  useEffect(() => {
    const parsed = parseCriterionJson(text);
    if (!parsed.ok || JSON.stringify(parsed.criterion) !== JSON.stringify(criterion)) {
      setText(JSON.stringify(criterion, null, 2));
      setProblem(undefined);
      onJsonProblem(false);
    }
  }, [criterion]);

  const typed = (next: string) => {
    setText(next);
    const parsed = parseCriterionJson(next);
    setProblem(parsed.ok ? undefined : parsed.message);
    onJsonProblem(!parsed.ok);
    if (parsed.ok) onChange(parsed.criterion);
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {simple ? `${label} when ${describeSimple(simple)}.` : `${label}: a custom expression.`}
        </Text>
        <SegmentedControl
          size="xs"
          aria-label={`${label} editor`}
          value={mode}
          onChange={(m) => setMode(m as 'form' | 'json')}
          data={[
            { value: 'form', label: 'Form', disabled: !simple || problem !== undefined },
            { value: 'json', label: 'JSON' },
          ]}
        />
      </Group>
      {mode === 'form' && simple ? (
        <SimpleForm simple={simple} which={label} onChange={(s) => onChange(fromSimple(s))} />
      ) : (
        <Textarea
          aria-label={`${label} criteria (JSON)`}
          autosize
          minRows={5}
          maxRows={18}
          ff="monospace"
          value={text}
          readOnly={!editable}
          onChange={(e) => typed(e.currentTarget.value)}
          error={problem}
        />
      )}
      {apiError && !problem && (
        <Text c="red" size="sm" role="alert">
          {apiError}
        </Text>
      )}
    </Stack>
  );
}
