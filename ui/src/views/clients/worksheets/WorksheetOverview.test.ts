import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { ClientWorksheets } from '../../../lib/bindings/ClientWorksheets';
import { day } from '../../../lib/labels';
import { SCRIPT_NAME } from '../../../test/fixtures/record';
import {
  WORKSHEET_IDS,
  emptyClientWorksheets,
  sampleClientWorksheets,
  sampleRolePlays,
} from '../../../test/fixtures/worksheets';
import WorksheetOverview from './WorksheetOverview.svelte';

function show(overview: ClientWorksheets = sampleClientWorksheets()) {
  const onopen = vi.fn();
  const result = render(WorksheetOverview, { overview, onopen });
  return { onopen, ...result };
}

function region(name: string | RegExp) {
  return within(screen.getByRole('region', { name }));
}

/** The rows of a table as text, one cell after another, header row first. */
function rows(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole('row')
    .map((row) =>
      Array.from(row.querySelectorAll('th, td')).map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim() ?? ''),
    );
}

describe('WorksheetOverview: communication problems', () => {
  it('counts each problem across the signed analyses, with the people it was seen with', () => {
    show();
    const problems = region('Communication problems across 4 signed analyses');
    const table = problems.getByRole('table', {
      name: 'Communication problems in the signed analyses, in the order of the checklist',
    });
    expect(rows(table)).toEqual([
      ['Problem', 'Analyses', 'Seen with'],
      ['Unclear non-verbal message', '1', 'Priya Shah'],
      ['Needlessly indirect words', '1', 'Tom Jensen'],
      ['Assuming one has been understood', '3', 'Tom Jensen, Priya Shah'],
      ['Silence or closing off', '2', 'Tom Jensen'],
    ]);
  });

  it('counts whether the client’s need was met', () => {
    show();
    const needs = region(/^Communication problems across/).getByRole('table', {
      name: "Was the client's need met?",
    });
    expect(rows(needs)).toEqual([
      ['Answer', 'Analyses'],
      ['Yes', '1'],
      ['Partly', '2'],
      ['No', '1'],
    ]);
  });

  it('counts the signed analyses that left the need unanswered', () => {
    show(
      sampleClientWorksheets({
        need_met: [
          { need_met: 'yes', analyses: 0 },
          { need_met: 'partly', analyses: 2 },
          { need_met: 'no', analyses: 1 },
        ],
      }),
    );
    const fewer = screen.getByRole('table', { name: "Was the client's need met?" });
    expect(rows(fewer).slice(1)).toEqual([
      ['Yes', '0'],
      ['Partly', '2'],
      ['No', '1'],
      ['Not recorded', '1'],
    ]);
  });

  it('speaks of one signed analysis in the singular, and says when it showed no problem', () => {
    show(
      sampleClientWorksheets({
        signed_analyses: 1,
        problem_counts: [],
        need_met: [
          { need_met: 'yes', analyses: 1 },
          { need_met: 'partly', analyses: 0 },
          { need_met: 'no', analyses: 0 },
        ],
      }),
    );
    const problems = region('Communication problems across 1 signed analysis');
    expect(problems.getByText('No communication problem was ticked in the signed analyses.')).toBeInTheDocument();
    expect(problems.getAllByRole('table')).toHaveLength(1);
  });

  it('says nothing has been signed yet instead of counting', () => {
    show(emptyClientWorksheets());
    const problems = region('Communication problems');
    expect(problems.getByText(/No communication analysis has been signed yet\./)).toBeInTheDocument();
    expect(problems.queryByRole('table')).toBeNull();
    expect(region('Role plays').getByText('No role plays yet.')).toBeInTheDocument();
  });
});

