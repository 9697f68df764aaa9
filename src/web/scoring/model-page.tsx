import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';

import { ApiError } from '../api/api-error.js';
import { useCurrentSession } from '../auth/session.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { BacktestPanel } from './backtest-panel.js';
import { CapAndDecay, GradeBands } from './bands-and-decay.js';
import { CriteriaEditor } from './criteria-editor.js';
import { sameDefinition, toRequestBody, type Definition } from './definition-edit.js';
import { EditorProvider } from './editor-context.js';
import { tabOfField, type EditorTab } from './editor-tabs.js';
import { EngagementRulesTable } from './engagement-rules-table.js';
import { editorPaths, placeField } from './field-paths.js';
import { FitRulesTable } from './fit-rules-table.js';
import { ModelSettings } from './model-settings.js';
import { PastBacktests } from './past-backtests.js';
import { PublishButton } from './publish-button.js';
import { RescoreProgress } from './rescore-progress.js';
import { canEditScoring } from './scoring-roles.js';
import { describeSegment } from './segment-text.js';
import { useDraft, useLatestRescore, useSaveDraft, useScoringModel } from './scoring-queries.js';
import type { DraftView, PublishResult, RescoreJob, ScoringModel } from './scoring-types.js';
import { VersionsTable } from './versions-table.js';

function Section(props: { title: string; hint?: string; id?: string; children: ReactNode }) {
  const { title, children, hint } = props;

  return (
    <Card withBorder radius="md" id={props.id}>
      <Title order={4}>{title}</Title>
      {hint && (
        <Text size="sm" c="dimmed" mb="sm">
          {hint}
        </Text>
      )}
      {children}
    </Card>
  );
}

function StatusBadges({
  model,
  draft,
  dirty,
}: {
  model: ScoringModel;
  draft: DraftView;
  dirty: boolean;
}) {
  return (
    <Group gap={6}>
      {model.published ? (
        <Badge color="teal" variant="light" tt="none" data-testid="published-version">
          Published v{model.published.version}
        </Badge>
      ) : (
        <Badge color="gray" variant="light" tt="none" data-testid="published-version">
          Not published
        </Badge>
      )}
      {draft.saved ? (
        <Badge color="yellow" variant="light" tt="none">
          Draft v{draft.version}
        </Badge>
      ) : (
        <Badge color="gray" variant="outline" tt="none">
          No draft yet{draft.basedOn !== null ? `: a copy of v${draft.basedOn}` : ''}
        </Badge>
      )}
      {dirty && (
        <Badge color="orange" variant="filled" tt="none">
          Unsaved changes
        </Badge>
      )}
    </Group>
  );
}

/**
 * A re-score of the model running when the page opens (after a reload, say), followed to its
 * end and what it did.
 */
function RunningRescore({ modelId }: { readonly modelId: string }) {
  const latest = useLatestRescore(modelId).data;
  const [followed, setFollowed] = useState<RescoreJob>();
  useEffect(() => {
    if (latest?.status === 'running' && latest.id !== followed?.id) setFollowed(latest);
  }, [latest, followed]);
  if (!followed) return null;

  return <RescoreProgress key={followed.id} modelId={modelId} job={followed} />;
}

/** The definition being edited, following the saved draft while nothing is changed here. */
function useEditedDefinition(baseline: Definition) {
  const [definition, setDefinition] = useState(baseline);
  const previous = useRef(baseline);

  useEffect(() => {
    if (sameDefinition(definition, previous.current)) setDefinition(baseline);
    previous.current = baseline;
  }, [baseline]);

  return [definition, setDefinition] as const;
}

/** Asks before a reload or closing the tab would lose unsaved changes. */
function useWarnBeforeLeaving(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return undefined;

    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);

    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
}

