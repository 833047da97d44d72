import { useId, useState } from 'react';
import { SettingsForm } from './settings-form';
import { DedupeSettings, Lifecycle, useDedupeSettings, useLifecycleSettings } from './use-settings';

/** Lifecycle stages (segmentation) by days since the last activity. */
export function LifecycleSettings({ current }: { current: Lifecycle }) {
  const id = useId();
  const { save } = useLifecycleSettings();
  const [active, setActive] = useState(String(current.activeWithinDays));
  const [atRisk, setAtRisk] = useState(String(current.atRiskWithinDays));
  const order = Number(atRisk) > Number(active) ? null : 'At risk must reach further back than active.';
  return (
    <SettingsForm title="Lifecycle stages" saveLabel="Save lifecycle stages" save={save} blocked={!!order} onSave={() => save.mutate({ activeWithinDays: Number(active), atRiskWithinDays: Number(atRisk) })}>
      <div className="field-row">
        <div className="field"><label htmlFor={`${id}-active`}>Active: last activity within (days)</label>
          <input id={`${id}-active`} type="number" min={1} max={3650} value={active} onChange={(e) => setActive(e.target.value)} /></div>
        <div className="field"><label htmlFor={`${id}-risk`}>At risk: last activity within (days)</label>
          <input id={`${id}-risk`} type="number" min={1} max={3650} value={atRisk} onChange={(e) => setAtRisk(e.target.value)} /></div>
      </div>
      <p className="hint">Older or no activity: inactive. Segments that name a stage are evaluated again.</p>
      {order && <p className="field-error" role="alert">{order}</p>}
    </SettingsForm>
  );
}

/** How sure a pair must be to be suggested, and how long a merge can be undone. */
export function DuplicateSettings({ current }: { current: DedupeSettings }) {
  const id = useId();
  const { save } = useDedupeSettings();
  const [threshold, setThreshold] = useState(String(Math.round(current.threshold * 100)));
  const [undo, setUndo] = useState(String(current.undoWindowDays));
  return (
    <SettingsForm title="Duplicates" saveLabel="Save duplicate settings" save={save} onSave={() => save.mutate({ threshold: Number(threshold) / 100, undoWindowDays: Number(undo) })}>
      <div className="field-row">
        <div className="field"><label htmlFor={`${id}-threshold`}>Suggest pairs at least this likely (%)</label>
          <input id={`${id}-threshold`} type="number" min={30} max={100} value={threshold} onChange={(e) => setThreshold(e.target.value)} /></div>
        <div className="field"><label htmlFor={`${id}-undo`}>A merge can be undone for (days)</label>
          <input id={`${id}-undo`} type="number" min={0} max={365} value={undo} onChange={(e) => setUndo(e.target.value)} /></div>
      </div>
    </SettingsForm>
  );
}
