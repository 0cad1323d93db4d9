import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/api')>()),
  compareSnapshots: vi.fn(),
}));

import { ApiError, compareSnapshots } from '../../../lib/api';
import type { PersonInput } from '../../../lib/bindings/PersonInput';
import { todayIso } from '../../../lib/form/form.svelte';
import { day } from '../../../lib/labels';
import { intakeToConclusion, inventoryPeople, inventoryRecord, person } from '../../../test/fixtures/inventory';
import { IMG_NAME, SCRIPT_NAME } from '../../../test/fixtures/record';
import { invalid, renderTab } from '../../../test/fixtures/tab';
import InventoryTab from './InventoryTab.svelte';

const compareMock = vi.mocked(compareSnapshots);

function setup(record = inventoryRecord()) {
  return renderTab(InventoryTab, record);
}

function quickAdd() {
  return within(screen.getByRole('form', { name: 'Add a person' }));
}

async function openDetails(name: string) {
  await fireEvent.click(screen.getByRole('button', { name: `Details: ${name}` }));
  return within(screen.getByRole('region', { name }));
}

beforeEach(() => {
  compareMock.mockReset();
});

describe('InventoryTab: people', () => {
  it('lists people by ring with their key facts', () => {
    setup();
    const ring1 = within(screen.getByRole('region', { name: 'Ring 1 – closest' }));
    expect(ring1.getByText('Tom')).toBeInTheDocument();
    expect(ring1.getByText('Partner')).toBeInTheDocument();
    expect(ring1.getByText('Lives with client')).toBeInTheDocument();
    expect(ring1.getByText('Expectations met: Partly')).toBeInTheDocument();
    expect(ring1.getByText('Possible area: Role dispute')).toBeInTheDocument();

    const ring2 = within(screen.getByRole('region', { name: 'Ring 2 – middle' }));
    expect(ring2.getByText('Mum')).toBeInTheDocument();
    expect(ring2.getByText(`Died ${day('2025-09-14')}`)).toBeInTheDocument();
    expect(ring2.getByText('Possible area: Grief')).toBeInTheDocument();

    const ring3 = within(screen.getByRole('region', { name: 'Ring 3 – outer' }));
    expect(ring3.getByText('Priya')).toBeInTheDocument();

    // The editable circle draws everyone, named for the client's preferred name.
    expect(screen.getByRole('group', { name: 'Closeness circle for Maggie' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Tom, Partner, ring 1\./ })).toBeInTheDocument();
  });

  it('says what to do when nobody has been added', () => {
    setup(inventoryRecord({ people: [], snapshots: [] }));
    expect(screen.getByText(/No one in the inventory yet\. Add the people who matter to Maggie/)).toBeInTheDocument();
    expect(screen.getByText(/No snapshots yet/)).toBeInTheDocument();
  });
});

