import { createContext, useContext, type ReactNode } from 'react';

import { ApiError } from '../api/api-error.js';
import { inlineMessage, placeField } from './field-paths.js';

interface EditorState {
  /** Where the last save's error belongs, among the editor's paths. */
  readonly placed: string | undefined;
  readonly message: string | undefined;
  /** False for roles that may read the model but not change it. */
  readonly editable: boolean;
}

const EditorContext = createContext<EditorState>({
  placed: undefined,
  message: undefined,
  editable: false,
});

export function EditorProvider(props: {
  error: unknown;
  paths: readonly string[];
  editable: boolean;
  children: ReactNode;
}) {
  const field = props.error instanceof ApiError ? props.error.field : undefined;
  const state: EditorState = {
    placed: field === undefined ? undefined : placeField(field, props.paths),
    message:
      props.error instanceof ApiError ? inlineMessage(field ?? '', props.error.message) : undefined,
    editable: props.editable,
  };

  return <EditorContext.Provider value={state}>{props.children}</EditorContext.Provider>;
}

/** The save error's message when it belongs to one of `paths`. */
export function useErrorAt(...paths: string[]): string | undefined {
  const { placed, message } = useContext(EditorContext);

  return placed !== undefined && paths.includes(placed) ? message : undefined;
}

export function useEditable(): boolean {
  return useContext(EditorContext).editable;
}
