import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { RiskAction } from '../../../lib/bindings/RiskAction';
import type { RiskLevel } from '../../../lib/bindings/RiskLevel';
import { labelled } from '../../../test/fixtures/tab';
import RiskCheck from './RiskCheck.svelte';

interface Options {
  level?: RiskLevel;
  actions?: RiskAction[];
  openFlag?: RiskLevel | null;
  errors?: Record<string, string>;
}

function show({ level = 'not_asked', actions = [], openFlag = null, errors = {} }: Options = {}) {
  const onsafetyplan = vi.fn();
  const onpick = vi.fn();
  render(RiskCheck, {
    level,
    reason: '',
    notes: '',
    actions,
    action: '',
    errorFor: (field: string) => errors[field] ?? null,
    openFlag,
    onpick,
    onsafetyplan,
  });
  return { onsafetyplan, onpick };
}

function levels() {
  return within(screen.getByRole('radiogroup', { name: 'Risk level' }));
}

function actionGroup() {
  return screen.queryByRole('group', { name: /^Action taken/ });
}

describe('the risk check', () => {
  it('offers the five levels and asks why when risk was not assessed', () => {
    show();
    expect(levels().getAllByRole('radio').map((r) => r.parentElement?.textContent?.trim())).toEqual([
      'Not assessed',
      'No concerns',
      'Low',
      'Moderate',
      'High',
    ]);
    expect(levels().getByLabelText('Not assessed')).toBeChecked();
    const reason = screen.getByLabelText(labelled('Why risk was not assessed'));
    expect(reason).toHaveAttribute('aria-required', 'true');
    expect(screen.getByText('Needed before the note can be signed.')).toBeInTheDocument();
    expect(actionGroup()).toBeNull();
  });

  it('leaves the reason out once a level is chosen', async () => {
    show();
    await fireEvent.click(levels().getByLabelText('No concerns'));
    expect(screen.queryByLabelText(labelled('Why risk was not assessed'))).toBeNull();
    expect(actionGroup()).toBeNull();
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('asks for the action taken at moderate risk, and says it must be recorded', async () => {
    const { onsafetyplan } = show({ level: 'low' });
    await fireEvent.click(levels().getByLabelText('Moderate'));
    const group = actionGroup();
    expect(group).not.toBeNull();
    expect(group).toHaveAccessibleName('Action taken (at least one before signing)');
    expect(within(group as HTMLElement).getAllByRole('checkbox').map((c) => c.parentElement?.textContent?.trim())).toEqual([
      'Safety plan reviewed together',
      'Crisis contacts given',
      'Prescriber or GP contacted',
      'Emergency services called',
      'Other',
    ]);
    expect(screen.getByLabelText('What was done')).toBeInTheDocument();
    const prompt = screen.getByRole('note');
    expect(prompt).toHaveTextContent('At least one action taken must be recorded before the note can be signed.');
    await fireEvent.click(within(prompt).getByRole('button', { name: 'Open the safety plan' }));
    expect(onsafetyplan).toHaveBeenCalled();
  });

  it('says plainly what is expected at high risk', async () => {
    show({ level: 'low' });
    await fireEvent.click(levels().getByLabelText('High'));
    const prompt = screen.getByRole('note');
    expect(prompt).toHaveTextContent(
      'High risk. Before the session ends, assess the client’s immediate safety and act on it: go through the safety plan together, agree who they will contact and how, and involve the crisis team or emergency services if they cannot keep themselves safe. Record the action taken before signing.',
    );
    expect(prompt.textContent).not.toMatch(/may help/);
    expect(actionGroup()).not.toBeNull();
  });

  it('needs the words when "Other" is ticked', async () => {
    const { onpick } = show({ level: 'high' });
    const words = screen.getByLabelText(labelled('What was done'));
    expect(words).not.toHaveAttribute('aria-required');
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Other' }));
    expect(onpick).toHaveBeenCalled();
    expect(screen.getByRole('checkbox', { name: 'Other' })).toBeChecked();
    expect(screen.getByLabelText(labelled('What was done'))).toHaveAttribute('aria-required', 'true');
    expect(screen.getByText('Needed with Other: say what the other action was.')).toBeInTheDocument();
  });

  it('keeps the actions in view when something is already chosen at a lower level', () => {
    show({ level: 'low', actions: ['crisis_contacts_given'] });
    expect(actionGroup()).toHaveAccessibleName('Action taken');
    expect(screen.getByRole('checkbox', { name: 'Crisis contacts given' })).toBeChecked();
  });

  it('asks for the assessment when a lower level follows an open raised flag', () => {
    show({ level: 'low', openFlag: 'high' });
    const found = screen.getByLabelText(labelled('What the check found'));
    expect(found).toHaveAttribute('aria-required', 'true');
    const hint = screen.getByText(
      'Risk was high at the last signed check. Write here the assessment that lowered it; the note cannot be signed without it.',
    );
    expect(found.getAttribute('aria-describedby')).toContain(hint.id);
  });

  it('asks nothing more when the level stays raised or was not assessed', () => {
    show({ level: 'high', openFlag: 'high' });
    expect(screen.queryByText(/Write here the assessment that lowered it/)).toBeNull();
  });

  it('shows each refusal beside its own field', () => {
    show({
      level: 'moderate',
      errors: {
        risk_actions: 'At moderate risk, record the action taken before signing.',
        risk_notes: 'Write what this assessment found.',
      },
    });
    const message = screen.getByText('At moderate risk, record the action taken before signing.');
    expect(actionGroup()?.getAttribute('aria-describedby')).toBe(message.id);
    for (const box of screen.getAllByRole('checkbox')) {
      expect(box.getAttribute('aria-describedby')).toBe(message.id);
    }
    const notes = screen.getByText('Write what this assessment found.');
    expect(screen.getByLabelText(labelled('What the check found')).getAttribute('aria-describedby')).toContain(
      notes.id,
    );
  });
});
