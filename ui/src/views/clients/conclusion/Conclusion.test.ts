import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import type { Completion } from '../../../lib/bindings/Completion';
import type { ConclusionSummary } from '../../../lib/bindings/ConclusionSummary';
import { formatDate } from '../../../lib/format';
import { app } from '../../../lib/state.svelte';
import {
  SUMMARY_ID,
  draftSummary,
  emptyCompletion,
  signedSummary,
  summaryState,
} from '../../../test/fixtures/conclusion';
import { CLIENT_ID, COURSE_ID, sampleRecord } from '../../../test/fixtures/record';
import { choose, input, labelled } from '../../../test/fixtures/tab';
import { ipcError, resetApp, routeInvoke } from '../../../test/ipc';
import ConclusionTab from './ConclusionTab.svelte';
import SummaryDraft from './SummaryDraft.svelte';
import SummarySigned from './SummarySigned.svelte';

const invokeMock = vi.mocked(invoke);

/** Every clinician's part the core was sent, in order. */
let saved: Completion[] = [];

function lastSaved(): Completion {
  return saved[saved.length - 1];
}

function saving(args: Record<string, unknown>) {
  saved.push(args.completion as Completion);
  return { revision: saved.length, updated_at: '2026-04-21T10:00:00.000Z' };
}

function renderDraft(summary: ConclusionSummary = draftSummary()) {
  const props = {
    record: sampleRecord(),
    summary,
    title: 'Acute course, from 6 Jan 2026',
    headingId: 'cs-heading',
    ontab: vi.fn(),
    onsigned: vi.fn(),
    ondiscarded: vi.fn(),
  };
  return { ...props, ...render(SummaryDraft, props) };
}

function renderTab(request: { courseId: number | null; summaryId: number | null; start: boolean; serial: number } | null = null) {
  const props = { record: sampleRecord(), request, ontab: vi.fn(), onsummarychanged: vi.fn() };
  return { ...props, ...render(ConclusionTab, props) };
}

beforeEach(() => {
  invokeMock.mockReset();
  resetApp(app);
  saved = [];
});

