import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import { day } from '../../../lib/labels';
import { CLINICAL_TODAY, clinicalRecord, emptyClinicalRecord, hostileRecord } from '../../../test/fixtures/clinical';
import { IMG_NAME, SCRIPT_NAME } from '../../../test/fixtures/record';
import { choose, input, labelled, refusingEdit, region, renderTab } from '../../../test/fixtures/tab';
import MedicationTab from './MedicationTab.svelte';

describe('medication tab', () => {
  it('shows the prescriber, current then stopped medication, and the contacts', () => {
    const record = clinicalRecord();
    renderTab(MedicationTab, record);
    const prescriber = region('Prescriber');
    expect((prescriber.getByLabelText('Prescriber') as HTMLInputElement).value).toBe('Dr Helen Okafor');
    expect((prescriber.getByLabelText('Consent to share information') as HTMLSelectElement).value).toBe('yes');
    expect((prescriber.getByLabelText('Date of consent') as HTMLInputElement).value).toBe('2024-01-12');
    expect((prescriber.getByLabelText('Remitted with combined treatment') as HTMLInputElement).checked).toBe(false);
    expect(prescriber.getByText(/those who had also needed medication did less well/)).toBeInTheDocument();
    expect(prescriber.getByText("On the client's details: Dr Helen Okafor, Riverside Practice")).toBeInTheDocument();

    const current = within(screen.getByRole('region', { name: 'Current' }));
    expect(current.getByRole('heading', { name: 'Sertraline · 100 mg daily' })).toBeInTheDocument();
    expect(current.getByText('Still taking')).toBeInTheDocument();
    expect(current.getByText('Raised from 50 mg to 100 mg.')).toBeInTheDocument();
    expect(current.getByText(day('2024-01-20'))).toBeInTheDocument();
    expect(current.getByText('Misses a dose about once a week.')).toBeInTheDocument();
    const stopped = within(screen.getByRole('region', { name: 'Stopped' }));
    expect(stopped.getByRole('heading', { name: 'Zopiclone · 3.75 mg at night' })).toBeInTheDocument();
    expect(stopped.getByText(day('2023-12-15'))).toBeInTheDocument();
    expect(stopped.getByText('Bitter taste.')).toBeInTheDocument();

    const contacts = region('Contacts with the prescriber');
    expect(contacts.getByText(day('2024-01-18'))).toBeInTheDocument();
    expect(contacts.getByText('GP reviews the dose in four weeks.')).toBeInTheDocument();
  });

  it('says what to do when nothing is recorded', () => {
    const record = emptyClinicalRecord();
    renderTab(MedicationTab, record);
    expect(screen.getByText(/No medication recorded/)).toBeInTheDocument();
    expect(screen.getByText(/No contacts recorded yet/)).toBeInTheDocument();
  });

  it('saves the prescriber', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(MedicationTab, record);
    const prescriber = region('Prescriber');
    await fireEvent.click(prescriber.getByLabelText('Remitted with combined treatment'));
    await choose(prescriber.getByLabelText('Consent to share information'), '');
    await input(prescriber.getByLabelText('Date of consent'), '');
    await input(prescriber.getByLabelText('Notes'), 'Prefers email now.');
    await fireEvent.click(prescriber.getByRole('button', { name: 'Save prescriber' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'save_prescriber',
      prescriber: {
        name: 'Dr Helen Okafor',
        contact: 'Riverside Practice, 020 7946 0001',
        consent_to_share: null,
        consent_on: null,
        remitted_combined: true,
        notes: 'Prefers email now.',
      },
    });
    expect(await prescriber.findByText('Saved.')).toBeInTheDocument();
  });

  it('puts a refused consent next to its field', async () => {
    const record = clinicalRecord();
    renderTab(MedicationTab, record, refusingEdit('consent_to_share', 'Say whether the client consented.'));
    const prescriber = region('Prescriber');
    await choose(prescriber.getByLabelText('Consent to share information'), '');
    await fireEvent.click(prescriber.getByRole('button', { name: 'Save prescriber' }));
    const message = await prescriber.findByText('Say whether the client consented.');
    expect(
      prescriber.getByLabelText('Consent to share information').getAttribute('aria-describedby'),
    ).toContain(message.id);
    expect((prescriber.getByLabelText('Date of consent') as HTMLInputElement).value).toBe('2024-01-12');
  });

  it('adds a medication', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(MedicationTab, record);
    await fireEvent.click(screen.getByRole('button', { name: 'Add medication' }));
    const form = within(screen.getByRole('region', { name: 'New medication' }));
    const name = form.getByLabelText(labelled('Medication'));
    expect(name).toHaveFocus();
    await input(name, 'Mirtazapine');
    await input(form.getByLabelText('Dose'), '15 mg at night');
    await input(form.getByLabelText('Started'), '2024-05-20');
    await input(form.getByLabelText('Side effects'), 'Sleepy mornings.');
    await fireEvent.click(form.getByRole('button', { name: 'Add medication' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'add_medication',
      medication: {
        name: 'Mirtazapine',
        dose: '15 mg at night',
        started_on: '2024-05-20',
        stopped_on: null,
        adherence: null,
        side_effects: 'Sleepy mornings.',
      },
    });
    expect(await screen.findByText('Medication added.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add medication' })).toHaveFocus();
  });

  it('keeps an edited medication when the stop date is refused', async () => {
    const record = clinicalRecord();
    const refused = refusingEdit('stopped_on', 'A medication cannot stop before it started.');
    const { edit } = renderTab(MedicationTab, record, refused);
    const current = within(screen.getByRole('region', { name: 'Current' }));
    await fireEvent.click(current.getByRole('button', { name: 'Edit Sertraline' }));
    const stopped = current.getByLabelText('Stopped') as HTMLInputElement;
    await input(stopped, '2023-01-01');
    // A recorded dose is not changed in place: that is a dated change.
    expect(current.queryByLabelText('Dose')).toBeNull();
    expect(current.getByText('100 mg daily', { selector: '.fixed', exact: false })).toBeInTheDocument();
    await fireEvent.click(current.getByRole('button', { name: 'Save medication' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'update_medication',
      medication_id: 51,
      medication: {
        name: 'Sertraline',
        dose: '100 mg daily',
        started_on: '2023-12-01',
        stopped_on: '2023-01-01',
        adherence: 'Misses a dose about once a week.',
        side_effects: 'Nausea in the first fortnight.',
      },
    });
    const message = await current.findByText('A medication cannot stop before it started.');
    expect(stopped.getAttribute('aria-describedby')).toContain(message.id);
    expect(stopped.value).toBe('2023-01-01');
  });

  it('adds a dated change to a medication, dated today unless changed', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(MedicationTab, record);
    const current = within(screen.getByRole('region', { name: 'Current' }));
    await fireEvent.click(current.getByRole('button', { name: 'Add a change to Sertraline' }));
    expect((current.getByLabelText(labelled('Date of the change')) as HTMLInputElement).value).toBe(CLINICAL_TODAY);
    await input(current.getByLabelText(labelled('What changed')), 'Lowered because of nausea.');
    await input(current.getByLabelText('New dose'), '50 mg daily');
    await fireEvent.click(current.getByRole('button', { name: 'Add change' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'add_medication_change',
      medication_id: 51,
      changed_on: CLINICAL_TODAY,
      description: 'Lowered because of nausea.',
      new_dose: '50 mg daily',
    });
    expect(await screen.findByText('Change added.')).toBeInTheDocument();
  });

  it('adds a change that leaves the dose as it was', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(MedicationTab, record);
    const current = within(screen.getByRole('region', { name: 'Current' }));
    await fireEvent.click(current.getByRole('button', { name: 'Add a change to Sertraline' }));
    await input(current.getByLabelText(labelled('What changed')), 'Moved to the evening.');
    await fireEvent.click(current.getByRole('button', { name: 'Add change' }));
    expect(edit).toHaveBeenCalledWith(expect.objectContaining({ op: 'add_medication_change', new_dose: null }));
  });

  it('adds a contact with the prescriber', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(MedicationTab, record);
    const contacts = region('Contacts with the prescriber');
    await fireEvent.click(contacts.getByRole('button', { name: 'Add contact' }));
    await input(contacts.getByLabelText(labelled('Date')), '2024-05-30');
    await input(contacts.getByLabelText('How'), 'Phone');
    await input(contacts.getByLabelText(labelled('What was discussed')), 'Side effects are easing.');
    await input(contacts.getByLabelText('What was agreed'), 'Keep the dose.');
    await fireEvent.click(contacts.getByRole('button', { name: 'Add contact' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'add_prescriber_contact',
      contact: {
        contacted_on: '2024-05-30',
        method: 'Phone',
        summary: 'Side effects are easing.',
        agreed: 'Keep the dose.',
      },
    });
    expect(await contacts.findByText('Contact added.')).toBeInTheDocument();
  });

  it('shows markup in names and notes as plain text', () => {
    const record = hostileRecord();
    const { container } = renderTab(MedicationTab, record);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('heading', { name: `${IMG_NAME} · 100 mg daily` })).toBeInTheDocument();
    expect(screen.getByText(SCRIPT_NAME)).toBeInTheDocument();
    expect(screen.getByText(`${SCRIPT_NAME} ${IMG_NAME}`)).toBeInTheDocument();
    expect((screen.getByLabelText('Notes') as HTMLTextAreaElement).value).toBe(`${SCRIPT_NAME} ${IMG_NAME}`);
  });
});