describe('WorksheetOverview: role plays', () => {
  it('shows each role play’s runs in a table, oldest role play first', () => {
    show();
    const rolePlays = region('Role plays');
    const tables = rolePlays.getAllByRole('table');
    expect(tables.map((t) => t.querySelector('caption')?.textContent)).toEqual([
      `Role play with Priya Shah, ${day('2026-01-20')}`,
      `Role play with Tom Jensen, ${day('2026-02-03')}`,
    ]);
    const tom = rolePlays.getByRole('table', { name: `Role play with Tom Jensen, ${day('2026-02-03')}` });
    expect(rows(tom)).toEqual([
      ['Run', 'Client played', 'Confidence before → after', 'Distress before → after'],
      ['1', 'Client as themselves', '3 → 5 +2', '7 → 6 −1'],
      ['2', 'Role reversal: client as the other person', '5 → 5 no change', '6 → 4 −2'],
      ['3', 'Client as themselves', '6 → 8 +2', '4 → 3 −1'],
    ]);
  });

  it('says when the real attempt is planned and where it stands, with the outcome once recorded', () => {
    show();
    const items = within(region('Role plays').getByRole('list')).getAllByRole('listitem');
    const [priya, tom] = items;
    expect(priya).toHaveTextContent(`Real attempt planned for ${day('2026-01-24')}`);
    expect(priya).toHaveTextContent('Outcome: Messaged Priya and met her for coffee; awkward at first, then easier.');
    expect(priya).not.toHaveTextContent('Result recorded');
    expect(tom).toHaveTextContent(`Real attempt planned for ${day('2026-02-08')} · Result to ask about`);
    expect(tom).not.toHaveTextContent('Outcome:');
  });

  it('opens a role play', async () => {
    const { onopen } = show();
    await fireEvent.click(
      screen.getByRole('button', { name: `Open role play with Tom Jensen, ${day('2026-02-03')}` }),
    );
    expect(onopen).toHaveBeenCalledExactlyOnceWith(WORKSHEET_IDS.tomRolePlay);
  });

  it('draws confidence after each run as a line that states its values', () => {
    show();
    const lines = region('Role plays').getAllByRole('img');
    // Priya's role play had one run: nothing to draw a line through.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toHaveAccessibleName('Confidence after each run, out of 10: run 1, 5; run 2, 5; run 3, 8.');
    const tom = screen.getAllByRole('listitem')[1];
    expect(within(tom).getByRole('img')).toBe(lines[0]);
  });

  it('names a run left unrated in the line, and leaves it out of the drawing', () => {
    const [, tom] = sampleRolePlays();
    tom.runs[1] = { ...tom.runs[1], confidence_after: null };
    show(sampleClientWorksheets({ role_plays: [tom] }));
    const line = screen.getByRole('img');
    expect(line).toHaveAccessibleName('Confidence after each run, out of 10: run 1, 5; run 2, not rated; run 3, 8.');
    expect(line.querySelectorAll('circle')).toHaveLength(2);
    expect(rows(screen.getByRole('table', { name: /Tom Jensen/ }))[2]).toEqual([
      '2',
      'Role reversal: client as the other person',
      '5 → –',
      '6 → 4 −2',
    ]);
  });

  it('handles a role play without a person, runs or a planned attempt', async () => {
    const { onopen } = show(
      sampleClientWorksheets({
        role_plays: [
          {
            worksheet_id: 700,
            person_name: null,
            day: '2026-02-17',
            runs: [],
            attempt_on: null,
            attempt: 'nothing',
            outcome: null,
          },
          {
            ...sampleRolePlays()[0],
            worksheet_id: 701,
            attempt: 'dismissed',
            outcome: 'Priya moved away before they could meet.',
          },
        ],
      }),
    );
    const [blank, dismissed] = within(region('Role plays').getByRole('list')).getAllByRole('listitem');
    expect(blank).toHaveTextContent(`Role play, ${day('2026-02-17')}`);
    expect(blank).toHaveTextContent('No runs recorded.');
    expect(blank).toHaveTextContent('No day set for the real attempt');
    expect(within(blank).queryByRole('table')).toBeNull();
    expect(dismissed).toHaveTextContent(`Real attempt planned for ${day('2026-01-24')} · Result dismissed`);
    expect(dismissed).not.toHaveTextContent('Outcome:');

    await fireEvent.click(within(blank).getByRole('button', { name: `Open role play of ${day('2026-02-17')}` }));
    expect(onopen).toHaveBeenCalledWith(700);
  });

  it('shows names and outcomes as text, never as markup', () => {
    const [priya] = sampleRolePlays();
    show(
      sampleClientWorksheets({
        problem_counts: [{ problem: 'silence', analyses: 1, people: [SCRIPT_NAME] }],
        role_plays: [{ ...priya, person_name: SCRIPT_NAME, outcome: SCRIPT_NAME }],
      }),
    );
    expect(screen.getAllByText(SCRIPT_NAME).length).toBeGreaterThan(0);
    expect(screen.getByRole('table', { name: `Role play with ${SCRIPT_NAME}, ${day('2026-01-20')}` })).toBeInTheDocument();
    expect(document.querySelector('script')).toBeNull();
  });
});
