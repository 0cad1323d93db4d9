import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { tick } from 'svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import { day } from '../../../lib/labels';
import {
  CLINICAL_TODAY,
  PEOPLE,
  clinicalRecord,
  emptyClinicalRecord,
  hostileRecord,
} from '../../../test/fixtures/clinical';
import { IMG_NAME, SCRIPT_NAME } from '../../../test/fixtures/record';
import { choose, input, invalid, labelled, refusingEdit, region, renderTab } from '../../../test/fixtures/tab';
import AreasTab from './AreasTab.svelte';

function goalItem(scope: ReturnType<typeof region>, text: string): ReturnType<typeof within> {
  const item = scope.getByText(text).closest('li');
  if (!item) throw new Error(`no goal ${text}`);
  return within(item as HTMLElement);
}

describe('problem areas tab', () => {
  it('puts the formulation’s areas first, marked, and opens the primary one', () => {
    const record = clinicalRecord();
    renderTab(AreasTab, record);
    expect(screen.getByText(/The formulation of/)).toHaveTextContent(
      `The formulation of ${day('2024-01-26')} puts the focus on Grief, with Role dispute as a second area.`,
    );
    const switcher = within(screen.getByRole('group', { name: 'Problem area to work on' }));
    const buttons = switcher.getAllByRole('button');
    expect(buttons.map((b) => b.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Grief Primary focus 2 goals',
      'Role dispute Secondary focus 1 goal',
      'Role transition no goals',
      'Interpersonal deficits / sensitivity no goals',
    ]);
    expect(buttons[0]).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('region', { name: 'Grief' })).toBeVisible();
    expect(screen.queryByRole('region', { name: 'Role dispute' })).toBeNull();
  });

  it('says where to choose the areas when there is no formulation', () => {
    const record = emptyClinicalRecord();
    renderTab(AreasTab, record);
    expect(
      screen.getByText('No formulation yet — choose the problem areas in the Formulation tab.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Grief/ })).toHaveAttribute('aria-pressed', 'true');
    expect(region('Goals for grief').getByText(/No goals for grief yet/)).toBeInTheDocument();
  });

  it('shows the saved grief work, with the deceased listed first', () => {
    const record = clinicalRecord();
    renderTab(AreasTab, record);
    const grief = region('Grief');
    const person = grief.getByLabelText('The person who died') as HTMLSelectElement;
    expect(person.value).toBe(String(PEOPLE.mother));
    expect([...person.options].map((o) => o.text)).toEqual([
      'Not chosen',
      'Elena (Parent, died)',
      'João (Partner)',
      'Priya (Friend)',
      'Lucia (Sibling)',
    ]);
    expect((grief.getByLabelText('Date of death') as HTMLInputElement).value).toBe('2023-11-02');
    expect((grief.getByLabelText('Reminders the client avoids') as HTMLTextAreaElement).value).toBe(
      'Has not been to the grave.',
    );
    const whats = grief.getAllByLabelText('What') as HTMLInputElement[];
    expect(whats.map((w) => w.value)).toEqual(['Rejoined the choir', 'Weekly call with Lucia']);
    expect((grief.getAllByLabelText('When')[0] as HTMLInputElement).value).toBe('2024-04-14');
  });

  it('saves grief work with its dated list of new involvements', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(AreasTab, record);
    const grief = region('Grief');
    await fireEvent.click(grief.getByRole('button', { name: 'Remove Weekly call with Lucia' }));
    await fireEvent.click(grief.getByRole('button', { name: 'Add a relationship or activity' }));
    const whats = grief.getAllByLabelText('What');
    expect(whats[1]).toHaveFocus();
    await input(whats[1], 'Volunteering at the library');
    await input(grief.getAllByLabelText('When')[1], '2024-05-20');
    // An untouched extra line is not sent.
    await fireEvent.click(grief.getByRole('button', { name: 'Add a relationship or activity' }));
    await input(grief.getByLabelText('Feelings not yet expressed'), '  Anger at the hospital.  ');
    await fireEvent.click(grief.getByRole('button', { name: 'Save grief work' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'save_area_work',
      details: {
        area: 'grief',
        person_id: PEOPLE.mother,
        date_of_death: '2023-11-02',
        circumstances: 'Sudden stroke.\nMaria was abroad and could not get back in time.',
        anniversaries: 'Her birthday in March; Christmas.',
        avoided_reminders: 'Has not been to the grave.',
        unexpressed_feelings: 'Anger at the hospital.',
        new_involvements: [
          { on: '2024-04-14', what: 'Rejoined the choir' },
          { on: '2024-05-20', what: 'Volunteering at the library' },
        ],
      },
    });
    expect(await grief.findByText('Saved.')).toBeInTheDocument();
  });

  it('fills the date of death from the inventory when the person is chosen', async () => {
    const record = emptyClinicalRecord();
    record.people = clinicalRecord().people;
    renderTab(AreasTab, record);
    const grief = region('Grief');
    await choose(grief.getByLabelText('The person who died'), String(PEOPLE.mother));
    expect((grief.getByLabelText('Date of death') as HTMLInputElement).value).toBe('2023-11-02');
  });

  it('shows a refused new-involvement list under the list and keeps the rows', async () => {
    const record = clinicalRecord();
    const refused = refusingEdit('new_involvements', 'Each new involvement needs a description.');
    renderTab(AreasTab, record, refused);
    const grief = region('Grief');
    await fireEvent.click(grief.getByRole('button', { name: 'Add a relationship or activity' }));
    await input(grief.getAllByLabelText('When')[2], '2024-05-01');
    await fireEvent.click(grief.getByRole('button', { name: 'Save grief work' }));
    const message = await grief.findByText('Each new involvement needs a description.');
    const list = grief.getByRole('group', { name: 'New or renewed relationships and activities' });
    expect(list.getAttribute('aria-describedby')).toBe(message.id);
    expect((grief.getAllByLabelText('When')[2] as HTMLInputElement).value).toBe('2024-05-01');
  });

  it('saves role dispute work and shows the stage history, oldest first', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(AreasTab, record);
    await fireEvent.click(screen.getByRole('button', { name: /^Role dispute/ }));
    const dispute = region('Role dispute');
    expect(dispute.getByText(/^Now:/)).toHaveTextContent(
      `Now: Renegotiation, since ${day('2024-04-10')}`,
    );
    const history = within(dispute.getByRole('list', { name: 'Stage history, oldest first' }));
    const rows = history.getAllByRole('listitem').map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual([
      `${day('2024-02-02')} Impasse — They stopped talking about it.`,
      `${day('2024-04-10')} Renegotiation`,
    ]);
    expect((dispute.getByLabelText('The other person') as HTMLSelectElement).value).toBe(String(PEOPLE.partner));
    await choose(dispute.getByLabelText('Out in the open?'), 'covert');
    await input(dispute.getByLabelText('The plan chosen'), 'Ask for one evening a week to talk.');
    await fireEvent.click(dispute.getByRole('button', { name: 'Save role dispute work' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'save_area_work',
      details: {
        area: 'role_dispute',
        person_id: PEOPLE.partner,
        visibility: 'covert',
        client_expectations: 'That he shares the grief.',
        other_expectations: 'That life goes back to normal.',
        blocks: 'Neither says what they need.',
        options: 'Talk on Sunday walks.',
        plan: 'Ask for one evening a week to talk.',
      },
    });
  });

  it('records a change of dispute stage, dated today unless changed', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(AreasTab, record);
    await fireEvent.click(screen.getByRole('button', { name: /^Role dispute/ }));
    const dispute = region('Role dispute');
    await fireEvent.click(dispute.getByRole('button', { name: 'Change stage' }));
    const stage = dispute.getByLabelText(labelled('New stage')) as HTMLSelectElement;
    expect(stage).toHaveFocus();
    // The current stage is not offered again.
    expect([...stage.options].map((o) => o.value)).toEqual(['', 'impasse', 'dissolution']);
    expect((dispute.getByLabelText(labelled('Since')) as HTMLInputElement).value).toBe(CLINICAL_TODAY);
    await choose(stage, 'dissolution');
    await input(dispute.getByLabelText('What changed'), 'They agreed to separate.');
    await fireEvent.click(dispute.getByRole('button', { name: 'Record stage' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'change_dispute_stage',
      stage: 'dissolution',
      changed_on: CLINICAL_TODAY,
      note: 'They agreed to separate.',
    });
    expect(await dispute.findByText('Stage recorded.')).toBeInTheDocument();
    expect(dispute.getByRole('button', { name: 'Change stage' })).toHaveFocus();
  });

  it('saves role transition work', async () => {
    const record = emptyClinicalRecord();
    const { edit } = renderTab(AreasTab, record);
    await fireEvent.click(screen.getByRole('button', { name: /^Role transition/ }));
    const transition = region('Role transition');
    await choose(transition.getByLabelText('Kind of transition'), 'parenthood');
    await input(transition.getByLabelText('When it happened'), '2024-01-09');
    await input(transition.getByLabelText('The old role: what was good'), 'Time for myself.');
    await input(transition.getByLabelText('The new role: what is hard'), 'Broken sleep.');
    await input(transition.getByLabelText('Supports to build'), 'Baby group on Tuesdays.');
    await fireEvent.click(transition.getByRole('button', { name: 'Save role transition work' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'save_area_work',
      details: {
        area: 'role_transition',
        transition_type: 'parenthood',
        transition_date: '2024-01-09',
        old_role_good: 'Time for myself.',
        old_role_bad: null,
        new_role_good: null,
        new_role_bad: 'Broken sleep.',
        losses: null,
        opportunities: null,
        skills_to_build: null,
        supports_to_build: 'Baby group on Tuesdays.',
      },
    });
  });

  it('saves interpersonal work, and counts social contacts week by week', async () => {
    const record = emptyClinicalRecord();
    const edit = vi.fn().mockResolvedValue(record);
    render(AreasTab, { record, edit });
    await fireEvent.click(screen.getByRole('button', { name: /^Interpersonal deficits/ }));
    const deficits = region('Interpersonal deficits / sensitivity');
    expect(deficits.queryByLabelText('Social contacts in a usual week')).toBeNull();
    await input(deficits.getByLabelText('Patterns that repeat'), 'Pulls away first.');
    await fireEvent.click(deficits.getByRole('button', { name: 'Save interpersonal work' }));
    expect(edit).toHaveBeenLastCalledWith({
      op: 'save_area_work',
      details: {
        area: 'interpersonal_deficits',
        relationship_history: null,
        patterns: 'Pulls away first.',
        target_contacts: null,
        therapy_relationship: null,
      },
    });
    expect(deficits.getByText(/^Nothing counted yet\./)).toBeInTheDocument();
    await fireEvent.click(deficits.getByRole('button', { name: 'Count a week' }));
    await input(deficits.getByLabelText(labelled('Contacts that week')), '2');
    await input(deficits.getByLabelText('Who or what'), 'A neighbour; the choir.');
    await fireEvent.click(deficits.getByRole('button', { name: 'Record week' }));
    expect(edit).toHaveBeenLastCalledWith({
      op: 'record_social_contacts',
      entry: { week_of: record.today, contacts: 2, note: 'A neighbour; the choir.' },
    });
    expect(await deficits.findByText(`Recorded: 2 in the week of ${day(record.today)}.`)).toBeInTheDocument();
  });

  it('keeps a refused week as typed, beside the field the core names', async () => {
    const record = emptyClinicalRecord();
    const edit = vi.fn().mockRejectedValueOnce(invalid('contacts', 'Choose a number from 0 to 200.'));
    render(AreasTab, { record, edit });
    await fireEvent.click(screen.getByRole('button', { name: /^Interpersonal deficits/ }));
    const deficits = region('Interpersonal deficits / sensitivity');
    await fireEvent.click(deficits.getByRole('button', { name: 'Count a week' }));
    const count = deficits.getByLabelText(labelled('Contacts that week')) as HTMLInputElement;
    await input(count, '500');
    await fireEvent.click(deficits.getByRole('button', { name: 'Record week' }));
    const message = await deficits.findByText('Choose a number from 0 to 200.');
    expect(count.getAttribute('aria-describedby')).toContain(message.id);
    expect(count.value).toBe('500');
  });

  it('shows the series with its trend, oldest week first', () => {
    const record = {
      ...emptyClinicalRecord(),
      social_contacts: [
        { week_of: '2024-03-04', contacts: 1, note: 'A call from a sister.', recorded_at: '2024-03-04T10:00:00Z' },
        { week_of: '2024-03-18', contacts: 4, note: null, recorded_at: '2024-03-18T10:00:00Z' },
      ],
    };
    renderTab(AreasTab, record);
    fireEvent.click(screen.getByRole('button', { name: /^Interpersonal deficits/ }));
    return tick().then(() => {
      const deficits = region('Interpersonal deficits / sensitivity');
      expect(
        deficits.getByText(
          `From 1 contact (week of ${day('2024-03-04')}) to 4 (week of ${day('2024-03-18')}): up 3.`,
        ),
      ).toBeInTheDocument();
      expect(deficits.getByRole('img', { name: /^Social contacts a week, oldest first: 1 on/ })).toBeInTheDocument();
      const rows = deficits.getAllByRole('row');
      expect(rows[1]).toHaveTextContent('A call from a sister.');
    });
  });

  it('asks before removing a week from the series', async () => {
    const record = {
      ...emptyClinicalRecord(),
      social_contacts: [{ week_of: '2024-03-04', contacts: 1, note: null, recorded_at: '2024-03-04T10:00:00Z' }],
    };
    const { edit } = renderTab(AreasTab, record);
    await fireEvent.click(screen.getByRole('button', { name: /^Interpersonal deficits/ }));
    const deficits = region('Interpersonal deficits / sensitivity');
    await fireEvent.click(deficits.getByRole('button', { name: `Remove the week of ${day('2024-03-04')}` }));
    const dialog = screen.getByRole('dialog', { name: 'Remove this week’s count?' });
    expect(edit).not.toHaveBeenCalled();
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect(edit).toHaveBeenCalledWith({ op: 'remove_social_contacts', week_of: '2024-03-04' });
  });

  it('lists goals with status, target, progress sparkline and history', () => {
    const record = clinicalRecord();
    renderTab(AreasTab, record);
    const goals = region('Goals for grief');
    const grave = goalItem(goals, 'Visit the grave with Lucia');
    expect(grave.getByText('In progress')).toBeInTheDocument();
    expect(grave.getByText(day('2024-07-01'))).toBeInTheDocument();
    expect(grave.queryByText('Overdue')).toBeNull();
    expect(grave.getByText(`6/10 on ${day('2024-04-15')}`)).toBeInTheDocument();
    expect(grave.getByRole('img')).toHaveAttribute(
      'aria-label',
      `Progress ratings, oldest first: 2 on ${day('2024-02-15')}; 4 on ${day('2024-03-15')}; 6 on ${day('2024-04-15')}.`,
    );
    expect(grave.getByText('Talked it through.')).toBeInTheDocument();
    // Achieved goals are never overdue, whatever the date.
    const letters = goalItem(goals, 'Sort through her letters');
    expect(letters.queryByText('Overdue')).toBeNull();
    expect(letters.getByText('Not rated yet')).toBeInTheDocument();
  });

  it('marks a goal past its target date as overdue', async () => {
    const record = clinicalRecord();
    renderTab(AreasTab, record);
    await fireEvent.click(screen.getByRole('button', { name: /^Role dispute/ }));
    const goal = goalItem(region('Goals for role dispute'), 'Ask João for help with the weekend plans');
    expect(goal.getByText('Overdue')).toBeInTheDocument();
  });

  it('adds a goal to the area being worked on', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(AreasTab, record);
    const goals = region('Goals for grief');
    await fireEvent.click(goals.getByRole('button', { name: 'Add goal' }));
    const form = within(goals.getByRole('region', { name: 'New goal' }));
    expect((form.getByLabelText('Problem area') as HTMLSelectElement).value).toBe('grief');
    await input(form.getByLabelText(labelled('Goal')), ' Tell Lucia about the guilt ');
    await input(form.getByLabelText('Target date'), '2024-07-15');
    await fireEvent.click(form.getByRole('button', { name: 'Add goal' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'add_goal',
      goal: { area: 'grief', description: 'Tell Lucia about the guilt', target_date: '2024-07-15' },
    });
    expect(await goals.findByText('Goal added.')).toBeInTheDocument();
  });

  it('edits a goal', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(AreasTab, record);
    const goal = goalItem(region('Goals for grief'), 'Visit the grave with Lucia');
    await fireEvent.click(goal.getByRole('button', { name: 'Edit' }));
    await input(goal.getByLabelText('Target date'), '');
    await fireEvent.click(goal.getByRole('button', { name: 'Save goal' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'update_goal',
      goal_id: 31,
      goal: { area: 'grief', description: 'Visit the grave with Lucia', target_date: null },
    });
  });

  it('changes a goal’s status with a date and a note', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(AreasTab, record);
    const goal = goalItem(region('Goals for grief'), 'Visit the grave with Lucia');
    await fireEvent.click(goal.getByRole('button', { name: 'Change status' }));
    const status = goal.getByLabelText(labelled('New status')) as HTMLSelectElement;
    expect([...status.options].map((o) => o.value)).not.toContain('in_progress');
    await choose(status, 'partly_achieved');
    await input(goal.getByLabelText(labelled('Since')), '2024-05-28');
    await input(goal.getByLabelText('Note'), 'Went once, with Lucia.');
    await fireEvent.click(goal.getByRole('button', { name: 'Change status' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'set_goal_status',
      goal_id: 31,
      status: 'partly_achieved',
      changed_on: '2024-05-28',
      note: 'Went once, with Lucia.',
    });
    expect(await screen.findByText('Status changed.')).toBeInTheDocument();
  });

  it('rates progress on a goal, dated today', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(AreasTab, record);
    const goal = goalItem(region('Goals for grief'), 'Visit the grave with Lucia');
    await fireEvent.click(goal.getByRole('button', { name: 'Rate progress' }));
    const rating = goal.getByLabelText(labelled('Progress (0–10)'));
    expect(rating).toHaveFocus();
    await input(rating, '7');
    await fireEvent.click(goal.getByRole('button', { name: 'Save rating' }));
    expect(edit).toHaveBeenCalledWith({ op: 'rate_goal', goal_id: 31, rated_on: CLINICAL_TODAY, rating: 7 });
    expect(await screen.findByText('Rating saved.')).toBeInTheDocument();
    expect(goal.getByRole('button', { name: 'Rate progress' })).toHaveFocus();
  });

  it('shows a refused rating next to the rating and keeps it', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(AreasTab, record, refusingEdit('rating', 'Choose a number from 0 to 10.'));
    const goal = goalItem(region('Goals for grief'), 'Visit the grave with Lucia');
    await fireEvent.click(goal.getByRole('button', { name: 'Rate progress' }));
    const rating = goal.getByLabelText(labelled('Progress (0–10)')) as HTMLInputElement;
    await input(rating, '11');
    await fireEvent.click(goal.getByRole('button', { name: 'Save rating' }));
    expect(edit).toHaveBeenCalledWith({ op: 'rate_goal', goal_id: 31, rated_on: CLINICAL_TODAY, rating: 11 });
    const message = await goal.findByText('Choose a number from 0 to 10.');
    expect(rating.getAttribute('aria-describedby')).toContain(message.id);
    expect(rating.value).toBe('11');
  });

  it('asks for a rating before sending an empty one', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(AreasTab, record);
    const goal = goalItem(region('Goals for grief'), 'Visit the grave with Lucia');
    await fireEvent.click(goal.getByRole('button', { name: 'Rate progress' }));
    await fireEvent.click(goal.getByRole('button', { name: 'Save rating' }));
    expect(goal.getByText('Enter a whole number from 0 to 10.')).toBeInTheDocument();
    expect(edit).not.toHaveBeenCalled();
  });

  it('shows markup in names, notes and goals as plain text', async () => {
    const record = hostileRecord();
    const { container } = renderTab(AreasTab, record);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    const grief = region('Grief');
    expect((grief.getByLabelText('The person who died') as HTMLSelectElement).selectedOptions[0].text).toBe(
      `${SCRIPT_NAME} (Parent, died)`,
    );
    expect(
      (grief.getByLabelText('How they died, and what happened around the death') as HTMLTextAreaElement).value,
    ).toBe(`${SCRIPT_NAME} ${IMG_NAME}`);
    expect(region('Goals for grief').getByText(`${SCRIPT_NAME} ${IMG_NAME}`)).toBeInTheDocument();
    expect(region('Goals for grief').getByText(SCRIPT_NAME)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: /^Role dispute/ }));
    expect(region('Role dispute').getByText(IMG_NAME)).toBeInTheDocument();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
  });
});
