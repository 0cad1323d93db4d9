import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import type { Client } from '../../lib/bindings/Client';
import type { ClientInput } from '../../lib/bindings/ClientInput';
import { day } from '../../lib/labels';
import { IMG_NAME, SCRIPT_NAME, sampleClient, sampleRecord } from '../../test/fixtures/record';
import { invalid, region, renderTab } from '../../test/fixtures/tab';
import { routeInvoke } from '../../test/ipc';
import DetailsTab from './tabs/DetailsTab.svelte';

// The core works out the weeks from a date being typed; here it answers for one birth date.
const weeksAsked: Record<string, unknown>[] = [];
beforeEach(() => {
  weeksAsked.length = 0;
  routeInvoke(vi.mocked(invoke), {
    perinatal_weeks: (args) => {
      weeksAsked.push(args);
      return args.birthDate === '2026-01-19' ? { stage: 'postpartum', weeks_since_birth: 6 } : null;
    },
  });
});

function inputOf(client: Client): ClientInput {
  const {
    id: _id,
    status: _status,
    created_at: _c,
    updated_at: _u,
    perinatal_weeks: _w,
    ...input
  } = client;
  return input;
}

function setup(record = sampleRecord()) {
  return renderTab(DetailsTab, record);
}

async function type(label: string, value: string) {
  await fireEvent.input(screen.getByLabelText(label, { exact: false }), { target: { value } });
}

