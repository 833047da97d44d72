import { usePlanUsage } from './use-contacts';
import { number } from '../shared/format';

/** Contacts stored against the plan: amber from 90 %, red from 98 %. */
export function HealthBar() {
  const usage = usePlanUsage();
  if (!usage.data) return null;
  const { contacts, limit } = usage.data;
  const share = limit ? contacts / limit : 1;
  const level = share >= 0.98 ? 'red' : share >= 0.9 ? 'amber' : 'green';
  return (
    <div className={`health-bar ${level}`}>
      <label htmlFor="plan-usage">Plan usage</label>
      <meter id="plan-usage" min={0} max={limit} value={contacts} low={limit * 0.9} high={limit * 0.98} optimum={0} />
      <span data-testid="plan-usage-text">{number(contacts)} / {number(limit)}</span>
    </div>
  );
}