describe('InventoryTab: quick add', () => {
  it('sends the exact edit, clears the name and puts the cursor back for the next person', async () => {
    const { edit } = setup();
    const form = quickAdd();
    const name = form.getByLabelText(/Name or label/) as HTMLInputElement;
    await fireEvent.input(name, { target: { value: '  Aunt Rose ' } });
    await fireEvent.change(form.getByLabelText('Relationship'), { target: { value: 'other' } });
    await fireEvent.change(form.getByLabelText('Ring'), { target: { value: '3' } });
    // Enter in a field submits its form.
    await fireEvent.submit(screen.getByRole('form', { name: 'Add a person' }));

    expect(edit).toHaveBeenCalledExactlyOnceWith({
      op: 'add_person',
      person: { name: 'Aunt Rose', relationship_type: 'other', deceased: false, ring: 3 },
    });
    await waitFor(() => expect(name).toHaveFocus());
    expect(name.value).toBe('');
    expect(form.getByRole('status')).toHaveTextContent('Added Aunt Rose to ring 3');
  });

  it('starts on ring 2 and adds with the button too', async () => {
    const { edit } = setup();
    const form = quickAdd();
    expect((form.getByLabelText('Ring') as HTMLSelectElement).value).toBe('2');
    await fireEvent.input(form.getByLabelText(/Name or label/), { target: { value: 'Dev' } });
    await fireEvent.change(form.getByLabelText('Relationship'), { target: { value: 'colleague' } });
    await fireEvent.click(form.getByRole('button', { name: 'Add' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'add_person',
      person: { name: 'Dev', relationship_type: 'colleague', deceased: false, ring: 2 },
    });
  });

  it('keeps the typed name and shows a refusal next to it', async () => {
    const { edit } = setup();
    edit.mockRejectedValueOnce(invalid('name', 'A name can be at most 200 characters.'));
    const form = quickAdd();
    const name = form.getByLabelText(/Name or label/) as HTMLInputElement;
    await fireEvent.input(name, { target: { value: 'Very long name' } });
    await fireEvent.click(form.getByRole('button', { name: 'Add' }));
    const message = await form.findByText('A name can be at most 200 characters.');
    expect(name.getAttribute('aria-describedby')).toContain(message.id);
    expect(name.value).toBe('Very long name');
  });

  it('asks for a name before sending anything', async () => {
    const { edit } = setup();
    const form = quickAdd();
    await fireEvent.click(form.getByRole('button', { name: 'Add' }));
    expect(edit).not.toHaveBeenCalled();
    expect(form.getByRole('alert')).toHaveTextContent(/Enter a name/);
  });
});

describe('InventoryTab: circle', () => {
  it('moves someone with the keyboard', async () => {
    const { edit } = setup();
    const priya = screen.getByRole('button', { name: /^Priya, Friend, ring 3\./ });
    priya.focus();
    await fireEvent.keyDown(priya, { key: 'ArrowUp' });
    expect(edit).toHaveBeenCalledExactlyOnceWith({ op: 'move_person', person_id: 13, ring: 2 });
  });

  it('shows a refused move in a banner', async () => {
    const { edit } = setup();
    edit.mockRejectedValueOnce(invalid('ring', 'Choose ring 1 (closest), 2 or 3.'));
    await fireEvent.keyDown(screen.getByRole('button', { name: /^Tom, Partner/ }), { key: '3' });
    const alert = await screen.findByText('Tom could not be moved. Choose ring 1 (closest), 2 or 3.');
    expect(alert.closest('[role="alert"]')).not.toBeNull();
  });
});

describe('InventoryTab: person details', () => {
  it('shows every field of the person, grouped', async () => {
    setup();
    const form = await openDetails('Tom');
    for (const legend of [
      'Basics',
      'Contact and closeness',
      'Support',
      'Expectations',
      'The relationship',
      'Depression and change',
      'Notes',
    ]) {
      expect(form.getByRole('group', { name: legend })).toBeInTheDocument();
    }
    expect(form.getByLabelText('What the client cannot talk about with them')).toHaveValue(
      'How low she has been feeling',
    );
    expect(form.getByLabelText('Knows about the depression')).toHaveValue('yes');
    expect(form.getByLabelText('Do disagreements get resolved?')).toHaveValue('no');
    // Date of death appears only for someone who has died.
    expect(form.queryByLabelText('Date of death')).toBeNull();
    await fireEvent.click(form.getByLabelText('Has died'));
    expect(form.getByLabelText('Date of death')).toBeInTheDocument();
  });

  it('moves focus into the details and back to the button on close', async () => {
    setup();
    const button = screen.getByRole('button', { name: 'Details: Priya' });
    await fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Priya', level: 2 })).toHaveFocus());
    expect(button).toHaveAttribute('aria-expanded', 'true');
    await fireEvent.click(screen.getByRole('button', { name: 'Close details' }));
    await waitFor(() => expect(button).toHaveFocus());
    expect(screen.queryByRole('region', { name: 'Priya' })).toBeNull();
  });

  it('saves every field with update_person', async () => {
    const { edit } = setup();
    const form = await openDetails('Tom');
    await fireEvent.input(form.getByLabelText('How often they are in touch'), {
      target: { value: 'Every evening' },
    });
    await fireEvent.change(form.getByLabelText('Are the client\'s expectations met?'), {
      target: { value: 'no' },
    });
    await fireEvent.change(form.getByLabelText('Knows about the depression'), {
      target: { value: '' },
    });
    await fireEvent.input(form.getByLabelText('Anything else about this person'), {
      target: { value: '  ' },
    });
    await fireEvent.click(form.getByRole('button', { name: 'Save' }));

    const expected: PersonInput = {
      name: 'Tom',
      relationship_type: 'partner',
      deceased: false,
      date_of_death: null,
      lives_with_client: true,
      ring: 1,
      contact_frequency: 'Every evening',
      shared_activities: 'Cooking at weekends, walking the dog',
      can_talk_about: 'Work, the children',
      cannot_talk_about: 'How low she has been feeling',
      support_given: 'Looks after his mother with him',
      support_received: 'Practical help; less emotional support since the move',
      client_expectations: 'That he notices when she is struggling',
      other_expectations: 'That she copes as she used to',
      expectations_met: 'no',
      satisfying: 'Shared humour',
      unsatisfying: 'Arguments about money',
      conflict_frequency: 'Weekly',
      conflict_pattern: 'She goes quiet, he leaves the room',
      conflict_resolved: 'no',
      knows_about_depression: null,
      changes_wanted: 'To talk about feelings without it turning into a row',
      candidate_area: 'role_dispute',
      notes: null,
    };
    expect(edit).toHaveBeenCalledExactlyOnceWith({
      op: 'update_person',
      person_id: 11,
      person: expected,
    });
    expect(await form.findByText('Saved.')).toBeInTheDocument();
  });

  it('marks someone as deceased with a date', async () => {
    const { edit } = setup();
    const form = await openDetails('Priya');
    await fireEvent.click(form.getByLabelText('Has died'));
    await fireEvent.input(form.getByLabelText('Date of death'), { target: { value: '2026-01-02' } });
    await fireEvent.click(form.getByRole('button', { name: 'Save' }));
    expect(edit).toHaveBeenCalledWith(
      expect.objectContaining({
        op: 'update_person',
        person_id: 13,
        person: expect.objectContaining({ deceased: true, date_of_death: '2026-01-02' }),
      }),
    );
  });

  it('keeps a person who died as who they were, and links them to grief work in one step', async () => {
    const { edit } = setup();
    const form = await openDetails('Mum');
    expect((form.getByLabelText('Relationship') as HTMLSelectElement).value).toBe('parent');
    expect(form.getByLabelText('Has died')).toBeChecked();
    const link = form.getByRole('button', { name: 'Link to grief work' });
    expect(link).toHaveAccessibleDescription(/Grief work can be about Mum/);
    await fireEvent.click(link);
    expect(edit).toHaveBeenCalledWith({ op: 'link_grief', person_id: 12 });
    expect(await form.findByText(/The grief work is now about Mum./)).toHaveAttribute('role', 'status');
  });

  it('asks for the relationship of someone once recorded as "deceased"', async () => {
    const recorded = person({
      id: 32,
      name: 'Grandad',
      relationship_type: 'other',
      ring: 2,
      deceased: true,
      relationship_to_confirm: true,
    });
    setup(inventoryRecord({ people: [...inventoryPeople(), recorded] }));
    expect(screen.getByText('Relationship to choose: open the details')).toBeInTheDocument();
    const form = await openDetails('Grandad');
    expect(form.getByLabelText('Relationship')).toHaveAccessibleDescription(
      /choose who they were to the client/,
    );
  });

  it('adds someone who has died from the quick line, with their relationship', async () => {
    const { edit } = setup();
    const form = quickAdd();
    await fireEvent.input(form.getByLabelText(/Name or label/), { target: { value: 'Dad' } });
    await fireEvent.change(form.getByLabelText('Relationship'), { target: { value: 'parent' } });
    await fireEvent.click(form.getByLabelText('Has died'));
    await fireEvent.click(form.getByRole('button', { name: 'Add' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'add_person',
      person: { name: 'Dad', relationship_type: 'parent', deceased: true, ring: 2 },
    });
    await waitFor(() => expect(form.getByLabelText('Has died')).not.toBeChecked());
  });

  it('shows a refused save next to the field and keeps what was typed', async () => {
    const { edit } = setup();
    edit.mockRejectedValueOnce(
      invalid('date_of_death', 'A date of death cannot be in the future.'),
    );
    const form = await openDetails('Mum');
    const date = form.getByLabelText('Date of death') as HTMLInputElement;
    await fireEvent.input(date, { target: { value: '2030-01-01' } });
    const satisfying = form.getByLabelText('What is good about it') as HTMLTextAreaElement;
    await fireEvent.input(satisfying, { target: { value: 'Sunday phone calls' } });
    await fireEvent.click(form.getByRole('button', { name: 'Save' }));
    const message = await form.findByText('A date of death cannot be in the future.');
    expect(date.getAttribute('aria-describedby')).toContain(message.id);
    expect(date).toHaveFocus();
    expect(date.value).toBe('2030-01-01');
    expect(satisfying.value).toBe('Sunday phone calls');
    expect(form.queryByText('Saved.')).toBeNull();
  });

  it('asks for confirmation before removing, and says snapshots keep the person', async () => {
    const { edit } = setup();
    const form = await openDetails('Priya');
    await fireEvent.click(form.getByRole('button', { name: 'Remove from inventory…' }));
    expect(edit).not.toHaveBeenCalled();
    const confirm = form.getByRole('group', { name: /Remove Priya from the inventory\?/ });
    expect(confirm).toHaveTextContent('Snapshots already taken keep them');
    await waitFor(() => expect(form.getByRole('button', { name: 'Keep them' })).toHaveFocus());

    await fireEvent.click(form.getByRole('button', { name: 'Keep them' }));
    expect(edit).not.toHaveBeenCalled();
    expect(form.queryByRole('group', { name: /Remove Priya/ })).toBeNull();

    await fireEvent.click(form.getByRole('button', { name: 'Remove from inventory…' }));
    await fireEvent.click(form.getByRole('button', { name: 'Yes, remove' }));
    expect(edit).toHaveBeenCalledExactlyOnceWith({ op: 'remove_person', person_id: 13 });
    expect(
      await screen.findByText('Removed Priya from the inventory. Earlier snapshots still show them.'),
    ).toBeInTheDocument();
  });

  it('lists recent changes and adds one dated today by default', async () => {
    const { edit } = setup();
    const form = await openDetails('Tom');
    const changes = within(form.getByRole('region', { name: 'Recent changes in this relationship' }));
    const items = changes.getAllByRole('listitem');
    expect(items[0]).toHaveTextContent(`${day('2026-02-10')} Agreed to a weekly walk together`);
    expect(items[1]).toHaveTextContent(`${day('2026-01-20')} Started sleeping in separate rooms`);

    expect(changes.getByLabelText(/When/)).toHaveValue(todayIso());
    await fireEvent.input(changes.getByLabelText(/What changed/), {
      target: { value: 'Went to a friend’s wedding together' },
    });
    await fireEvent.click(changes.getByRole('button', { name: 'Add change' }));
    expect(edit).toHaveBeenCalledExactlyOnceWith({
      op: 'add_person_change',
      person_id: 11,
      changed_on: todayIso(),
      description: 'Went to a friend’s wedding together',
    });
    expect(await changes.findByText('Change added.')).toBeInTheDocument();
    expect(changes.getByLabelText(/What changed/)).toHaveValue('');
  });
});

describe('InventoryTab: snapshots', () => {
  it('takes a snapshot with a label', async () => {
    const { edit } = setup();
    const form = within(screen.getByRole('form', { name: 'Take a snapshot' }));
    await fireEvent.input(form.getByLabelText('Label (optional)'), { target: { value: ' Mid-point ' } });
    await fireEvent.click(form.getByRole('button', { name: 'Take snapshot' }));
    expect(edit).toHaveBeenCalledExactlyOnceWith({ op: 'take_snapshot', label: 'Mid-point' });
    expect(await form.findByText('Snapshot "Mid-point" taken.')).toBeInTheDocument();
    expect(form.getByLabelText('Label (optional)')).toHaveValue('');
  });

  it('takes a snapshot without a label', async () => {
    const { edit } = setup();
    const form = within(screen.getByRole('form', { name: 'Take a snapshot' }));
    await fireEvent.click(form.getByRole('button', { name: 'Take snapshot' }));
    expect(edit).toHaveBeenCalledExactlyOnceWith({ op: 'take_snapshot', label: null });
  });

  it('lists snapshots with date, label and size, and shows one read-only', async () => {
    setup();
    const list = within(screen.getByRole('list', { name: 'Snapshots' }));
    const rows = list.getAllByRole('listitem');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent(day('2026-01-05'));
    expect(rows[0]).toHaveTextContent('Intake');
    expect(rows[0]).toHaveTextContent('4 people');
    expect(rows[1]).toHaveTextContent('No label');

    const show = list.getByRole('button', { name: `Show circle: Intake, ${day('2026-01-05')}` });
    await fireEvent.click(show);
    expect(show).toHaveAttribute('aria-expanded', 'true');
    const drawing = screen.getByRole('img', { name: 'Closeness circle for Maggie' });
    expect(drawing.closest('figure')).toHaveTextContent(`Intake, ${day('2026-01-05')}`);
    // Read-only: the snapshot's people are not buttons.
    expect(within(drawing).queryAllByRole('button')).toHaveLength(0);
  });

  it('compares the first and last snapshots by default and lists what changed', async () => {
    compareMock.mockResolvedValueOnce(intakeToConclusion());
    setup();
    const form = within(screen.getByRole('form', { name: 'Compare two snapshots' }));
    expect(form.getByLabelText('Before')).toHaveValue('101');
    expect(form.getByLabelText('After')).toHaveValue('103');
    await fireEvent.click(form.getByRole('button', { name: 'Compare' }));
    expect(compareMock).toHaveBeenCalledExactlyOnceWith(7, 101, 103);

    const changes = await screen.findByRole('list', { name: 'Changes' });
    const lines = within(changes)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(lines).toEqual([
      'Priya: Moved closer: ring 3 → 2',
      'Sam: No longer in the circle (was ring 2)',
      'Jo: Added on ring 3',
    ]);
    expect(screen.getByText('2 people unchanged.')).toBeInTheDocument();
    expect(screen.getByText(`Before: Intake, ${day('2026-01-05')}`)).toBeInTheDocument();
    expect(screen.getByText(`After: Conclusion, ${day('2026-04-20')}`)).toBeInTheDocument();
  });

  it('compares the snapshots chosen and shows a failure', async () => {
    compareMock.mockRejectedValueOnce(
      new ApiError({ code: 'not_found', message: 'The snapshot was not found.', field: null }),
    );
    setup();
    const form = within(screen.getByRole('form', { name: 'Compare two snapshots' }));
    await fireEvent.change(form.getByLabelText('Before'), { target: { value: '102' } });
    await fireEvent.click(form.getByRole('button', { name: 'Compare' }));
    expect(compareMock).toHaveBeenCalledWith(7, 102, 103);
    expect(await form.findByRole('alert')).toHaveTextContent('The snapshot was not found.');
  });

  it('does not compare a snapshot with itself', async () => {
    setup();
    const form = within(screen.getByRole('form', { name: 'Compare two snapshots' }));
    await fireEvent.change(form.getByLabelText('After'), { target: { value: '101' } });
    await fireEvent.click(form.getByRole('button', { name: 'Compare' }));
    expect(compareMock).not.toHaveBeenCalled();
    expect(form.getByRole('alert')).toHaveTextContent('Choose two different snapshots');
  });
});

describe('InventoryTab: untrusted text', () => {
  it('shows markup in names, notes and changes as literal text', async () => {
    const people = [
      person({
        id: 21,
        name: SCRIPT_NAME,
        ring: 1,
        notes: IMG_NAME,
        changes: [{ id: 9, changed_on: '2026-02-01', description: IMG_NAME }],
      }),
      person({ id: 22, name: IMG_NAME, ring: 2 }),
      ...inventoryPeople(),
    ];
    const snapshots = [
      {
        id: 301,
        taken_on: '2026-02-01',
        label: SCRIPT_NAME,
        people: [{ person_id: 21, name: SCRIPT_NAME, relationship_type: 'friend' as const, ring: 1, deceased: false }],
      },
    ];
    const { container } = setup(
      inventoryRecord({
        people,
        snapshots,
        client: { ...inventoryRecord().client, preferred_name: IMG_NAME },
      }),
    );
    await openDetails(SCRIPT_NAME);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getAllByText(SCRIPT_NAME).length).toBeGreaterThan(0);
    expect(screen.getAllByText(IMG_NAME).length).toBeGreaterThan(0);
    expect(screen.getByLabelText('Anything else about this person')).toHaveValue(IMG_NAME);
    expect(within(screen.getByRole('list', { name: 'Snapshots' })).getByText(SCRIPT_NAME)).toBeInTheDocument();
  });
});
