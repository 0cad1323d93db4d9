import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { FormulationInput } from '../../../lib/bindings/FormulationInput';
import { todayIso } from '../../../lib/form/form.svelte';
import { day } from '../../../lib/labels';
import { formulationVersions, inventoryRecord } from '../../../test/fixtures/inventory';
import { IMG_NAME, SCRIPT_NAME } from '../../../test/fixtures/record';
import { invalid, renderTab } from '../../../test/fixtures/tab';
import FormulationTab from './FormulationTab.svelte';

function setup(record = inventoryRecord()) {
  return renderTab(FormulationTab, record);
}

function current() {
  return within(screen.getByRole('region', { name: 'Current formulation' }));
}

async function openForm(button = 'Write a new version') {
  await fireEvent.click(screen.getByRole('button', { name: button }));
  const heading = screen.getByRole('heading', { level: 2, name: /^Write/ });
  await waitFor(() => expect(heading).toHaveFocus());
  return within(screen.getByRole('region', { name: heading.textContent!.trim() }));
}

function radio(form: ReturnType<typeof within>, group: string, label: string): HTMLInputElement {
  return within(form.getByRole('radiogroup', { name: group })).getByRole('radio', {
    name: new RegExp(`^${label}`),
  }) as HTMLInputElement;
}