describe('details tab', () => {
  it('shows every detail, grouped, with what is missing said plainly', () => {
    setup(sampleRecord({ client: { diagnosis_code: null } }));
    const details = region('Client details');
    expect(details.getByText('Maria Jensen')).toBeInTheDocument();
    expect(details.getByText(`${day('1988-05-14')} (age 37)`)).toBeInTheDocument();
    expect(details.getByText('mia.jensen@example.org')).toBeInTheDocument();
    expect(details.getByText('GP referral, Dr Anna Berg')).toBeInTheDocument();
    expect(details.getByText(day('2034-02-20'))).toBeInTheDocument();
    expect(details.getByText('Diagnosis code').nextElementSibling).toHaveTextContent('Not recorded');
    expect(details.queryByRole('heading', { name: 'Perinatal' })).toBeNull();
  });

  it('saves the edited details as a whole', async () => {
    const { edit } = setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Edit details' }));
    expect(screen.getByLabelText('Full name', { exact: false })).toHaveFocus();
    await type('Pronouns', 'she/they');
    await type('Phone', '');
    await type('Diagnosis code', '6A70.2');
    await fireEvent.click(screen.getByRole('button', { name: 'Save details' }));
    await waitFor(() => expect(screen.getByText('Saved.')).toBeInTheDocument());
    expect(edit).toHaveBeenCalledWith({
      op: 'update_client',
      client: { ...inputOf(sampleClient()), pronouns: 'she/they', phone: null, diagnosis_code: '6A70.2' },
    });
    expect(screen.queryByRole('button', { name: 'Save details' })).toBeNull();
  });

  it('shows a refusal next to its field and keeps what was typed', async () => {
    const { edit } = setup();
    edit.mockRejectedValue(invalid('email', 'An email address has an @ in it.'));
    await fireEvent.click(screen.getByRole('button', { name: 'Edit details' }));
    await type('Email', 'mia.example.org');
    await type('Pronouns', 'she/they');
    await fireEvent.click(screen.getByRole('button', { name: 'Save details' }));
    const message = await screen.findByText('An email address has an @ in it.');
    const email = screen.getByLabelText('Email') as HTMLInputElement;
    expect(email.getAttribute('aria-describedby')).toContain(message.id);
    expect(email).toHaveFocus();
    expect(email.value).toBe('mia.example.org');
    expect((screen.getByLabelText('Pronouns') as HTMLInputElement).value).toBe('she/they');
  });

  it('asks for perinatal details when they matter, worded for the stage', async () => {
    const { edit } = setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Edit details' }));
    expect(screen.queryByRole('group', { name: 'Perinatal' })).toBeNull();
    await fireEvent.change(screen.getByLabelText('Condition group'), {
      target: { value: 'perinatal_depression' },
    });
    const perinatal = within(screen.getByRole('group', { name: 'Perinatal' }));
    await fireEvent.change(perinatal.getByLabelText('Stage'), { target: { value: 'pregnant' } });
    // Dates, not counts: the weeks are worked out and shown beside the date.
    expect(perinatal.getByLabelText('Due date')).toBeInTheDocument();
    expect(perinatal.queryByLabelText(/weeks/i)).toBeNull();
    expect(perinatal.queryByLabelText("Baby's date of birth")).toBeNull();
    await fireEvent.change(perinatal.getByLabelText('Stage'), { target: { value: 'postpartum' } });
    const birth = perinatal.getByLabelText("Baby's date of birth");
    await fireEvent.input(birth, { target: { value: '2026-01-19' } });
    expect(birth.getAttribute('aria-describedby')).toBeTruthy();
    expect(await perinatal.findByText("6 weeks since the birth (the baby's age)")).toBeInTheDocument();
    expect(weeksAsked[weeksAsked.length - 1]).toEqual({ stage: 'postpartum', dueDate: null, birthDate: '2026-01-19' });
    await fireEvent.input(perinatal.getByLabelText('Feeding'), { target: { value: 'Mixed' } });
    await fireEvent.input(perinatal.getByLabelText('Partner involvement'), {
      target: { value: 'Does the night feeds at weekends.' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Save details' }));
    await waitFor(() => expect(edit).toHaveBeenCalled());
    expect(edit.mock.calls[0][0]).toEqual({
      op: 'update_client',
      client: {
        ...inputOf(sampleClient()),
        condition_group: 'perinatal_depression',
        perinatal_stage: 'postpartum',
        birth_date: '2026-01-19',
        feeding: 'Mixed',
        partner_involvement: 'Does the night feeds at weekends.',
      },
    });
  });

  it('shows saved perinatal details', () => {
    setup(
      sampleRecord({
        client: {
          condition_group: 'perinatal_depression',
          perinatal_stage: 'pregnant',
          due_date: '2026-06-01',
          feeding: null,
          perinatal_weeks: { stage: 'pregnant', weeks_pregnant: 27, weeks_to_due: 13 },
        },
      }),
    );
    const details = region('Client details');
    expect(details.getByRole('heading', { name: 'Perinatal' })).toBeInTheDocument();
    expect(details.getByText('Due date').nextElementSibling).toHaveTextContent(day('2026-06-01'));
    expect(details.getByText('Weeks today').nextElementSibling).toHaveTextContent(
      '27 weeks pregnant, 13 weeks to the due date',
    );
    expect(details.getByText('Pregnant')).toBeInTheDocument();
  });

  it('changes the status with a date and note, and lists the history newest first', async () => {
    const { edit } = setup();
    const status = region('Status');
    const rows = status.getAllByRole('row').slice(1);
    expect(rows.map((r) => r.children[1].textContent)).toEqual(['Active', 'Assessment', 'Enquiry']);
    expect(rows[0].children[0].textContent).toBe(day('2026-01-06'));

    await fireEvent.click(status.getByRole('button', { name: 'Change status' }));
    const select = status.getByLabelText('New status') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual([
      'enquiry',
      'assessment',
      'concluded',
      'maintenance',
    ]);
    expect((status.getByLabelText('Date of the change') as HTMLInputElement).value).toBe('2026-02-20');
    await fireEvent.change(select, { target: { value: 'concluded' } });
    await fireEvent.input(status.getByLabelText('Note'), { target: { value: 'Course completed.' } });
    await fireEvent.click(status.getByRole('button', { name: 'Change status' }));
    await waitFor(() =>
      expect(edit).toHaveBeenCalledWith({
        op: 'set_status',
        status: 'concluded',
        changed_on: '2026-02-20',
        note: 'Course completed.',
      }),
    );
  });

  it('shows a refused status change next to its field', async () => {
    const { edit } = setup();
    edit.mockRejectedValue(invalid('changed_on', 'Enter a year from 1900 to 2200.'));
    const status = region('Status');
    await fireEvent.click(status.getByRole('button', { name: 'Change status' }));
    await fireEvent.input(status.getByLabelText('Date of the change'), { target: { value: '0203-01-01' } });
    await fireEvent.click(status.getByRole('button', { name: 'Change status' }));
    const message = await status.findByText('Enter a year from 1900 to 2200.');
    const date = status.getByLabelText('Date of the change') as HTMLInputElement;
    expect(date.getAttribute('aria-describedby')).toContain(message.id);
    expect(date.value).toBe('0203-01-01');
  });

  it('archives only after confirming', async () => {
    const { edit } = setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Archive…' }));
    expect(edit).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Keep as it is' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Archive…' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Yes, archive' }));
    await waitFor(() => expect(edit).toHaveBeenCalledWith({ op: 'archive' }));
    expect(edit).toHaveBeenCalledTimes(1);
  });

  it('shows record text that looks like markup as text', () => {
    const record = sampleRecord({
      client: { full_name: SCRIPT_NAME, consent_notes: IMG_NAME },
      status_history: [{ status: 'enquiry', changed_on: '2026-01-01', note: IMG_NAME, recorded_at: '' }],
    });
    const { container } = setup(record);
    expect(screen.getByText(SCRIPT_NAME)).toBeInTheDocument();
    expect(screen.getAllByText(IMG_NAME)).toHaveLength(2);
    expect(container.querySelector('script, img')).toBeNull();
  });

  it('typesets the whole record for a records request, asking for the full record', async () => {
    const asked: Record<string, unknown>[] = [];
    routeInvoke(vi.mocked(invoke), {
      save_document_pdf: (args) => {
        asked.push(args);
        return '/media/usb/Client record - Maria Jensen.pdf';
      },
    });
    setup();
    const whole = region('The whole record');
    expect(whole.getByText(/Private process notes are never included/)).toBeInTheDocument();
    await fireEvent.click(whole.getByRole('button', { name: 'Save the client record as PDF…' }));
    expect(await whole.findByText(/This PDF is not encrypted/)).toBeInTheDocument();
    expect(asked).toEqual([{ clientId: sampleRecord().client.id, request: { kind: 'full_record' } }]);
  });
});
