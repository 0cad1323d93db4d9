import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  listClients: vi.fn(),
  similarClients: vi.fn(),
  createClient: vi.fn(),
  clientRecord: vi.fn(),
  editClient: vi.fn(),
}));

import * as api from '../../lib/api';
import { ApiError } from '../../lib/api';
import { IMG_NAME, sampleRecord, sampleSummaries } from '../../test/fixtures/record';
import NewClientForm from './NewClientForm.svelte';

const similarClients = vi.mocked(api.similarClients);
const createClient = vi.mocked(api.createClient);

const maria = () => sampleSummaries().find((c) => c.id === 7)!;

function setup() {
  const props = { oncreated: vi.fn(), oncancel: vi.fn(), onopen: vi.fn() };
  render(NewClientForm, props);
  return props;
}

async function type(label: string, value: string) {
  await fireEvent.input(screen.getByLabelText(label, { exact: false }), { target: { value } });
}

beforeEach(() => {
  similarClients.mockReset();
  createClient.mockReset();
  similarClients.mockResolvedValue([]);
});

describe('new client form', () => {
  it('starts on the full name with sensible defaults', () => {
    setup();
    expect(screen.getByLabelText('Full name', { exact: false })).toHaveFocus();
    expect((screen.getByLabelText('Condition group') as HTMLSelectElement).value).toBe('major_depression');
    expect((screen.getByLabelText('Starting status') as HTMLSelectElement).value).toBe('enquiry');
  });

  it('warns gently about a similar name, offers the existing record, and still allows adding', async () => {
    similarClients.mockResolvedValue([maria()]);
    createClient.mockResolvedValue(sampleRecord({ client: { id: 30, full_name: 'Maria Jensen' } }));
    const props = setup();
    await type('Full name', 'maria jensen');
    const warning = await screen.findByText(
      'A client with a similar name already exists: Maria Jensen (Mia) (Active). Open that record instead, or continue if this is a different person.',
    );
    expect(warning).toBeInTheDocument();
    expect(similarClients).toHaveBeenLastCalledWith('maria jensen');

    await fireEvent.click(screen.getByRole('button', { name: 'Open the record of Maria Jensen' }));
    expect(props.onopen).toHaveBeenCalledWith(7);

    await fireEvent.click(screen.getByRole('button', { name: 'Add client' }));
    await waitFor(() => expect(props.oncreated).toHaveBeenCalled());
    expect(createClient).toHaveBeenCalledTimes(1);
  });

  it('asks only once typing pauses', async () => {
    setup();
    await type('Full name', 'Ma');
    await type('Full name', 'Mar');
    await type('Full name', 'Mari');
    await waitFor(() => expect(similarClients).toHaveBeenCalledTimes(1));
    expect(similarClients).toHaveBeenCalledWith('Mari');
  });

  it('creates the client with what was typed and the chosen status', async () => {
    const record = sampleRecord({ client: { id: 30, full_name: 'Jo Bloggs' } });
    createClient.mockResolvedValue(record);
    const props = setup();
    await type('Full name', '  Jo Bloggs ');
    await type('Preferred name', 'Jo');
    await type('Date of birth', '1990-03-02');
    await type('Pronouns', 'they/them');
    await fireEvent.change(screen.getByLabelText('Condition group'), { target: { value: 'ptsd' } });
    await fireEvent.change(screen.getByLabelText('Preferred session format'), { target: { value: 'video' } });
    await type('Phone', '0117 000 0000');
    await type('Email', 'jo@example.org');
    await type('Referred by', 'Self-referral');
    await type('Presenting problem', 'Nightmares since the accident.');
    await fireEvent.change(screen.getByLabelText('Starting status'), { target: { value: 'assessment' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add client' }));
    await waitFor(() => expect(props.oncreated).toHaveBeenCalledWith(record));
    expect(createClient).toHaveBeenCalledWith(
      {
        full_name: 'Jo Bloggs',
        preferred_name: 'Jo',
        date_of_birth: '1990-03-02',
        pronouns: 'they/them',
        phone: '0117 000 0000',
        email: 'jo@example.org',
        address: null,
        emergency_contact: null,
        referral_source: 'Self-referral',
        gp_prescriber: null,
        presenting_problem: 'Nightmares since the accident.',
        diagnosis: null,
        diagnosis_code: null,
        condition_group: 'ptsd',
        perinatal_stage: null,
        due_date: null,
        birth_date: null,
        feeding: null,
        partner_involvement: null,
        consent_notes: null,
        session_format: 'video',
        retention_until: null,
      },
      'assessment',
    );
  });

  it('shows a refusal next to its field and keeps everything typed', async () => {
    createClient.mockRejectedValue(
      new ApiError({ code: 'invalid', message: 'A date of birth cannot be in the future.', field: 'date_of_birth' }),
    );
    const props = setup();
    await type('Full name', 'Jo Bloggs');
    await type('Date of birth', '2090-01-01');
    await type('Email', 'jo@example.org');
    await fireEvent.click(screen.getByRole('button', { name: 'Add client' }));
    const message = await screen.findByText('A date of birth cannot be in the future.');
    const dob = screen.getByLabelText('Date of birth') as HTMLInputElement;
    expect(dob.getAttribute('aria-describedby')).toContain(message.id);
    expect(dob).toHaveFocus();
    expect(dob.value).toBe('2090-01-01');
    expect((screen.getByLabelText('Full name', { exact: false }) as HTMLInputElement).value).toBe('Jo Bloggs');
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('jo@example.org');
    expect(props.oncreated).not.toHaveBeenCalled();
  });

  it('asks for a name before anything is sent', async () => {
    setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Add client' }));
    expect(await screen.findByText("Enter the client's full name.")).toBeInTheDocument();
    expect(createClient).not.toHaveBeenCalled();
  });

  it('shows a similar client whose name looks like markup as text', async () => {
    similarClients.mockResolvedValue([{ ...maria(), full_name: IMG_NAME, preferred_name: null }]);
    const { container } = render(NewClientForm, {
      oncreated: vi.fn(),
      oncancel: vi.fn(),
      onopen: vi.fn(),
    });
    await type('Full name', 'img');
    expect(await screen.findByRole('button', { name: `Open the record of ${IMG_NAME}` })).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });
});