function ModelEditor({ model, draft }: { model: ScoringModel; draft: DraftView }) {
  const session = useCurrentSession();
  const editable = canEditScoring(session);
  const save = useSaveDraft(model.id);
  const [definition, setDefinition] = useEditedDefinition(draft.definition);
  const [tab, setTab] = useState<EditorTab>('fit');
  const [jsonProblems, setJsonProblems] = useState({ mql: false, sql: false });
  const [published, setPublished] = useState<PublishResult>();
  const dirty = !sameDefinition(definition, draft.definition);
  const jsonProblem = jsonProblems.mql || jsonProblems.sql;
  const paths = editorPaths(definition);
  useWarnBeforeLeaving(dirty);

  const change = (next: Definition) => {
    setDefinition(next);
    setPublished(undefined);
  };
  const submit = () =>
    save.mutate(toRequestBody(definition), {
      onSuccess: (saved) => setDefinition(saved.definition),
      onError: (error) => {
        const where = tabOfField(error instanceof ApiError ? error.field : undefined);
        if (where) setTab(where);
      },
    });
  const field = save.error instanceof ApiError ? save.error.field : undefined;
  const placed = field !== undefined && placeField(field, paths) !== undefined;
  const showBacktest = () =>
    document.getElementById('backtest')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  const blocked = dirty
    ? 'Save the draft first: backtests and publishing use the saved draft.'
    : undefined;

  return (
    <EditorProvider error={save.error} paths={paths} editable={editable}>
      <Stack>
        <Anchor component={Link} to="/scoring" size="sm">
          ← Scoring models
        </Anchor>
        <Group justify="space-between" align="flex-end">
          <Stack gap={4}>
            <Title order={2}>{model.name}</Title>
            <Text size="sm" c="dimmed" data-testid="model-scope">
              Scores: {describeSegment(model.segment)} · priority {model.priority}
            </Text>
            <StatusBadges model={model} draft={draft} dirty={dirty} />
          </Stack>
          {editable && (
            <Group gap="sm">
              <Button variant="default" disabled={!dirty} onClick={() => change(draft.definition)}>
                Discard changes
              </Button>
              <Button
                leftSection={<IconDeviceFloppy size={16} />}
                onClick={submit}
                loading={save.isPending}
                disabled={!dirty || jsonProblem}
              >
                Save draft
              </Button>
              <PublishButton
                model={model}
                disabled={dirty || jsonProblem || !draft.saved}
                onPublished={setPublished}
              />
            </Group>
          )}
        </Group>
        {!editable && (
          <Alert color="gray">
            Your role may read scoring models; admins and marketing change them.
          </Alert>
        )}
        {save.isError && (
          <Alert color="red" title="The draft was not saved" role="alert">
            {placed ? 'See the field marked in red.' : (save.error as Error).message}
          </Alert>
        )}
        {save.isSuccess && !dirty && (
          <Text size="sm" c="teal">
            Draft v{save.data.version} saved.
          </Text>
        )}
        {published ? (
          <RescoreProgress
            key={published.rescore.id}
            modelId={model.id}
            job={published.rescore}
            title={`Published v${published.version.version}`}
          />
        ) : (
          <RunningRescore modelId={model.id} />
        )}
        {model.description && <Text c="dimmed">{model.description}</Text>}

        <Tabs value={tab} onChange={(t) => t && setTab(t as EditorTab)}>
          <Tabs.List>
            <Tabs.Tab value="fit">Fit</Tabs.Tab>
            <Tabs.Tab value="engagement">Engagement</Tabs.Tab>
            <Tabs.Tab value="criteria">MQL and SQL</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="fit" pt="md">
            <Stack>
              <Section
                title="Fit rules"
                hint="Who the person is: points for attributes of the person and their company."
              >
                <FitRulesTable definition={definition} onChange={change} />
              </Section>
              <Section title="Grade bands" hint="The fit grade, from the fit points.">
                <GradeBands definition={definition} onChange={change} />
              </Section>
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="engagement" pt="md">
            <Stack>
              <Section
                title="Engagement rules"
                hint="What the person did: points for each event that matches, at most the cap's times in its window."
              >
                <EngagementRulesTable definition={definition} onChange={change} />
              </Section>
              <Section title="Cap and decay">
                <CapAndDecay definition={definition} onChange={change} />
              </Section>
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="criteria" pt="md">
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              {(['mql', 'sql'] as const).map((which) => (
                <Section key={which} title={`${which.toUpperCase()} criteria`}>
                  <CriteriaEditor
                    which={which}
                    criterion={definition[which]}
                    onChange={(criterion) => change({ ...definition, [which]: criterion })}
                    onJsonProblem={(problem) =>
                      setJsonProblems((old) =>
                        old[which] === problem ? old : { ...old, [which]: problem },
                      )
                    }
                  />
                </Section>
              ))}
            </SimpleGrid>
          </Tabs.Panel>
        </Tabs>

        <Section
          title="Backtest"
          id="backtest"
          hint="MQLs per week: the saved draft against the published version."
        >
          <BacktestPanel modelId={model.id} canRun={editable} blockedBecause={blocked} />
        </Section>
        <Section title="Past backtests" hint="Every backtest of this model, newest first.">
          <PastBacktests modelId={model.id} onOpen={showBacktest} />
        </Section>
        <Section title="Versions">
          <VersionsTable modelId={model.id} />
        </Section>
        <Section
          title="Settings"
          hint="The model's name, whom it scores and which model wins where segments overlap."
        >
          <ModelSettings model={model} />
        </Section>
      </Stack>
    </EditorProvider>
  );
}

export function ScoringModelPage() {
  const { id = '' } = useParams();
  const model = useScoringModel(id);
  const draft = useDraft(id);

  if (model.isError) return <ErrorAlert error={model.error} />;
  if (draft.isError) return <ErrorAlert error={draft.error} />;
  if (model.isPending || draft.isPending) return <Loader />;

  return <ModelEditor model={model.data} draft={draft.data} />;
}