describe('FormulationTab: reading', () => {
  it('shows the newest version with every section', () => {
    setup();
    const view = current();
    expect(view.getByText('Version 2')).toBeInTheDocument();
    expect(view.getByText(`In effect from ${day('2026-02-03')}`)).toBeInTheDocument();
    expect(view.getByText('Role dispute')).toBeInTheDocument();
    expect(view.getByText('Grief')).toBeInTheDocument();
    expect(view.getByText(`Yes, on ${day('2026-02-03')}`)).toBeInTheDocument();
    expect(view.getByText(/Over the next 12 weeks we will work on the strain with Tom\./)).toBeInTheDocument();
    expect(view.getByText('Good: motivated, and the onset is recent.')).toBeInTheDocument();
    for (const heading of [
      'Statement shared with the client',
      'Diagnosis and sick role',
      'Biological factors',
      'Psychological and personality factors',
      'Attachment and communication style',
      'Social support',
      'Culture and spirituality',
      'Interpersonal events before the episode',
      'Prognosis',
    ]) {
      expect(view.getByRole('heading', { name: heading, level: 3 })).toBeInTheDocument();
    }
  });

  it('lists earlier versions and opens one to read in full', async () => {
    setup();
    const history = within(screen.getByRole('region', { name: 'Version history' }));
    const items = history.getAllByRole('listitem');
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveTextContent('Version 1');
    expect(items[0]).toHaveTextContent(`In effect from ${day('2026-01-20')}`);
    expect(items[0]).toHaveTextContent('Recorded');
    expect(history.queryByText(/we will focus on that loss/)).toBeNull();

    const read = history.getByRole('button', { name: 'Read version 1' });
    await fireEvent.click(read);
    expect(read).toHaveAttribute('aria-expanded', 'true');
    expect(history.getByText(/we will focus on that loss/)).toBeInTheDocument();
    expect(history.getByText('Not discussed yet')).toBeInTheDocument();
    expect(history.getAllByText('Nothing written.').length).toBeGreaterThan(0);
    expect(history.getByRole('heading', { name: 'Prognosis', level: 4 })).toBeInTheDocument();
    // The history is read-only.
    expect(history.queryByRole('textbox')).toBeNull();

    await fireEvent.click(history.getByRole('button', { name: 'Hide version 1' }));
    expect(history.queryByText(/we will focus on that loss/)).toBeNull();
  });

  it('says what to do when there is no formulation yet', () => {
    setup(inventoryRecord({ formulations: [] }));
    expect(current().getByText(/No formulation yet\./)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Write the first version' })).toBeInTheDocument();
  });
});

describe('FormulationTab: writing a new version', () => {
  it('starts from the current version and saves it as a new one', async () => {
    const saved = inventoryRecord({
      formulations: [{ ...formulationVersions()[0]!, id: 203, version: 3 }, ...formulationVersions()],
    });
    const { edit } = setup();
    edit.mockResolvedValueOnce(saved);
    const form = await openForm();
    expect(form.getByText(/Saving adds version 3 with its own date/)).toBeInTheDocument();
    expect(form.getByLabelText(/In effect from/)).toHaveValue(todayIso());
    expect(form.getByLabelText('Diagnosis and sick role')).toHaveValue(
      'Major depressive episode, moderate. Named as an illness that can be treated.',
    );
    expect(radio(form, 'Primary problem area', 'Role dispute')).toBeChecked();
    expect(radio(form, 'Secondary area', 'Grief')).toBeChecked();
    expect(radio(form, 'Secondary area', 'Role dispute')).toBeDisabled();
    // Agreement is never assumed: the new version asks afresh.
    expect(form.getByLabelText('Client agreed')).toHaveValue('');
    expect(form.getByLabelText('Agreed on')).toHaveValue('');
    expect(form.getByLabelText('Client agreed')).toHaveAccessibleDescription(
      /Not carried over from version 2/,
    );

    await fireEvent.input(form.getByLabelText('Prognosis'), {
      target: { value: 'Good; sleep already better.' },
    });
    await fireEvent.input(form.getByLabelText('Social support'), { target: { value: '' } });
    await fireEvent.click(form.getByRole('button', { name: 'Save as version 3' }));

    const expected: FormulationInput = {
      effective_on: todayIso(),
      diagnosis_sick_role: 'Major depressive episode, moderate. Named as an illness that can be treated.',
      biological: 'Mother had depression. Hypothyroidism, treated.',
      psychological: 'High standards for herself; finds it hard to ask for help.',
      attachment_style: 'Tends to withdraw when upset rather than say what she needs.',
      social_support: null,
      culture_spirituality: 'Grew up in a family where feelings were not discussed.',
      precipitating_events: 'Mother died September 2025; moved city for partner’s job October 2025.',
      primary_area: 'role_dispute',
      secondary_area: 'grief',
      client_statement:
        'You have depression, which is a common and treatable illness. It started after your mother died and the move. Over the next 12 weeks we will work on the strain with Tom.',
      client_agreed: null,
      agreed_on: null,
      prognosis: 'Good; sleep already better.',
    };
    expect(edit).toHaveBeenCalledExactlyOnceWith({ op: 'save_formulation', formulation: expected });
    expect(await screen.findByText('Saved as version 3.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save as version 3' })).toBeNull();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Write a new version' })).toHaveFocus(),
    );
  });

  it('writes the first version from an empty form', async () => {
    const { edit } = setup(inventoryRecord({ formulations: [] }));
    const form = await openForm('Write the first version');
    expect(form.getByLabelText('Diagnosis and sick role')).toHaveValue('');
    expect(radio(form, 'Secondary area', 'None')).toBeChecked();
    await fireEvent.click(radio(form, 'Primary problem area', 'Grief'));
    await fireEvent.input(form.getByLabelText('Statement shared with the client'), {
      target: { value: 'You have depression; it began after your loss.' },
    });
    await fireEvent.click(form.getByRole('button', { name: 'Save as version 1' }));
    expect(edit).toHaveBeenCalledExactlyOnceWith({
      op: 'save_formulation',
      formulation: {
        effective_on: todayIso(),
        diagnosis_sick_role: null,
        biological: null,
        psychological: null,
        attachment_style: null,
        social_support: null,
        culture_spirituality: null,
        precipitating_events: null,
        primary_area: 'grief',
        secondary_area: null,
        client_statement: 'You have depression; it began after your loss.',
        client_agreed: null,
        agreed_on: null,
        prognosis: null,
      },
    });
  });

  it('requires a primary area and says so next to the choices, keeping what was typed', async () => {
    const { edit } = setup(inventoryRecord({ formulations: [] }));
    const form = await openForm('Write the first version');
    const statement = form.getByLabelText('Statement shared with the client');
    await fireEvent.input(statement, { target: { value: 'Draft words for the client.' } });
    await fireEvent.click(form.getByRole('button', { name: 'Save as version 1' }));
    expect(edit).not.toHaveBeenCalled();
    const group = form.getByRole('radiogroup', { name: 'Primary problem area' });
    const message = within(group).getByText('Choose the primary problem area.');
    expect(message).toHaveAttribute('role', 'alert');
    expect(group.getAttribute('aria-describedby')).toContain(message.id);
    expect(group).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(radio(form, 'Primary problem area', 'Grief')).toHaveFocus());
    expect(statement).toHaveValue('Draft words for the client.');

    // Choosing an area clears the message.
    await fireEvent.click(radio(form, 'Primary problem area', 'Grief'));
    expect(within(group).queryByText('Choose the primary problem area.')).toBeNull();
  });

  it('never offers the primary area as the secondary one', async () => {
    setup(inventoryRecord({ formulations: [] }));
    const form = await openForm('Write the first version');
    await fireEvent.click(radio(form, 'Primary problem area', 'Grief'));
    expect(radio(form, 'Secondary area', 'Grief')).toBeDisabled();
    await fireEvent.click(radio(form, 'Secondary area', 'Role transition'));
    expect(radio(form, 'Secondary area', 'Role transition')).toBeChecked();

    // Making the secondary the primary sends the secondary back to none.
    await fireEvent.click(radio(form, 'Primary problem area', 'Role transition'));
    expect(radio(form, 'Secondary area', 'Role transition')).toBeDisabled();
    expect(radio(form, 'Secondary area', 'None')).toBeChecked();
    expect(radio(form, 'Secondary area', 'Grief')).toBeEnabled();
  });

  it('shows a refused save next to the field it names and keeps every typed word', async () => {
    const { edit } = setup();
    edit.mockRejectedValueOnce(
      invalid('agreed_on', "A date of agreement needs the client's agreement marked as yes."),
    );
    const form = await openForm();
    await fireEvent.input(form.getByLabelText('Agreed on'), { target: { value: '2026-02-03' } });
    await fireEvent.input(form.getByLabelText('Prognosis'), { target: { value: 'Hopeful.' } });
    await fireEvent.click(form.getByRole('button', { name: 'Save as version 3' }));
    const message = await form.findByText(
      "A date of agreement needs the client's agreement marked as yes.",
    );
    const agreedOn = form.getByLabelText('Agreed on');
    expect(agreedOn.getAttribute('aria-describedby')).toContain(message.id);
    await waitFor(() => expect(agreedOn).toHaveFocus());
    expect(agreedOn).toHaveValue('2026-02-03');
    expect(form.getByLabelText('Prognosis')).toHaveValue('Hopeful.');
    expect(form.getByLabelText('Client agreed')).toHaveValue('');
    expect(screen.queryByText(/Saved as version/)).toBeNull();
  });

  it('puts a refused secondary area next to its choices', async () => {
    const { edit } = setup();
    edit.mockRejectedValueOnce(
      invalid('secondary_area', 'The secondary area must be different from the primary area.'),
    );
    const form = await openForm();
    await fireEvent.click(form.getByRole('button', { name: 'Save as version 3' }));
    const group = form.getByRole('radiogroup', { name: 'Secondary area' });
    expect(
      await within(group).findByText('The secondary area must be different from the primary area.'),
    ).toBeInTheDocument();
  });

  it('cancels without saving', async () => {
    const { edit } = setup();
    const form = await openForm();
    await fireEvent.click(form.getByRole('button', { name: 'Cancel' }));
    expect(edit).not.toHaveBeenCalled();
    expect(screen.queryByRole('button', { name: 'Save as version 3' })).toBeNull();
  });
});

describe('FormulationTab: untrusted text', () => {
  it('shows markup in the formulation as literal text', async () => {
    const [newest, older] = formulationVersions();
    const { container } = setup(
      inventoryRecord({
        formulations: [
          { ...newest!, client_statement: SCRIPT_NAME, psychological: IMG_NAME, prognosis: IMG_NAME },
          { ...older!, client_statement: IMG_NAME },
        ],
      }),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Read version 1' }));
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
    expect(current().getByText(SCRIPT_NAME)).toBeInTheDocument();
    expect(current().getAllByText(IMG_NAME)).toHaveLength(2);
    const history = within(screen.getByRole('region', { name: 'Version history' }));
    expect(history.getByText(IMG_NAME)).toBeInTheDocument();

    const form = await openForm();
    expect(form.getByLabelText('Statement shared with the client')).toHaveValue(SCRIPT_NAME);
    expect(container.querySelector('script')).toBeNull();
  });
});
