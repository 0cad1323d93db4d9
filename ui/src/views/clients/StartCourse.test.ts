import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  clientRecord: vi.fn(),
  editClient: vi.fn(),
}));

import * as api from '../../lib/api';
import { sampleRecord } from '../../test/fixtures/record';
import ClientRecordView from './ClientRecordView.svelte';

const clientRecord = vi.mocked(api.clientRecord);

beforeEach(() => {
  clientRecord.mockReset();
});

describe('"Set up a course" in the header', () => {
  it('opens the Course tab with the new-course form ready to fill in', async () => {
    const record = sampleRecord({ courses: [] });
    clientRecord.mockResolvedValue(record);
    render(ClientRecordView, { clientId: record.client.id, onclose: vi.fn() });

    await fireEvent.click(await screen.findByRole('button', { name: 'Set up a course' }));

    expect(screen.getByRole('tab', { name: 'Course' })).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByRole('button', { name: 'Start course' })).toBeInTheDocument();
    await waitFor(() => expect(document.activeElement?.id).toMatch(/^course-new/));
  });

  it('offers no "Set up a course" once the client has a course', async () => {
    const record = sampleRecord();
    clientRecord.mockResolvedValue(record);
    render(ClientRecordView, { clientId: record.client.id, onclose: vi.fn() });
    await screen.findByText(/^Next: session \d+$/);
    expect(screen.queryByRole('button', { name: 'Set up a course' })).not.toBeInTheDocument();
  });
});
