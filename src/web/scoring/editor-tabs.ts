/** Which tab of the model editor holds the field an API error names. */
export type EditorTab = 'fit' | 'engagement' | 'criteria';

export function tabOfField(field: string | undefined): EditorTab | undefined {
  if (field === undefined) return undefined;
  if (/^(fitRules|gradeBands)\b/.test(field)) return 'fit';
  if (/^(engagementRules|engagementCap|decay)\b/.test(field)) return 'engagement';
  if (/^(mql|sql)\b/.test(field)) return 'criteria';

  return undefined;
}