describe('the Conclusion tab', () => {
  it('says when a summary that is not due can be started, with nothing to press', async () => {
    routeInvoke(invokeMock, { conclusion_summaries: () => [summaryState({ stage: 'not_due' })] });
    renderTab();
    // Mia's course of 16 is at session 6: the summary opens from session 13, M−3.
    expect(await screen.findByText(/can be started from session 13 of 16/)).toBeInTheDocument();
    expect(screen.getByText(/The next session is session 6 of 16\./)).toBeInTheDocument();
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(invokeMock).toHaveBeenCalledWith('conclusion_summaries', { clientId: CLIENT_ID });
  });

  it('offers to start a due summary, then shows the draft', async () => {
    let started = false;
    routeInvoke(invokeMock, {
      conclusion_summaries: () => [
        started ? summaryState({ stage: 'draft', summary_id: SUMMARY_ID }) : summaryState(),
      ],
      start_conclusion_summary: () => {
        started = true;
        return draftSummary();
      },
      open_conclusion_summary: () => draftSummary(),
    });
    const { onsummarychanged } = renderTab();
    await fireEvent.click(await screen.findByRole('button', { name: 'Start the conclusion summary' }));
    expect(invokeMock).toHaveBeenCalledWith('start_conclusion_summary', { clientId: CLIENT_ID, courseId: COURSE_ID });
    const heading = await screen.findByRole('heading', { level: 2, name: 'Conclusion summary' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByRole('list', { name: 'Items that stop signing' })).toBeInTheDocument();
    expect(onsummarychanged).toHaveBeenCalled();
  });

  it('starts the summary when another screen asked for it', async () => {
    routeInvoke(invokeMock, {
      conclusion_summaries: () => [summaryState()],
      start_conclusion_summary: () => draftSummary(),
      open_conclusion_summary: () => draftSummary(),
    });
    renderTab({ courseId: COURSE_ID, summaryId: null, start: true, serial: 1 });
    await screen.findByRole('list', { name: 'Items that stop signing' });
    expect(invokeMock).toHaveBeenCalledWith('start_conclusion_summary', { clientId: CLIENT_ID, courseId: COURSE_ID });
  });

  it('opens a signed summary, found by its id, to be read', async () => {
    routeInvoke(invokeMock, {
      conclusion_summaries: () => [summaryState({ stage: 'signed', summary_id: SUMMARY_ID, signed_at: '2026-04-21T15:30:00.000Z' })],
      open_conclusion_summary: ({ summaryId }) => {
        expect(summaryId).toBe(SUMMARY_ID);
        return signedSummary();
      },
    });
    renderTab({ courseId: null, summaryId: SUMMARY_ID, start: false, serial: 1 });
    expect(await screen.findByText(/^Signed by Dr Ana Silva on /)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add an amendment…' })).toBeInTheDocument();
  });
});

describe('the checklist', () => {
  it('shows what stops signing apart from advice, and sets an item aside with a reason', async () => {
    routeInvoke(invokeMock, {
      save_conclusion_draft: saving,
      open_conclusion_summary: () => draftSummary({ completion: lastSaved() }),
      reread_conclusion_summary: () => draftSummary({ completion: lastSaved() }),
    });
    const { ontab } = renderDraft();
    const blocking = screen.getByRole('list', { name: 'Items that stop signing' });
    const advice = screen.getByRole('list', { name: 'Advice (does not stop signing)' });
    expect(within(blocking).getAllByRole('listitem')).toHaveLength(2);
    expect(within(advice).getAllByRole('listitem')).toHaveLength(1);
    expect(within(advice).getByText('The skills learned are not written.')).toBeInTheDocument();
    expect(within(blocking).queryByText('The skills learned are not written.')).toBeNull();
    expect(screen.getByText('2 items stand in the way of signing.')).toBeInTheDocument();

    // Only what the record supplies can be set aside; the gains are the clinician's to write.
    const aside = within(blocking).getAllByRole('button', { name: /^Set aside…/ });
    expect(aside).toHaveLength(1);
    await fireEvent.click(aside[0]);
    const reason = screen.getByLabelText('Why it cannot be had');
    await waitFor(() => expect(reason).toHaveFocus());
    await fireEvent.click(screen.getByRole('button', { name: 'Set aside' }));
    expect(screen.getByText(/Say why this cannot be had/)).toHaveAttribute('role', 'alert');
    expect(saved).toHaveLength(0);

    await input(reason, 'Mia keeps the names in her own notebook.');
    await fireEvent.click(screen.getByRole('button', { name: 'Set aside' }));
    await waitFor(() =>
      expect(lastSaved().waivers).toEqual([
        { item: 'relapse_contacts', reason: 'Mia keeps the names in her own notebook.' },
      ]),
    );
    // The checklist is read again from the core once the reason is saved.
    await waitFor(() =>
      expect(invokeMock).toHaveBeenCalledWith('reread_conclusion_summary', { clientId: CLIENT_ID, summaryId: SUMMARY_ID }),
    );
    const undo = await within(blocking).findByRole('button', { name: /^Undo/ });
    await waitFor(() => expect(undo).toHaveFocus());
    expect(within(blocking).getByText('Mia keeps the names in her own notebook.')).toBeInTheDocument();
    expect(screen.getByText('One item stands in the way of signing.')).toBeInTheDocument();
    // The reason is printed in the summary in the item's place.
    expect(screen.getAllByText('Mia keeps the names in her own notebook.')).toHaveLength(2);

    await fireEvent.click(undo);
    await waitFor(() => expect(lastSaved().waivers).toEqual([]));

    // Each item goes where it is put right: the record's tab, or the summary's own field.
    await fireEvent.click(within(blocking).getByRole('button', { name: /^Open the relapse warning signs/ }));
    expect(ontab).toHaveBeenCalledWith('safety');
    await fireEvent.click(within(blocking).getByRole('button', { name: /^Go to the field/ }));
    await waitFor(() => expect(screen.getByLabelText(labelled('Gains, in the client’s own words'))).toHaveFocus());
  });

  it('shows the record’s part: outcomes with their rules, the circles and their changes', () => {
    routeInvoke(invokeMock, {});
    renderDraft();
    expect(screen.getByText('Response')).toBeInTheDocument();
    expect(screen.getByText('Rule: A fall of 50% or more from baseline')).toBeInTheDocument();
    expect(screen.getByText(/Moved closer: ring 3 → 2/)).toBeInTheDocument();
    expect(screen.getByText('12 of 16 planned (14 planned at first)')).toBeInTheDocument();
    expect(screen.getByText('Crisis team: 0800 000 111')).toBeInTheDocument();
  });
});

describe('signing', () => {
  it('shows a refusal on the field it names, puts the keyboard there and keeps what was typed', async () => {
    routeInvoke(invokeMock, {
      save_conclusion_draft: saving,
      open_conclusion_summary: () => draftSummary({ completion: lastSaved() }),
      reread_conclusion_summary: () => draftSummary({ completion: lastSaved() }),
      sign_conclusion_summary: () => {
        throw ipcError('invalid', 'Before signing: The gains, in the client’s own words, are not written.', 'gains');
      },
    });
    renderDraft();
    const skills = screen.getByLabelText('Skills learned') as HTMLTextAreaElement;
    await input(skills, 'Asking for help early.');
    await fireEvent.keyDown(skills, { key: 'Enter', ctrlKey: true });
    const dialog = await screen.findByRole('dialog', { name: 'Sign the conclusion summary?' });
    expect(dialog).toHaveTextContent('It becomes read-only; later changes are dated amendments.');
    // The draft was saved before asking.
    expect(lastSaved().skills).toBe('Asking for help early.');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Sign the summary' }));

    const gains = screen.getByLabelText(labelled('Gains, in the client’s own words'));
    await waitFor(() => expect(gains).toHaveFocus());
    const message = screen.getByText('Before signing: The gains, in the client’s own words, are not written.');
    expect(message).toHaveAttribute('role', 'alert');
    expect(gains.getAttribute('aria-describedby')).toContain(message.id);
    expect(skills.value).toBe('Asking for help early.');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows a refusal about the checklist on the checklist', async () => {
    routeInvoke(invokeMock, {
      save_conclusion_draft: saving,
      open_conclusion_summary: () => draftSummary(),
      sign_conclusion_summary: () => {
        throw ipcError('invalid', 'Before signing: The relapse plan does not say whom to contact.', 'checklist');
      },
    });
    renderDraft(draftSummary({ completion: emptyCompletion({ gains: 'Feeling heard at home.' }) }));
    await fireEvent.click(screen.getByRole('button', { name: 'Sign the summary…' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Sign the summary' }));
    const heading = screen.getByRole('heading', { name: 'Before signing' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByText('Before signing: The relapse plan does not say whom to contact.')).toHaveAttribute(
      'role',
      'alert',
    );
    expect((screen.getByLabelText(labelled('Gains, in the client’s own words')) as HTMLTextAreaElement).value).toBe(
      'Feeling heard at home.',
    );
  });

  it('signs once confirmed and hands the signed summary on', async () => {
    routeInvoke(invokeMock, {
      save_conclusion_draft: saving,
      open_conclusion_summary: () => draftSummary(),
      sign_conclusion_summary: () => signedSummary(),
    });
    const { onsigned } = renderDraft();
    await choose(screen.getByLabelText(labelled('Risk level at conclusion')), 'moderate');
    await waitFor(() => expect(lastSaved()?.risk_level).toBe('moderate'));
    expect(screen.getByText('Needed before signing at this level: what the assessment found and what was done.')).toBeInTheDocument();
    await fireEvent.click(screen.getByLabelText('Maintenance IPT (IPT-M)'));
    await input(screen.getByLabelText('For how many months'), '6');
    await choose(screen.getByLabelText('How often'), 'monthly');
    await fireEvent.click(screen.getByRole('button', { name: 'Sign the summary…' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Sign the summary' }));
    await waitFor(() => expect(onsigned).toHaveBeenCalledWith(signedSummary()));
    expect(lastSaved()).toMatchObject({ maintenance: 'maintenance_ipt', maintenance_months: 6, maintenance_frequency: 'monthly' });
  });
});

describe('the signed summary', () => {
  it('shows who signed it, that the record changed since, the amendments, and takes a new one', async () => {
    const summary = signedSummary({ record_changed_since: true });
    routeInvoke(invokeMock, {
      amend_conclusion_summary: () => signedSummary({ record_changed_since: true, amendments: [] }),
    });
    const onchanged = vi.fn();
    render(SummarySigned, { summary, title: 'Acute course, from 6 Jan 2026', headingId: 'css-heading', onchanged });
    expect(
      screen.getByText(`Signed by Dr Ana Silva on ${formatDate(new Date('2026-04-21T15:30:00.000Z'))}`),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The record has changed since this summary was signed; the summary shows what was signed.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Referred to the local walking group.')).toBeInTheDocument();
    expect(screen.getByText('Left out when signing.')).toBeInTheDocument();
    expect(screen.getByText('“I can say what I need to Tom without it turning into a row.”')).toBeInTheDocument();
    expect(screen.getByText('Mia chose to keep the names in her own notebook.')).toBeInTheDocument();
    expect(screen.queryAllByRole('textbox')).toHaveLength(0);

    await fireEvent.click(screen.getByRole('button', { name: 'Add an amendment…' }));
    await choose(screen.getByLabelText('Part of the summary'), 'gains');
    await input(screen.getByLabelText(labelled('Amendment')), 'She added: “and I ring Priya on Sundays.”');
    await input(screen.getByLabelText(labelled('Reason for the amendment')), 'Said at the booster session.');
    await fireEvent.click(screen.getByRole('button', { name: 'Add amendment' }));
    await waitFor(() =>
      expect(invokeMock).toHaveBeenCalledWith('amend_conclusion_summary', {
        clientId: CLIENT_ID,
        summaryId: SUMMARY_ID,
        section: 'gains',
        text: 'She added: “and I ring Priya on Sundays.”',
        reason: 'Said at the booster session.',
      }),
    );
    expect(onchanged).toHaveBeenCalled();
    expect(await screen.findByText('Amendment added.')).toBeInTheDocument();
  });
});
