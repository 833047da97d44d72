import { useId } from 'react';
import { useSession } from '../api/client';
import { usePlanUsage } from '../contacts/use-contacts';
import { ProblemAlert } from '../shared/problem-alert';
import { CustomFieldsSettings } from './custom-fields-settings';
import { DuplicateSettings, LifecycleSettings } from './engine-settings';
import { useDedupeSettings, useLifecycleSettings, useTenantSettings } from './use-settings';
import { WorkspaceSettings } from './workspace-settings';
import { number } from '../shared/format';

/** The tenant's settings (admins): contacts, custom fields, lifecycle stages, duplicates; the plan shown, not edited. */
export function SettingsScreen() {
  const id = useId();
  const { session } = useSession();
  const tenant = useTenantSettings().read;
  const lifecycle = useLifecycleSettings().read;
  const dedupe = useDedupeSettings().read;
  const usage = usePlanUsage();
  if (session.role !== 'admin') return <p role="alert">Settings are for admins of the workspace.</p>;
  return (
    <section aria-labelledby={`${id}-title`} className="settings">
      <h1 id={`${id}-title`}>Settings</h1>
      <p className="hint">
        Plan: {usage.data ? `${number(usage.data.contacts)} of ${number(usage.data.limit)} contacts used` : '…'}. The plan is changed by your provider, not here.
      </p>
      <ProblemAlert error={tenant.error ?? lifecycle.error ?? dedupe.error} />
      {tenant.data && <WorkspaceSettings tenant={tenant.data} />}
      {tenant.data && <CustomFieldsSettings tenant={tenant.data} />}
      {lifecycle.data && <LifecycleSettings current={lifecycle.data} />}
      {dedupe.data && <DuplicateSettings current={dedupe.data} />}
    </section>
  );
}
